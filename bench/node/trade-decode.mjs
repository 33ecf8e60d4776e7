// pump TradeEvent decoding with pump.fun's own SDK (@pump-fun/pump-sdk 2.0.0, Anchor 0.31.1 coder),
// the peer of io.chainwatch.bench.solana.TradeEventDecodeBenchmark (issue 3). One op is one
// `Program data: <base64>` line: prefix check, base64, discriminator check, the SDK's decode.
//
//   node bench/node/trade-decode.mjs DIR [LAYOUT ...] [--warmup N:SECONDS] [--measure N:SECONDS] [--json FILE]
//
// DIR holds trade-LAYOUT.lines and trade-LAYOUT.expected.jsonl, written by
// `java -cp bench/target/benchmarks.jar io.chainwatch.bench.solana.TradeEventLines DIR`. Before timing,
// every line is decoded and all 34 IDL fields are compared with the expected values. Each iteration
// reports ops per wall second and per CPU-second (process.cpuUsage: the whole node process, GC
// threads included, like the JVM figure of CpuTimeProfiler); the summary gives the medians.
//
// The SDK decodes events with `PumpSdk.decodeTradeEventBc(payload)`: Anchor's
// `coder.types.decode("tradeEvent", ...)` with the IDL bundled in the SDK, retried by its
// decodeWithTrailingDefaults with 0 or 16 zero bytes appended (the IDL's layout with and without its
// last two fields). Mainnet's shorter layouts (129, 258, 266 and 267 bytes) make it throw a RangeError,
// so before calling it this script appends zeros to payloads shorter than the IDL's shortest
// encoding, as the SDK does for the layouts it knows; every missing field then decodes to its default,
// the value ours gives too. The zeros are written into a reused buffer, the cheapest way to do it.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadavg } from 'node:os';

// The SDK's ESM build fails to link under node 20 (@pump-fun/agent-payments-sdk imports BN by name from Anchor's
// CommonJS build): use the SDK's CommonJS build.
const require = createRequire(import.meta.url);
const { PUMP_SDK, pumpIdl } = require('@pump-fun/pump-sdk');
// The SDK's exports map hides its package.json: read the one beside its dist folder.
const SDK_VERSION = JSON.parse(readFileSync(join(dirname(require.resolve('@pump-fun/pump-sdk')), '..', 'package.json'), 'utf8')).version;
const ANCHOR_VERSION = require('@coral-xyz/anchor/package.json').version;

const PREFIX = 'Program data: ';
const DISCRIMINATOR = Buffer.from(pumpIdl.events.find((e) => e.name === 'TradeEvent').discriminator);
// The IDL's TradeEvent with an empty ix_name and no shareholders: 363 bytes after the discriminator.
const IDL_MIN_PAYLOAD = 363;
// Zeros appended to a shorter payload: enough for the oldest layout (121 bytes) to reach the IDL's shortest.
const PAD = IDL_MIN_PAYLOAD - 121;
const scratch = Buffer.alloc(64 * 1024);

/** The SDK's decoded TradeEvent of one line, or null when the line is not a TradeEvent. */
function decodeLine(line) {
  if (!line.startsWith(PREFIX)) {
    return null;
  }
  let end = line.indexOf(' ', PREFIX.length);
  if (end < 0) {
    end = line.length;
  }
  const n = scratch.write(line.substring(PREFIX.length, end), 0, 'base64');
  if (n < 8 || scratch.compare(DISCRIMINATOR, 0, 8, 0, 8) !== 0) {
    return null;
  }
  let length = n;
  if (n - 8 < IDL_MIN_PAYLOAD) {
    scratch.fill(0, n, n + PAD);
    length = n + PAD;
  }
  return PUMP_SDK.decodeTradeEventBc(scratch.subarray(8, length));
}

const camel = (snake) => snake.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The SDK's object in the expected file's form: IDL names, base58 keys, integers as decimal strings. */
function normalise(decoded, expected) {
  const out = {};
  for (const name of Object.keys(expected)) {
    const v = decoded[camel(name)];
    if (name === 'shareholders') {
      out[name] = v.map((s) => ({ address: s.address.toBase58(), share_bps: Number(s.shareBps) }));
    } else if (typeof v === 'boolean' || typeof v === 'string') {
      out[name] = v;
    } else if (v && typeof v.toBase58 === 'function') {
      out[name] = v.toBase58();
    } else {
      out[name] = v.toString(10);
    }
  }
  return out;
}

function checkEveryLine(layout, lines, expectedLines) {
  if (lines.length !== expectedLines.length) {
    throw new Error(`${layout}: ${lines.length} lines but ${expectedLines.length} expected values`);
  }
  for (let i = 0; i < lines.length; i++) {
    const expected = JSON.parse(expectedLines[i]);
    const decoded = decodeLine(lines[i]);
    if (decoded === null) {
      throw new Error(`${layout} line ${i}: not decoded`);
    }
    const got = JSON.stringify(normalise(decoded, expected));
    if (got !== JSON.stringify(expected)) {
      throw new Error(`${layout} line ${i}: the SDK decoded\n${got}\nexpected\n${JSON.stringify(expected)}`);
    }
  }
}

let sink = null;

function iteration(lines, seconds) {
  const mask = lines.length - 1;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  let now;
  do {
    for (let k = 0; k < 256; k++) {
      sink = decodeLine(lines[next]);
      next = (next + 1) & mask;
    }
    ops += 256;
  } while ((now = process.hrtime.bigint()) < deadline);
  const cpu = process.cpuUsage(cpuStart);
  const wallSeconds = Number(now - start) / 1e9;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { opsPerSecond: ops / wallSeconds, opsPerCpuSecond: ops / cpuSeconds, cores: cpuSeconds / wallSeconds };
}
let next = 0;

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function parseArgs(argv) {
  const options = { dir: null, layouts: [], warmup: [8, 3], measure: [5, 2], json: null };
  const times = (text) => {
    const [n, s] = text.split(':').map(Number);
    if (!(n >= 1 && s > 0)) {
      throw new Error(`expected ITERATIONS:SECONDS, got '${text}'`);
    }
    return [n, s];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--warmup') options.warmup = times(argv[++i]);
    else if (a === '--measure') options.measure = times(argv[++i]);
    else if (a === '--json') options.json = argv[++i];
    else if (options.dir === null) options.dir = a;
    else options.layouts.push(a);
  }
  if (options.dir === null) {
    console.error('usage: node bench/node/trade-decode.mjs DIR [LAYOUT ...] [--warmup N:SECONDS] [--measure N:SECONDS] [--json FILE]');
    process.exit(2);
  }
  if (options.layouts.length === 0) {
    options.layouts = ['CURRENT', 'MIXED', 'IDL'];
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const fmt = (x) => Math.round(x).toLocaleString('en-US');
console.log(`# pump-sdk ${SDK_VERSION}, anchor ${ANCHOR_VERSION}, node ${process.version}; warmup ${options.warmup.join(' x ')} s, measure ${options.measure.join(' x ')} s; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results = [];
for (const layout of options.layouts) {
  const read = (suffix) => readFileSync(join(options.dir, `trade-${layout}.${suffix}`), 'utf8').split('\n').filter((l) => l.length > 0);
  const lines = read('lines');
  if ((lines.length & (lines.length - 1)) !== 0) {
    throw new Error(`${layout}: ${lines.length} lines, not a power of two`);
  }
  checkEveryLine(layout, lines, read('expected.jsonl'));
  console.log(`${layout}: ${lines.length} lines, all decoded to the expected values`);
  next = 0;
  for (let i = 0; i < options.warmup[0]; i++) {
    const r = iteration(lines, options.warmup[1]);
    console.log(`  warmup ${i + 1}: ${fmt(r.opsPerSecond)} ops/s, ${fmt(r.opsPerCpuSecond)} ops/CPU-s, ${r.cores.toFixed(2)} cores`);
  }
  const measured = [];
  for (let i = 0; i < options.measure[0]; i++) {
    const r = iteration(lines, options.measure[1]);
    measured.push(r);
    console.log(`  iteration ${i + 1}: ${fmt(r.opsPerSecond)} ops/s, ${fmt(r.opsPerCpuSecond)} ops/CPU-s, ${r.cores.toFixed(2)} cores`);
  }
  const summary = {
    layout,
    opsPerSecond: median(measured.map((r) => r.opsPerSecond)),
    opsPerCpuSecond: median(measured.map((r) => r.opsPerCpuSecond)),
    cores: median(measured.map((r) => r.cores)),
    iterations: measured,
  };
  results.push(summary);
  console.log(`${layout} median: ${fmt(summary.opsPerSecond)} ops/s, ${fmt(summary.opsPerCpuSecond)} ops/CPU-s`);
}
if (sink === undefined) {
  console.log('unreachable: keeps the last result alive');
}
if (options.json !== null) {
  writeFileSync(options.json, JSON.stringify({ sdk: SDK_VERSION, anchor: ANCHOR_VERSION, node: process.version, results }, null, 2));
}
