#!/usr/bin/env bash
# pump TradeEvent decoding (issue 3): ours (JMH, TradeEventDecodeBenchmark) against pump.fun's SDK
# (@pump-fun/pump-sdk with Anchor's coder, under node: bench/node/trade-decode.mjs), on the same
# `Program data:` lines, in one run. Prints both sides' medians and ours ÷ SDK per CPU-second.
#
#   bench/run-trade-decode.sh [LAYOUT ...]        # CURRENT MIXED IDL by default
#
# Environment: WARMUP=ITERATIONS:SECONDS (8:3) and MEASURE=ITERATIONS:SECONDS (5:2), for both sides;
# OUT (bench/target/trade-decode) for the lines, the logs and the JSON results. Builds the benchmarks
# jar when it is missing, and installs the pinned npm packages when the SDK is missing.
# The layouts run one after the other, each as JMH then node, so each pair sees about the same load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/java-env.sh

layouts=("$@")
if [ ${#layouts[@]} -eq 0 ]; then
  layouts=(CURRENT MIXED IDL)
fi
warmup=${WARMUP:-8:3}
measure=${MEASURE:-5:2}
out=${OUT:-bench/target/trade-decode}
jar=bench/target/benchmarks.jar

if [ ! -f "$jar" ]; then
  mvn -B -ntp -q -DskipTests -pl bench -am install
fi
if [ ! -d node_modules/@pump-fun/pump-sdk ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p "$out"

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# $(date -u +%FT%TZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(load)"
echo "# $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), node $(node --version); warmup $warmup, measure $measure (iterations:seconds)"
"$JAVA_HOME/bin/java" -cp "$jar" io.chainwatch.bench.solana.TradeEventLines "$out" >/dev/null

for layout in "${layouts[@]}"; do
  echo "## $layout: ours (JMH), load average $(load)"
  "$JAVA_HOME/bin/java" -jar "$jar" 'io.chainwatch.bench.solana.TradeEventDecodeBenchmark.ours$' -p layout="$layout" \
      -f 1 -wi "${warmup%%:*}" -w "${warmup##*:}s" -i "${measure%%:*}" -r "${measure##*:}s" -t 1 \
      -prof io.chainwatch.bench.CpuTimeProfiler -rf json -rff "$out/jmh-$layout.json" \
      -jvmArgsAppend "-Xms1g -Xmx1g -Dchainwatch.bench.tradeLinesDir=$out" >"$out/jmh-$layout.log" 2>&1 \
    || { tail -30 "$out/jmh-$layout.log"; exit 1; }
  grep -E '^Iteration|^# Warmup Iteration' "$out/jmh-$layout.log" | sed 's/^/  /'
  echo "## $layout: pump-sdk (node), load average $(load)"
  node bench/node/trade-decode.mjs "$out" "$layout" --warmup "$warmup" --measure "$measure" --json "$out/node-$layout.json" \
      | tee "$out/node-$layout.log" | grep -v '^#' | sed 's/^/  /'
done
echo "# load average at the end $(load)"

# Medians of the measurement iterations; ratio = ours ÷ SDK, per CPU-second.
echo
printf '%-8s %14s %14s %16s %16s %10s  %s\n' layout 'ours ops/s' 'sdk ops/s' 'ours ops/CPU-s' 'sdk ops/CPU-s' 'ours÷sdk' 'goals (>= 5M/CPU-s, >= 20x)'
for layout in "${layouts[@]}"; do
  read -r ours ours_cpu < <(jq -r 'def median: sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
      .[0] | [(.primaryMetric.rawData|flatten|median), (.secondaryMetrics["thrpt.per.cpu.s"].rawData|flatten|median)] | @tsv' \
      "$out/jmh-$layout.json")
  read -r sdk sdk_cpu < <(jq -r '.results[0] | [.opsPerSecond, .opsPerCpuSecond] | @tsv' "$out/node-$layout.json")
  awk -v l="$layout" -v o="$ours" -v oc="$ours_cpu" -v s="$sdk" -v sc="$sdk_cpu" 'BEGIN {
    r = oc / sc
    printf "%-8s %14.0f %14.0f %16.0f %16.0f %9.1fx  %s, %s\n", l, o, s, oc, sc, r,
           (oc >= 5e6 ? "5M met" : "5M MISSED"), (r >= 20 ? "20x met" : "20x MISSED") }'
done
