#!/usr/bin/env bash
# Load on GET /api/v1/performance/metrics while the pipelines run: starts `chainwatch demo` (both
# simulators, the EVM and Solana pipelines, paper trading, the monitor sampling every 2 s), waits for
# its figures, then runs wrk on loopback three times and prints each run and the medians.
#   bench/wrk-performance-metrics.sh [duration-seconds] [connections] [threads]
# Needs wrk (Debian: apt-get install -y wrk). Goal (issue 5): at least 20,000 requests/s, p99 under 10 ms.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-20}
connections=${2:-32}
threads=${3:-2}
port=${PORT:-3092}
url="http://127.0.0.1:$port/api/v1/performance/metrics"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

data=$(mktemp -d /tmp/chainwatch-wrk.XXXXXX)
chmod 711 "$data" # the embedded PostgreSQL runs as nobody when we are root: it must pass through
log="$data/demo.log"
"$here/chainwatch" demo --port "$port" --data-dir "$data/demo" >"$log" 2>&1 &
demo=$!
cleanup() {
  kill "$demo" 2>/dev/null || true
  wait "$demo" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

echo "waiting for the demo's performance figures on $url ..."
for _ in $(seq 1 240); do
  if curl -sf "$url" 2>/dev/null | grep -q '"sequence":[3-9]'; then break; fi
  kill -0 "$demo" 2>/dev/null || { echo "demo exited:"; tail -30 "$log"; exit 1; }
  sleep 0.5
done
curl -sf "$url" | head -c 400; echo

echo "warm-up (${WARMUP:-20} s: the JIT compiles the request path)"
wrk -t"$threads" -c"$connections" -d"${WARMUP:-20}s" -H 'Accept-Encoding: gzip' "$url" >/dev/null

rps=()
p99=()
for run in 1 2 3; do
  echo "== run $run: wrk -t$threads -c$connections -d${duration}s --latency -H 'Accept-Encoding: gzip' $url"
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H 'Accept-Encoding: gzip' "$url")
  echo "$out"
  rps+=("$(echo "$out" | awk '/Requests\/sec/ {print $2}')")
  # wrk prints the 99th percentile in us, ms or s: normalise to ms
  p99+=("$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}')")
done
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
echo "demo still running: $(kill -0 "$demo" 2>/dev/null && echo yes || echo NO)"
curl -sf "$url" | grep -o '"pipelines":\[[^]]*\]' | head -c 600; echo
echo "requests/s per run: ${rps[*]}   median: $(median "${rps[@]}")"
echo "p99 ms per run:     ${p99[*]}   median: $(median "${p99[@]}")"
