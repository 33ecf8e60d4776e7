/*
 * chainwatch operator dashboard. Plain script, no build step; uPlot (WebJar) draws the charts.
 * Live figures come from the server's snapshot stream (GET /api/v1/stream, server-sent events), or from
 * polling GET /api/v1/snapshot when streaming fails or the server refuses another stream (503).
 * Every value from the server is written with textContent, never as HTML.
 */
'use strict';

(() => {
  // ---------------------------------------------------------------------------------------------
  // The adapter: the APIs this page reads beyond its own snapshot, and the shapes it expects of them.
  // The performance and alert APIs may be absent (404): their parts then show "not available".
  // Adjust the paths and the read() functions here when those APIs land or change; nothing else
  // in this file knows their shapes.
  // ---------------------------------------------------------------------------------------------
  const API = {
    stream: '/api/v1/stream',
    snapshot: '/api/v1/snapshot',
    emergencyStop: '/api/v1/risk/emergency-stop',

    /** GET current figures; read() gives {throughput, throughputUnit, latencyP99Ms, stages, lag, coverage, grades, bottleneck}. */
    performance: {
      url: '/api/v1/performance/metrics',
      read(j) {
        const pipelines = Array.isArray(j.pipelines) ? j.pipelines : [];
        const grades = Array.isArray(j.grades) ? j.grades : [];
        const latency = grades.find((g) => g.target === 'p99_latency');
        const coverages = pipelines.map((p) => num(p.coverage)).filter((c) => c !== null);
        const lags = pipelines.map((p) => num(p.lag)).filter((l) => l !== null);
        return {
          throughput: pipelines.length ? pipelines.reduce((sum, p) => sum + (num(p.eventsPerSecond) ?? 0), 0) : null,
          throughputUnit: 'events/s',
          latencyP99Ms: latency ? num(latency.value) : null,
          stages: (Array.isArray(j.stages) ? j.stages : []).map((s) => ({ name: s.chain + '/' + s.stage, p99Ms: num(s.p99Ms) }))
            .filter((s) => s.p99Ms !== null),
          lag: lags.length ? Math.max(...lags) : null,
          coverage: coverages.length ? Math.min(...coverages) : null,
          grades: grades.map((g) => ({
            name: String(g.target).replace(/_/g, ' '),
            value: g.value,
            target: g.comparison + ' ' + g.limit + ' ' + g.unit,
            grade: String(g.verdict ?? ''),
          })),
          bottleneck: j.bottleneck ?? null,
        };
      },
    },

    /** GET a downsampled history to fill the charts at load; read() gives [{at: ms, throughput, latencyP99Ms, lag, coverage}]. */
    history: {
      url(fromMs, toMs, stepSeconds) {
        return `/api/v1/performance/history?from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}&step=${stepSeconds}s`;
      },
      read(j) {
        // One series per figure, each [{at, mean, ...}]: joined into one point per time.
        const byAt = new Map();
        const put = (at, key, v) => {
          const t = Date.parse(at);
          if (!Number.isFinite(t)) return;
          const p = byAt.get(t) || { at: t, throughput: null, latencyP99Ms: null, lag: null, coverage: null };
          p[key] = key === 'lag' ? Math.max(p.lag ?? 0, v) : v;
          byAt.set(t, p);
        };
        for (const series of Array.isArray(j.series) ? j.series : []) {
          const m = String(series.metric);
          const key = m === 'throughput.events_per_s' ? 'throughput' : m === 'latency.p99_ms' ? 'latencyP99Ms'
            : m === 'coverage.slots' ? 'coverage' : /^pipeline\..*\.lag$/.test(m) ? 'lag' : null;
          if (!key) continue;
          for (const pt of series.points || []) put(pt.at, key, num(pt.mean));
        }
        return [...byAt.values()].sort((a, b) => a.at - b.at);
      },
    },

    /** GET the alert history, newest first; read() gives [{at, severity, state, name, summary}]. */
    alerts: {
      url: '/api/v1/alerts?limit=50',
      read(j) {
        return (Array.isArray(j) ? j : []).map((a) => ({
          at: a.at ?? a.startsAt,
          severity: String(a.severity ?? ''),
          state: String(a.status ?? ''),
          name: String(a.name ?? ''),
          summary: String(a.summary ?? ''),
        }));
      },
    },
  };

  function num(v) {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : null;
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting and DOM helpers
  // ---------------------------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'tone') e.dataset.tone = v;
      else if (k === 'title') e.title = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }
  function fmt(v, digits = 2) {
    const n = num(v);
    if (n === null) return '–';
    const abs = Math.abs(n);
    if (abs >= 1e9) return (n / 1e9).toFixed(2) + 'G';
    if (abs >= 1e6) return (n / 1e6).toFixed(2) + 'M';
    if (abs >= 1e4) return (n / 1e3).toFixed(1) + 'k';
    return n.toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  /** A whole number in full (block and slot numbers, counts), with thousands separators. */
  function whole(v) {
    const n = num(v);
    return n === null ? '–' : Math.round(n).toLocaleString('en-US');
  }
  function pct(v, digits = 1) {
    const n = num(v);
    return n === null ? '–' : (n * 100).toFixed(digits) + '%';
  }
  function clock(ms) {
    return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
  }
  function time(v) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? '–' : d.toLocaleTimeString('en-GB', { hour12: false });
  }
  function short(s, head = 6, tail = 4) {
    if (!s) return '–';
    return s.length <= head + tail + 1 ? s : s.slice(0, head) + '…' + s.slice(-tail);
  }
  function badge(text, tone) {
    return el('span', { class: 'badge', tone: tone || toneOf(text) }, text);
  }
  function toneOf(text) {
    const t = String(text || '').toUpperCase();
    if (['UP', 'ACTIVE', 'CLOSED', 'HEALTHY', 'APPROVED', 'FILLED', 'TRADING', 'RESOLVED', 'PASS', 'OK', 'A', 'B'].includes(t)) return 'good';
    if (['DEGRADED', 'REDUCING', 'HALF_OPEN', 'PROBING', 'SKIPPED', 'WARNING', 'CREATED', 'C', 'D', 'WARN'].includes(t)) return 'warn';
    if (['DOWN', 'HALTED', 'OPEN', 'BENCHED', 'REJECTED', 'FAILED', 'ERROR', 'CRITICAL', 'FIRING', 'FAIL', 'E', 'F'].includes(t)) return 'bad';
    if (['COMPLETE', 'MIGRATED', 'INFO'].includes(t)) return 'info';
    return 'muted';
  }
  function bar(fraction, tone) {
    const f = Math.max(0, Math.min(1, num(fraction) ?? 0));
    const fill = el('i');
    fill.style.width = (f * 100).toFixed(1) + '%';
    return el('span', { class: 'bar', tone: tone || 'info' }, fill);
  }
  function fillTable(id, rows, emptyText, columns) {
    const body = $(id).tBodies[0];
    if (!rows.length) {
      body.replaceChildren(el('tr', {}, el('td', { class: 'empty', colspan: String(columns) }, emptyText)));
      return;
    }
    body.replaceChildren(...rows);
  }
  function cell(content, cls) {
    return el('td', cls ? { class: cls } : {}, content);
  }
  function setKpi(name, value, sub, tone) {
    const v = $('kpi-' + name);
    v.textContent = value;
    if (tone) v.dataset.tone = tone; else delete v.dataset.tone;
    $('kpi-' + name + '-sub').textContent = sub || '';
  }

  // ---------------------------------------------------------------------------------------------
  // Charts: a rolling window of live points per chart, one series per name seen.
  // ---------------------------------------------------------------------------------------------
  const WINDOW_POINTS = 600; // 10 minutes at one point a second
  const COLORS = ['#4f9cf9', '#3fb950', '#d29922', '#bc8cff', '#f778ba', '#56d4dd'];

  class LiveChart {
    /** @param range (min, max) of the data to [low, high] of the y axis */
    constructor(id, unit, format, range) {
      this.box = $(id);
      this.unit = unit;
      this.format = format;
      this.range = range;
      this.names = [];
      this.xs = [];
      this.ys = new Map();
      this.plot = null;
      new ResizeObserver(() => this.resize()).observe(this.box);
    }
    /** Adds one point at time ms (epoch); values: {seriesName: number|null}. */
    push(ms, values) {
      if (this.xs.length && ms / 1000 <= this.xs[this.xs.length - 1]) return; // late answers arrive out of order
      const names = Object.keys(values);
      const added = names.filter((n) => !this.ys.has(n));
      for (const n of added) this.ys.set(n, this.xs.map(() => null));
      this.xs.push(ms / 1000);
      for (const [n, arr] of this.ys) arr.push(num(values[n]));
      if (this.xs.length > WINDOW_POINTS) {
        this.xs.shift();
        for (const arr of this.ys.values()) arr.shift();
      }
      if (added.length || !this.plot) this.rebuild(); else this.plot.setData(this.data());
    }
    /** Forgets every series (the source changed, e.g. the performance API appeared). */
    reset() {
      this.xs = [];
      this.ys = new Map();
      if (this.plot) { this.plot.destroy(); this.plot = null; }
      this.box.replaceChildren();
    }
    data() {
      return [this.xs, ...this.ys.values()];
    }
    size() {
      const w = Math.max(200, this.box.clientWidth);
      return { width: w, height: w < 480 ? 170 : 200 };
    }
    resize() {
      if (this.plot) this.plot.setSize(this.size());
    }
    rebuild() {
      if (typeof uPlot === 'undefined') return;
      if (this.plot) this.plot.destroy();
      this.box.replaceChildren();
      const fmtValue = (u, v) => (v === null || v === undefined ? '–' : this.format(v));
      const axis = { stroke: '#8b97a8', grid: { stroke: '#1f2835', width: 1 }, ticks: { stroke: '#263041', width: 1 }, font: '11px system-ui, sans-serif' };
      this.plot = new uPlot({
        ...this.size(),
        cursor: { drag: { x: false, y: false } },
        legend: { live: false },
        scales: { x: { time: true }, y: { range: (u, min, max) => this.range(min ?? 0, max ?? 0) } },
        axes: [
          { ...axis, space: 70, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600], values: (u, ticks) => ticks.map((t) => clock(t * 1000)) },
          { ...axis, size: 56, values: (u, ticks) => ticks.map((t) => this.format(t)), label: this.unit, labelSize: 14, labelFont: '11px system-ui, sans-serif' },
        ],
        series: [
          { value: (u, v) => (v ? new Date(v * 1000).toLocaleTimeString('en-GB', { hour12: false }) : '–') },
          ...[...this.ys.keys()].map((name, i) => ({
            label: name, stroke: COLORS[i % COLORS.length], width: 1.6, spanGaps: false, points: { show: false }, value: fmtValue,
          })),
        ],
      }, this.data(), this.box);
    }
  }

  const charts = {
    throughput: new LiveChart('chart-throughput', 'per second', (v) => fmt(v, 1), (min, max) => [0, Math.max(1, max * 1.15)]),
    latency: new LiveChart('chart-latency', 'ms', (v) => fmt(v, 1), (min, max) => [0, Math.max(10, max * 1.15)]),
    lag: new LiveChart('chart-lag', 'blocks / slots', (v) => fmt(v, 0), (min, max) => [0, Math.max(5, Math.ceil(max * 1.2))]),
    coverage: new LiveChart('chart-coverage', '%', (v) => (num(v) === null ? '–' : v.toFixed(1)),
      (min, max) => [Math.min(99, Math.floor(min)), 100.2]),
  };

  // ---------------------------------------------------------------------------------------------
  // Optional APIs: absent (404) until their modules land
  // ---------------------------------------------------------------------------------------------
  const RECHECK_ABSENT_MS = 60_000;
  const optional = {
    performance: { state: 'unknown', checkedAt: 0, value: null },
    alerts: { state: 'unknown', checkedAt: 0, value: null },
  };

  /** Fetches an optional API; returns its read() value, or null when absent or failing (state says which). */
  async function fetchOptional(name, url, read) {
    const o = optional[name];
    if (o.state === 'absent' && Date.now() - o.checkedAt < RECHECK_ABSENT_MS) return null;
    o.checkedAt = Date.now();
    try {
      const r = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (r.status === 404) { o.state = 'absent'; o.value = null; return null; }
      if (!r.ok) { o.state = 'error'; o.error = 'HTTP ' + r.status; return null; }
      o.value = read(await r.json());
      o.state = 'available';
      return o.value;
    } catch (e) {
      o.state = 'error';
      o.error = e.message;
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Live snapshots: stream, or poll when the stream fails
  // ---------------------------------------------------------------------------------------------
  const POLL_MS = 2000;
  const RETRY_STREAM_MS = 30_000;
  let source = null;
  let pollTimer = null;
  let previous = null;
  let lastSeen = 0;
  let perfSource = null;

  function setLink(text, tone, title) {
    const l = $('link');
    l.textContent = text;
    l.dataset.tone = tone;
    l.title = title;
  }

  function stream() {
    if (typeof EventSource === 'undefined') { poll(); return; }
    let errors = 0;
    source = new EventSource(API.stream);
    source.addEventListener('snapshot', (e) => {
      errors = 0;
      setLink('live', 'good', 'server-sent events from ' + API.stream);
      onSnapshot(JSON.parse(e.data));
    });
    source.onerror = () => {
      errors++;
      // A refused stream (503: too many clients) closes for good; a broken one retries a few times first.
      if (source.readyState === EventSource.CLOSED || errors >= 3) {
        source.close();
        source = null;
        poll();
      }
    };
  }

  function poll() {
    setLink('polling', 'warn', 'the live stream is not available: polling ' + API.snapshot + ' every ' + POLL_MS / 1000 + ' s');
    const started = Date.now();
    const tick = async () => {
      try {
        const r = await fetch(API.snapshot, { cache: 'no-store' });
        if (!r.ok) throw new Error('HTTP ' + r.status);
        onSnapshot(await r.json());
        setLink('polling', 'warn', 'the live stream is not available: polling ' + API.snapshot + ' every ' + POLL_MS / 1000 + ' s');
      } catch (e) {
        setLink('offline', 'bad', 'the server does not answer: ' + e.message);
      }
      if (Date.now() - started > RETRY_STREAM_MS) { pollTimer = null; stream(); return; }
      pollTimer = setTimeout(tick, POLL_MS);
    };
    tick();
  }

  // A stale page says so: no snapshot for three intervals.
  setInterval(() => {
    if (lastSeen && Date.now() - lastSeen > 3500) setLink('stale', 'bad', 'no new figures for ' + Math.round((Date.now() - lastSeen) / 1000) + ' s');
  }, 1000);

  async function onSnapshot(s) {
    lastSeen = Date.now();
    const at = Date.parse(s.at);
    $('updated').textContent = 'updated ' + time(at);
    const chains = (s.health && s.health.chains) || [];
    const overall = s.health && s.health.status || 'DOWN';
    const o = $('overall');
    o.textContent = overall;
    o.dataset.tone = toneOf(overall);
    const derived = derive(s, previous);
    previous = s;
    const perf = await fetchOptional('performance', API.performance.url, API.performance.read);
    showFigures(at, derived, perf);
    showGrades(perf);
    renderChains(chains);
    renderEndpoints(s.endpoints || []);
    renderCurves(s.solana);
    renderPools(s.pools);
    renderTrading(s.trading);
    if (s.seq % 5 === 1) refreshAlerts();
  }

  /** Figures this page can work out from two snapshots when the performance API is absent. */
  function derive(s, prev) {
    const chains = (s.health && s.health.chains) || [];
    const prevChains = new Map(((prev && prev.health && prev.health.chains) || []).map((c) => [c.chain, c]));
    const dt = prev ? (Date.parse(s.at) - Date.parse(prev.at)) / 1000 : 0;
    const rate = (now, before) => (dt > 0 && num(now) !== null && num(before) !== null ? Math.max(0, (now - before) / dt) : null);
    const throughput = {};
    const lag = {};
    const latency = {};
    let coverage = null;
    for (const c of chains) {
      const p = prevChains.get(c.chain);
      if (c.kind === 'solana') {
        throughput['solana events/s'] = rate(c.storedEvents, p && p.storedEvents);
        throughput['solana slots/s'] = rate(c.delivered, p && p.delivered);
        lag['solana slots'] = num(c.lag);
        coverage = num(c.coverage);
      } else {
        throughput[c.chain + ' blocks/s'] = rate(c.processed, p && p.processed);
        lag[c.chain + ' blocks'] = num(c.lag);
      }
    }
    // The endpoint each chain reads from now is its best-scored usable one: its p99 is the latency seen.
    const best = new Map();
    for (const e of s.endpoints || []) {
      if (!e.usable || e.transport === 'websocket' || num(e.latencyMs && e.latencyMs.p99) === null) continue;
      const b = best.get(e.chain);
      if (!b || e.score > b.score) best.set(e.chain, e);
    }
    for (const [chain, e] of best) latency[chain + ' rpc'] = e.latencyMs.p99;
    return { throughput, lag, latency, coverage };
  }

  function showFigures(at, d, perf) {
    const source = perf ? 'performance' : 'derived';
    if (source !== perfSource) {
      Object.values(charts).forEach((c) => c.reset());
      perfSource = source;
      const note = perf ? 'from ' + API.performance.url : 'from health and endpoints (performance API not available)';
      for (const id of ['src-throughput', 'src-latency', 'src-lag', 'src-coverage']) $(id).textContent = note;
    }
    if (perf) {
      const stages = Object.fromEntries(perf.stages.map((st) => [st.name, st.p99Ms]));
      charts.throughput.push(at, { [perf.throughputUnit]: perf.throughput });
      charts.latency.push(at, perf.stages.length ? stages : { 'p99 ms': perf.latencyP99Ms });
      charts.lag.push(at, { lag: perf.lag });
      charts.coverage.push(at, { coverage: perf.coverage === null ? null : perf.coverage * 100 });
      setKpi('throughput', fmt(perf.throughput, 1) + ' ' + perf.throughputUnit, 'target above 100 tx/s');
      setKpi('latency', fmt(perf.latencyP99Ms, 1) + ' ms', perf.bottleneck ? 'bottleneck: ' + perf.bottleneck : 'ingest to decision',
        perf.latencyP99Ms === null ? null : perf.latencyP99Ms < 100 ? 'good' : 'bad');
      setKpi('lag', fmt(perf.lag, 0), 'behind the tip');
      setKpi('coverage', pct(perf.coverage, 2), 'target above 99.9%', perf.coverage === null ? null : perf.coverage >= 0.999 ? 'good' : 'warn');
      return;
    }
    charts.throughput.push(at, d.throughput);
    charts.latency.push(at, d.latency);
    charts.lag.push(at, d.lag);
    charts.coverage.push(at, { 'solana coverage': d.coverage === null ? null : d.coverage * 100 });
    const tp = Object.entries(d.throughput).filter(([, v]) => v !== null);
    const main = tp.find(([n]) => n === 'solana events/s') || tp[0];
    setKpi('throughput', main ? fmt(main[1], 1) + '/s' : '–', tp.map(([n, v]) => fmt(v, 1) + ' ' + n).join(' · '));
    const lat = Object.entries(d.latency);
    const worst = lat.reduce((m, [, v]) => Math.max(m, v), -Infinity);
    setKpi('latency', lat.length ? fmt(worst, 0) + ' ms' : '–', lat.map(([n, v]) => n + ' ' + fmt(v, 0) + ' ms').join(' · '),
      lat.length ? (worst < 100 ? 'good' : 'warn') : null);
    const lags = Object.entries(d.lag).filter(([, v]) => v !== null);
    const maxLag = lags.reduce((m, [, v]) => Math.max(m, v), 0);
    setKpi('lag', lags.length ? fmt(maxLag, 0) : '–', lags.map(([n, v]) => fmt(v, 0) + ' ' + n).join(' · '));
    setKpi('coverage', pct(d.coverage, 2), d.coverage === null ? 'no Solana feed' : 'target above 99.9%',
      d.coverage === null ? null : d.coverage >= 0.999 ? 'good' : 'warn');
  }

  function showGrades(perf) {
    const box = $('grades');
    if (!perf) {
      $('src-grades').textContent = '';
      box.replaceChildren(el('p', { class: 'unavailable' }, optional.performance.state === 'absent'
        ? 'not available: this server has no ' + API.performance.url + ' yet'
        : 'not available: ' + (optional.performance.error || 'no answer')));
      return;
    }
    $('src-grades').textContent = 'from ' + API.performance.url;
    const tiles = perf.grades.map((g) => el('div', { class: 'grade' },
      el('div', { class: 'g-name' }, g.name),
      el('div', { class: 'g-value' }, typeof g.value === 'number' ? fmt(g.value, 2) : String(g.value ?? '–'), ' ', badge(g.grade || '–')),
      el('div', { class: 'muted small' }, g.target === undefined ? '' : 'target ' + String(g.target))));
    if (perf.bottleneck) tiles.push(el('div', { class: 'bottleneck' }, 'Bottleneck: ', el('strong', {}, String(perf.bottleneck))));
    box.replaceChildren(...(tiles.length ? tiles : [el('p', { class: 'muted' }, 'no grades reported')]));
  }

  // ---------------------------------------------------------------------------------------------
  // Tables
  // ---------------------------------------------------------------------------------------------
  function renderChains(chains) {
    fillTable('chains', chains.map((c) => {
      const solana = c.kind === 'solana';
      return el('tr', { title: (c.reasons || []).join('; ') },
        cell(c.chain), cell(badge(c.status)),
        cell(whole(solana ? c.checkpoint : c.processed), 'num'), cell(whole(c.lag), 'num'),
        cell(whole(solana ? c.openGapSlots : c.openGapBlocks), 'num opt'),
        cell(solana ? whole(c.lost) + ' lost' : whole(c.reorgs) + (c.reorgs === 1 ? ' reorg' : ' reorgs'), 'num opt'),
        cell(c.endpointsUsable + ' / ' + c.endpointsTotal, 'num'));
    }), 'no chain is configured', 7);
  }

  function renderEndpoints(endpoints) {
    fillTable('endpoints', endpoints.map((e) => {
      const score = num(e.score);
      const scoreTone = score === null ? 'muted' : score >= 0.7 ? 'good' : score >= 0.4 ? 'warn' : 'bad';
      return el('tr', { title: e.lastFailure ? 'last failure: ' + e.lastFailure : '' },
        cell(e.chain), cell(el('span', { class: 'mono', title: e.url || '' }, e.id)),
        cell(e.transport, 'opt'), cell(e.region, 'opt'), cell(badge(e.state)), cell(badge(e.breaker)),
        cell([bar(score, scoreTone), fmt(score, 2)].reduce((f, n) => (f.append(n), f), document.createDocumentFragment()), 'num'),
        cell(fmt(e.latencyMs && e.latencyMs.p99, 0), 'num'), cell(pct(e.errorRate), 'num opt'), cell(whole(e.requests), 'num opt'));
    }), 'no endpoint is configured', 10);
  }

  function renderCurves(solana) {
    const count = $('curves-count');
    if (!solana) { count.textContent = ''; fillTable('curves', [], 'not available: Solana is not configured', 5); return; }
    count.textContent = fmt(solana.curvesKnown, 0) + ' in the book';
    if (solana.error) { fillTable('curves', [], solana.error, 5); return; }
    fillTable('curves', (solana.curves || []).map((c) => {
      const f = num(c.progress && c.progress.fraction);
      const t = c.lastTrade;
      return el('tr', {},
        cell(el('span', { class: 'mono', title: c.mint }, short(c.mint))), cell(badge(c.status)),
        cell([bar(f, f !== null && f >= 1 ? 'good' : 'info'), pct(f, 0)].reduce((x, n) => (x.append(n), x), document.createDocumentFragment())),
        cell(fmt(c.marketCapSol, 1), 'num'),
        cell(t ? t.side + ' ' + fmt(Number(t.solLamports) / 1e9, 3) + ' SOL' : '–', 'opt'));
    }), 'no curve seen yet', 5);
  }

  function renderPools(pools) {
    const count = $('pools-count');
    if (!pools) { count.textContent = ''; fillTable('pools', [], 'not available', 5); return; }
    count.textContent = pools.total + ' watched';
    fillTable('pools', (pools.pools || []).map((p) => el('tr', {},
      cell(p.dex), cell(el('span', { class: 'mono', title: p.address }, short(p.address))),
      cell(el('span', { class: 'mono' }, short(p.token0, 4, 3) + ' / ' + short(p.token1, 4, 3)), 'opt'),
      cell(p.price === null ? '–' : Number(p.price).toPrecision(5), 'num'), cell(whole(p.blockNumber), 'num'))),
    'no pool seen yet', 5);
  }

  function renderTrading(trading) {
    const stopButton = $('stop-button');
    if (!trading) {
      stopButton.disabled = true;
      $('risk-state').textContent = 'not trading';
      $('risk-state').dataset.tone = 'muted';
      $('risk-reasons').textContent = 'not available: this chainwatch has no risk section, so nothing trades';
      $('risk-usage').replaceChildren();
      setKpi('risk', 'off', 'nothing trades');
      fillTable('opportunities', [], 'not available: nothing trades', 4);
      fillTable('trades', [], 'not available: nothing trades', 4);
      return;
    }
    stopButton.disabled = false;
    renderRisk(trading.risk);
    fillTable('opportunities', (trading.opportunities || []).map((o) => el('tr', {},
      cell(time(o.at)), cell(badge(o.outcome)),
      cell(fmt(o.route && o.route.netUsd, 2), 'num'),
      cell(o.skipped || (o.decision && o.decision.reason) || '', 'wrap'))), 'no opportunity yet', 4);
    fillTable('trades', (trading.trades || []).map((t) => el('tr', {},
      cell(time(t.completedAt || t.startedAt)), cell(badge(t.status)),
      cell(fmt(t.realizedUsd, 2), 'num'), cell(t.error || (t.execution && t.execution.failure) || '', 'opt wrap'))), 'no trade yet', 4);
  }

  function renderRisk(r) {
    const state = $('risk-state');
    state.textContent = r.state;
    state.dataset.tone = toneOf(r.state);
    setKpi('risk', r.state, r.emergencyStop ? 'emergency stop' : 'equity ' + fmt(r.usage.equity, 0), toneOf(r.state));
    const reasons = r.stopReasons || [];
    $('risk-reasons').textContent = reasons.length ? 'Why: ' + reasons.join('; ') : 'No limit is holding trading back.';
    const live = r.limits.live;
    const u = r.usage;
    const rows = [
      ['Daily loss', num(u.lossToday) / num(live.maxDailyLoss), fmt(u.lossToday, 0) + ' of ' + fmt(live.maxDailyLoss, 0)],
      ['Drawdown', num(u.drawdown) / num(live.maxDrawdown), pct(u.drawdown) + ' of ' + pct(live.maxDrawdown)],
      ['Losses in a row', num(u.consecutiveLosses) / num(live.maxConsecutiveLosses), u.consecutiveLosses + ' of ' + live.maxConsecutiveLosses],
      ['Total loss', Math.max(0, num(u.totalLoss)) / num(live.emergencyStopLoss),
        num(u.totalLoss) > 0 ? fmt(u.totalLoss, 0) + ' of ' + fmt(live.emergencyStopLoss, 0) : 'none (up ' + fmt(-num(u.totalLoss), 0) + ')'],
      ['Open trades', null, String(u.openTrades)],
    ];
    $('risk-usage').replaceChildren(...rows.map(([name, f, text]) => {
      const tone = f === null ? 'muted' : f >= 0.9 ? 'bad' : f >= 0.6 ? 'warn' : 'good';
      return el('div', { class: 'usage-row' }, el('span', {}, name), f === null ? el('span') : bar(f, tone), el('span', { class: 'figure' }, text));
    }));
  }

  async function refreshAlerts() {
    const alerts = await fetchOptional('alerts', API.alerts.url, API.alerts.read);
    if (!alerts) {
      $('src-alerts').textContent = '';
      fillTable('alerts', [], optional.alerts.state === 'absent'
        ? 'not available: this server has no ' + API.alerts.url.split('?')[0] + ' yet'
        : 'not available: ' + (optional.alerts.error || 'no answer'), 5);
      return;
    }
    $('src-alerts').textContent = 'from ' + API.alerts.url.split('?')[0];
    fillTable('alerts', alerts.map((a) => el('tr', {},
      cell(time(a.at)), cell(badge(a.severity)), cell(badge(a.state)), cell(a.name), cell(a.summary, 'opt wrap'))), 'no alert', 5);
  }

  // ---------------------------------------------------------------------------------------------
  // History at load, when the performance API has it
  // ---------------------------------------------------------------------------------------------
  async function loadHistory() {
    const now = Date.now();
    try {
      const r = await fetch(API.history.url(now - WINDOW_POINTS * 1000, now, 5), { cache: 'no-store' });
      if (!r.ok) return;
      const points = API.history.read(await r.json());
      if (!points.length) return;
      perfSource = 'performance';
      for (const id of ['src-throughput', 'src-latency', 'src-lag', 'src-coverage']) $(id).textContent = 'from ' + API.performance.url;
      for (const p of points) {
        charts.throughput.push(p.at, { 'tx/s': p.throughput });
        charts.latency.push(p.at, { 'p99 ms': p.latencyP99Ms });
        charts.lag.push(p.at, { lag: p.lag });
        charts.coverage.push(p.at, { coverage: p.coverage === null ? null : p.coverage * 100 });
      }
    } catch (e) {
      // No history: the charts fill from now on.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Emergency stop: the token is read from the dialog, sent once, and cleared; never stored.
  // ---------------------------------------------------------------------------------------------
  function setupEmergencyStop() {
    const dialog = $('stop-dialog');
    const form = $('stop-form');
    const token = $('stop-token');
    const error = $('stop-error');
    const close = () => { token.value = ''; error.hidden = true; dialog.close(); };
    $('stop-button').addEventListener('click', () => {
      error.hidden = true;
      token.value = '';
      dialog.showModal();
      token.focus();
    });
    $('stop-cancel').addEventListener('click', close);
    dialog.addEventListener('close', () => { token.value = ''; });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
      if (token.value.trim()) headers.Authorization = 'Bearer ' + token.value.trim();
      token.value = '';
      const confirm = $('stop-confirm');
      confirm.disabled = true;
      try {
        const r = await fetch(API.emergencyStop, {
          method: 'POST', headers, cache: 'no-store', credentials: 'omit',
          body: JSON.stringify({ reason: $('stop-reason').value.trim() || 'stopped from the dashboard' }),
        });
        const body = await r.json().catch(() => ({}));
        if (r.ok) {
          close();
          showStopResult('Trading stopped: ' + (body.state || 'HALTED') + '.', 'good');
          if (body.state) renderRisk(body);
          return;
        }
        const why = body.error || r.statusText || 'refused';
        const text = r.status === 401 ? 'Refused (401 Unauthorized): ' + why + '. Trading was not stopped.'
          : 'Refused (' + r.status + '): ' + why + '. Trading was not stopped.';
        error.textContent = text;
        error.hidden = false;
        showStopResult(text, 'bad');
      } catch (err) {
        error.textContent = 'The server did not answer: ' + err.message + '. Trading may not be stopped.';
        error.hidden = false;
      } finally {
        confirm.disabled = false;
      }
    });
  }

  function showStopResult(text, tone) {
    const p = $('stop-result');
    p.textContent = text;
    p.dataset.tone = tone;
    p.hidden = false;
  }

  setupEmergencyStop();
  refreshAlerts();
  loadHistory().finally(stream);
})();
