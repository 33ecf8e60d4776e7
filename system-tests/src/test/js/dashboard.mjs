// Drives the operator's dashboard in Debian's chromium (headless) through Playwright, against a running
// chainwatch. Usage: node dashboard.mjs <base URL> <folder for screenshots> [chromium executable]
// Prints one JSON line with what it saw ({"ok": true, ...} when every check passed) and exits 0, or 1
// when a check failed (the line then says which in "failures"). DashboardBrowserTest runs it.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, outDir, executable = '/usr/bin/chromium'] = process.argv.slice(2);
if (!base || !outDir) {
  console.error('usage: node dashboard.mjs <base URL> <screenshot folder> [chromium]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const origin = new URL(base).origin;
const result = { ok: false, failures: [], screenshots: [], foreignRequests: [], consoleErrors: [] };
const fail = (what) => result.failures.push(what);

// Flags for a root user in a container with no display, GPU or network beyond loopback.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/** A fresh browser profile in a new folder (Playwright passes it as --user-data-dir). */
async function browser(options) {
  const profile = mkdtempSync(join(tmpdir(), 'chainwatch-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable, headless: true, args: ARGS, timeout: 60_000, ...options,
  });
  // Nothing but our server: a request elsewhere is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
    result.foreignRequests.push(url);
    return route.abort();
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** Console errors fail the run, except the expected ones: 404 from APIs not built yet, 401 for the refused stop. */
function watch(page) {
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[14] /.test(m.text())) result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.consoleErrors.push('page error: ' + e.message));
}

/** Waits for the first live snapshot to be drawn: the link pill says how figures come, the tables have rows. */
async function loaded(page) {
  await page.goto(base, { waitUntil: 'load' });
  await page.waitForFunction(() => ['live', 'polling'].includes(document.getElementById('link').textContent), null, { timeout: 30_000 });
  await page.waitForFunction(() => document.querySelectorAll('#endpoints tbody tr td:not(.empty)').length > 0
    && document.querySelectorAll('.chart canvas').length >= 4, null, { timeout: 30_000 });
}

const figures = (page) => page.evaluate(() => {
  const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent.trim());
  return {
    link: document.getElementById('link').textContent,
    overall: document.getElementById('overall').textContent,
    updated: document.getElementById('updated').textContent,
    kpis: Object.fromEntries(['throughput', 'latency', 'lag', 'coverage', 'risk'].map((k) => [k, document.getElementById('kpi-' + k).textContent])),
    chainTips: text('#chains tbody tr td:nth-child(3)'),
    endpoints: document.querySelectorAll('#endpoints tbody tr td:not(.empty)').length ? document.querySelectorAll('#endpoints tbody tr').length : 0,
    pools: document.querySelectorAll('#pools tbody tr td:not(.empty)').length ? document.querySelectorAll('#pools tbody tr').length : 0,
    curves: document.querySelectorAll('#curves tbody tr td:not(.empty)').length ? document.querySelectorAll('#curves tbody tr').length : 0,
    charts: document.querySelectorAll('.chart canvas').length,
    riskState: document.getElementById('risk-state').textContent,
    alerts: text('#alerts tbody tr')[0] || '',
    grades: document.getElementById('grades').textContent.trim(),
  };
});

/** Bytes the page moved over the wire (compressed), by the browser's own resource timing. */
const weight = (page) => page.evaluate(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource').filter((r) => !r.name.includes('/api/'));
  return { transferBytes: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),
    decodedBytes: nav.decodedBodySize + res.reduce((s, r) => s + r.decodedBodySize, 0), files: res.length + 1 };
});

async function desktop() {
  const { context, close } = await browser({ viewport: { width: 1440, height: 1000 } });
  try {
    const page = context.pages()[0] || await context.newPage();
    watch(page);
    await loaded(page);
    const first = await figures(page);
    result.desktop = first;
    result.pageWeight = await weight(page);
    if (first.kpis.throughput === '–' && first.kpis.lag === '–') fail('no key figure is shown');
    if (first.endpoints < 1) fail('the endpoint table is empty');
    if (first.charts < 4) fail('fewer than four charts are drawn: ' + first.charts);
    // The performance monitor's grades and the alert history come from their own APIs.
    await page.waitForFunction(() => /throughput/i.test(document.getElementById('grades').textContent)
      && /p99 latency/i.test(document.getElementById('grades').textContent), null, { timeout: 20_000 })
      .catch(() => fail('the grades of the performance monitor are not shown'));
    await page.waitForFunction(() => !/not available/i.test(document.getElementById('alerts').textContent), null, { timeout: 20_000 })
      .catch(() => fail('the alert history is not available on the page'));
    // Live: the tips of the chains move while the demo runs.
    try {
      await page.waitForFunction((before) => {
        const now = [...document.querySelectorAll('#chains tbody tr td:nth-child(3)')].map((e) => e.textContent.trim());
        return now.length > 0 && JSON.stringify(now) !== before;
      }, JSON.stringify(first.chainTips), { timeout: 20_000 });
      result.liveChanged = { before: first.chainTips, after: (await figures(page)).chainTips };
    } catch (e) {
      fail('the live figures did not change within 20 s: ' + e.message);
    }
    await page.waitForFunction(() => document.querySelectorAll('#pools tbody tr td:not(.empty)').length > 0, null, { timeout: 20_000 })
      .catch(() => fail('no pool is shown'));
    await page.waitForFunction(() => !document.getElementById('stop-button').disabled, null, { timeout: 20_000 });
    await page.waitForTimeout(2500); // a few points on the charts for the screenshot
    await shoot(page, 'desktop.png', true);
    await refusedStop(page);
    await shoot(page, 'desktop-refused.png', false);
    await page.keyboard.press('Escape');
    result.riskStateAfterRefusal = await page.textContent('#risk-state');
  } finally {
    await close();
  }
}

/** The emergency stop without a token, then with a wrong one: both refused (401), both said so on the page. */
async function refusedStop(page) {
  const refusals = [];
  for (const token of ['', 'not-the-token']) {
    await page.click('#stop-button');
    await page.waitForSelector('#stop-dialog[open]');
    await page.fill('#stop-token', token);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/risk/emergency-stop'));
    await page.click('#stop-confirm');
    const status = (await answer).status();
    await page.waitForSelector('#stop-error:not([hidden])');
    const shown = (await page.textContent('#stop-error')).trim();
    refusals.push({ token: token ? 'wrong' : 'none', status, shown, tokenFieldEmpty: (await page.inputValue('#stop-token')) === '' });
    if (status !== 401) fail(`emergency stop with ${token ? 'a wrong' : 'no'} token answered ${status}, not 401`);
    if (!shown.includes('401') || !shown.includes('not stopped')) fail('the refusal is not shown clearly: ' + shown);
    if (token) {
      const page2 = await page.evaluate(() => Object.keys(localStorage).length + Object.keys(sessionStorage).length);
      if (page2 !== 0) fail('the page stored something in web storage');
      break; // the dialog stays open with the refusal for the screenshot
    }
    await page.click('#stop-cancel');
  }
  result.refusals = refusals;
  const notice = (await page.textContent('#stop-result')).trim();
  if (!notice.includes('Refused')) fail('the risk card does not say the stop was refused: ' + notice);
}

async function phone() {
  const { context, close } = await browser({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const page = context.pages()[0] || await context.newPage();
    watch(page);
    await loaded(page);
    await page.waitForTimeout(2500);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const offenders = [];
      for (const e of document.querySelectorAll('body *')) {
        if (e.closest('.table-wrap') || e.closest('dialog:not([open])')) continue; // tables scroll inside their card
        const r = e.getBoundingClientRect();
        if (r.width > 0 && (r.right > width + 1 || r.left < -1)) offenders.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') + ' right=' + Math.round(r.right));
      }
      return { width, scrollWidth: document.documentElement.scrollWidth, offenders: offenders.slice(0, 10) };
    });
    result.phone = { ...overflow, figures: await figures(page) };
    if (overflow.scrollWidth > overflow.width || overflow.offenders.length) {
      fail(`the page overflows a 390 px phone: scrollWidth ${overflow.scrollWidth}, ${overflow.offenders.join(', ')}`);
    }
    await shoot(page, 'phone.png', true);
  } finally {
    await close();
  }
}

async function shoot(page, name, fullPage) {
  const path = join(outDir, name);
  await page.screenshot({ path, fullPage });
  result.screenshots.push(path);
}

try {
  await desktop();
  await phone();
} catch (e) {
  fail('the browser run stopped: ' + (e && e.stack || e));
}
if (result.foreignRequests.length) fail('requests beyond our server: ' + result.foreignRequests.join(', '));
if (result.consoleErrors.length) fail('console errors: ' + result.consoleErrors.join(' | '));
result.ok = result.failures.length === 0;
console.log(JSON.stringify(result));
process.exit(result.ok ? 0 : 1);
