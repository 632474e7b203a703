// `npm run bench`: the performance budget of shared/DESIGN.md, measured. A report, not a test: it prints every
// figure next to its target with PASS or MISS, writes bench/results.json, and exits 0 either way (1 only when
// the bench itself cannot run).
//
// In headless Chromium with a bench copy of dist/chrome loaded (dist/bench-chrome: the shipped build plus a
// bare page) and the mock org served under its real hostname (https://dev-123456.okta.com):
// - time to session: popup.html?tab=<id> vs the bare page (one fetch of the same session with the same
//   credential, login printed), alternated, WARMUP + RUNS openings each, with a warm worker and then with the
//   worker stopped before every opening. Times come from inside each page (ms since its navigation started to
//   the login entering the DOM, seen by a MutationObserver; and to the next animation frame, which paints it),
//   so no Node round trip is in them and both pages are timed by the same probe (bench/probe.ts). The ratio
//   uses the DOM time: the frame adds up to one vsync interval (16.7 ms) of noise to both pages alike. A new
//   Okta session per pair, so the popup has no cached view of it.
// - worker replies: when the popup's session/cached and session/inspect replies came back (from the same probe).
// - cached paint: the second opening of a tab, with the org's reply held back by the mock (a latency fault):
//   the login must be on screen from the cache before any reply.
// - requests per opening: Okta session requests the mock logged per popup opening.
// - sizes: raw and gzip of each shipped entry, esbuild's metafile breakdown, and the web-ext zip.
// - the side panel (bench/live.ts): its first paint and size, cookie change → new session on screen, and the
//   Okta requests a live panel makes per session change, for other cookie changes and while idle.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from '../scripts/ensure-browser.mjs';
import { launchChromium } from '../test/e2e/chromium';
import { startMockOrg } from '../test/mock-org/server';
import { DEMO_ORG_HOST } from '../test/mock-org/demo';
import { benchDiagnose } from './diagnose';
import { machineInfo } from './machine';
import { Bench, replyLatency, replyTime, SESSIONS_PATH, type Opening } from './openings';
import { prepare } from './prepare';
import { kb, machineLine, ms, table, type Row } from './report';
import { IDLE_MS, measureLive, measureTimelineAppend, panelSize, type LiveFigures, type TimelineAppend } from './live';
import { ENTRIES, entrySizes, webExtZip, type EntryName } from './sizes';
import { summarize, type Summary } from './stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const CACHED_RUNS = Number(process.env.BENCH_CACHED_RUNS ?? 10);
/** How long the mock holds back the org's reply in the cached-paint runs. */
const HELD_REPLY_MS = 300;
const TARGET = {
  /** Popup / bare page, medians (issue 15): a warm worker, and one stopped before each opening. */
  ratio: { warm: 1.25, stopped: 1.5 },
  coldReplyOverRoundTripMs: 100,
  requestsPerOpening: 1,
  diagnoseMs: 5,
  gzip: { popup: 20 * 1024, worker: 32 * 1024, options: 25 * 1024 } as Record<EntryName, number>,
  /** A live view shows a session cookie change within one Okta round trip plus this. */
  liveOverRoundTripMs: 100,
};

/** As scripts/test.mjs: as root on Linux, run in a loopback-only network namespace so nothing can leak out. */
function reexecIsolated(): void {
  const can = process.platform === 'linux' && process.getuid?.() === 0 && !process.env.OSI_NO_NETNS && !process.env.OSI_BENCH_ISOLATED;
  if (!can) return;
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) {
    console.log('note: cannot make a loopback-only network namespace here (unshare -n); running without it.');
    return;
  }
  const command = [join(ROOT, 'node_modules', '.bin', 'tsx'), fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const quoted = command.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec ${quoted}`], {
    stdio: 'inherit',
    cwd: ROOT,
    env: { ...process.env, OSI_BENCH_ISOLATED: '1' },
  });
  process.exit(child.status ?? 1);
}

interface TimeToSession {
  mode: 'warm' | 'stopped';
  /** Navigation start to the login in the DOM. */
  popup: Summary;
  bare: Summary;
  /** median popup / median bare */
  ratio: number;
  /** Navigation start to the animation frame that paints the login. */
  popupPainted: Summary;
  barePainted: Summary;
  /** The bare page's fetch, start to parsed body: the Okta round trip as a page sees it. */
  oktaRoundTrip: Summary;
  workerReply: { cached: Summary; inspect: Summary };
  /** Popup openings whose login was in the page before the inspect reply: should be 0 (a new session has no
   *  cached view); more means the figures timed a cached paint, not the round trip. */
  shownBeforeReply: number;
  requestsPerPopupOpening: number[];
  requestsPerBareOpening: number[];
  /** Where each page's time goes, ms since navigation start (medians and p90 of each step). */
  phases: { popup: Record<string, Summary>; bare: Record<string, Summary> };
  samples: { popup: number[]; bare: number[] };
}

/** The steps of one opening, in order, each as ms since navigation start. */
function phasesOf(openings: Opening[], page: 'popup' | 'bare'): Record<string, Summary> {
  const step = (f: (o: Opening) => number | undefined) => summarize(openings.map(f).filter((x): x is number => x !== undefined && x >= 0));
  const common = {
    domInteractive: step((o) => o.domInteractive),
    domContentLoaded: step((o) => o.domContentLoaded),
  };
  if (page === 'bare') {
    return { ...common, fetchStart: step((o) => o.marks['bare-fetch-start']), fetchEnd: step((o) => o.marks['bare-fetch-end']), loginInDom: step((o) => o.dom), loginOnScreen: step((o) => o.frame) };
  }
  return {
    ...common,
    firstMessageSent: step((o) => (o.messages.length ? Math.min(...o.messages.map((m) => m.sent)) : undefined)),
    cachedReply: step((o) => replyTime(o, 'session/cached')),
    inspectReply: step((o) => replyTime(o, 'session/inspect')),
    loginInDom: step((o) => o.dom),
    loginOnScreen: step((o) => o.frame),
  };
}

async function timeToSession(bench: Bench, mode: 'warm' | 'stopped'): Promise<TimeToSession> {
  const popups: Opening[] = [];
  const bares: Opening[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const sessionId = await bench.newSession();
    // Alternate which page goes first, so neither always follows the other.
    const order: ('popup' | 'bare')[] = i % 2 ? ['bare', 'popup'] : ['popup', 'bare'];
    for (const page of order) {
      if (mode === 'stopped') await bench.driver.stopBackground();
      const opening = await bench.openCounted(page, page === 'popup' ? bench.popupUrl() : bench.bareUrl(sessionId));
      if (i >= WARMUP) (page === 'popup' ? popups : bares).push(opening);
    }
  }
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  const popup = summarize(popups.map((o) => o.dom));
  const bare = summarize(bares.map((o) => o.dom));
  return {
    mode,
    popup,
    bare,
    ratio: Math.round((popup.median / bare.median) * 100) / 100,
    popupPainted: summarize(popups.map((o) => o.frame)),
    barePainted: summarize(bares.map((o) => o.frame)),
    oktaRoundTrip: summarize(defined(bares.map((o) => (o.marks['bare-fetch-end'] ?? NaN) - (o.marks['bare-fetch-start'] ?? NaN)))),
    workerReply: {
      cached: summarize(defined(popups.map((o) => replyLatency(o, 'session/cached')))),
      inspect: summarize(defined(popups.map((o) => replyLatency(o, 'session/inspect')))),
    },
    shownBeforeReply: popups.filter((o) => o.dom < (replyTime(o, 'session/inspect') ?? Infinity)).length,
    requestsPerPopupOpening: popups.map((o) => o.oktaRequests),
    requestsPerBareOpening: bares.map((o) => o.oktaRequests),
    phases: { popup: phasesOf(popups, 'popup'), bare: phasesOf(bares, 'bare') },
    samples: { popup: popups.map((o) => round1(o.dom)), bare: bares.map((o) => round1(o.dom)) },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

interface CachedPaint {
  mode: 'warm' | 'stopped';
  heldReplyMs: number;
  /** Opening to the cached login in the DOM, and to the frame that paints it. */
  cachedInDom: Summary;
  cachedPaint: Summary;
  /** Opening to the popup receiving the fresh (held back) view. */
  freshReply: Summary;
  /** Opening to the worker's session/cached reply. */
  cachedReply: Summary;
  /** Openings whose login was on screen before the fresh reply arrived. */
  paintedBeforeReply: number;
  runs: number;
  requestsPerPopupOpening: number[];
}

async function cachedPaint(bench: Bench, mode: 'warm' | 'stopped'): Promise<CachedPaint> {
  await bench.newSession();
  const warmup = 2;
  const runs: Opening[] = [];
  await bench.open('popup', bench.popupUrl()); // the first opening of this session fills the cache
  for (let i = 0; i < warmup + CACHED_RUNS; i++) {
    bench.mock.fault({ kind: 'latency', ms: HELD_REPLY_MS, host: DEMO_ORG_HOST, path: SESSIONS_PATH });
    if (mode === 'stopped') await bench.driver.stopBackground();
    const opening = await bench.openCounted('popup', bench.popupUrl());
    if (bench.mock.pendingFaults.length) throw new Error('the held-back reply was never requested: the popup did not ask Okta');
    if (i >= warmup) runs.push(opening);
  }
  const at = (type: string) => runs.map((o) => replyTime(o, type) ?? NaN);
  const fresh = at('session/inspect');
  return {
    mode,
    heldReplyMs: HELD_REPLY_MS,
    cachedInDom: summarize(runs.map((o) => o.dom)),
    cachedPaint: summarize(runs.map((o) => o.frame)),
    freshReply: summarize(fresh),
    cachedReply: summarize(at('session/cached')),
    paintedBeforeReply: runs.filter((o, i) => o.frame < fresh[i]!).length,
    runs: runs.length,
    requestsPerPopupOpening: runs.map((o) => o.oktaRequests),
  };
}

async function main(): Promise<void> {
  const chromiumPath = ensureChromium();
  reexecIsolated();
  const loadAtStart = loadavg()[0]!;

  const prepared = await prepare(ROOT);
  const entries = entrySizes(prepared.benchChrome, prepared.metafile);
  const zip = webExtZip(ROOT, prepared.benchFirefox);
  // Before the browser starts, so the two cores are the engine's alone.
  const engine = benchDiagnose();

  const mock = await startMockOrg();
  const driver = await launchChromium({ mockPort: mock.port, dist: prepared.benchChrome });
  let warm: TimeToSession, stopped: TimeToSession, cachedWarm: CachedPaint, cachedStopped: CachedPaint, live: LiveFigures, timeline: TimelineAppend;
  try {
    const bench = new Bench(driver, mock, prepared.probeScript);
    await bench.setUp();
    console.log(`\nMeasuring: ${WARMUP} warm-up + ${RUNS} measured openings of each page, warm worker then stopped worker…`);
    warm = await timeToSession(bench, 'warm');
    stopped = await timeToSession(bench, 'stopped');
    cachedWarm = await cachedPaint(bench, 'warm');
    cachedStopped = await cachedPaint(bench, 'stopped');
    console.log(`Measuring the side panel: first paint, live updates, then ${IDLE_MS / 1000} s of an idle open panel…`);
    live = await measureLive(bench);
    timeline = await measureTimelineAppend(bench);
    // Anything the extension asked Okta after the last page closed would show up here.
    const settled = mock.log.length;
    await new Promise((r) => setTimeout(r, 500));
    if (bench.sessionRequestsSince(settled)) throw new Error('Okta requests arrived after every page had closed');
  } finally {
    await driver.close();
    await mock.close();
  }

  const machine = machineInfo(ROOT, chromiumPath);
  const date = new Date().toISOString();
  const rows: Row[] = [];
  for (const t of [warm, stopped]) {
    const label = `Time to session, ${t.mode === 'warm' ? 'warm worker' : 'worker stopped before each opening'}`;
    rows.push({ measure: `${label}: popup, median / p90`, figure: `${ms(t.popup.median)} / ${ms(t.popup.p90)}` });
    rows.push({ measure: `${label}: bare page, median / p90`, figure: `${ms(t.bare.median)} / ${ms(t.bare.p90)}` });
    rows.push({ measure: `${label}: ratio popup / bare (medians)`, figure: t.ratio.toFixed(2), target: `≤ ${TARGET.ratio[t.mode]}`, pass: t.ratio <= TARGET.ratio[t.mode] });
    rows.push({ measure: `${label}: painted (next frame), popup / bare, medians`, figure: `${ms(t.popupPainted.median)} / ${ms(t.barePainted.median)}` });
  }
  const rtt = stopped.oktaRoundTrip.median;
  rows.push({
    measure: 'Stopped worker: first reply (session/cached, no Okta call), median / p90',
    figure: `${ms(stopped.workerReply.cached.median)} / ${ms(stopped.workerReply.cached.p90)}`,
    target: `≤ ${TARGET.coldReplyOverRoundTripMs} ms`,
    pass: stopped.workerReply.cached.median <= TARGET.coldReplyOverRoundTripMs,
  });
  rows.push({
    measure: 'Stopped worker: session/inspect reply, median / p90 (Okta round trip)',
    figure: `${ms(stopped.workerReply.inspect.median)} / ${ms(stopped.workerReply.inspect.p90)} (${ms(rtt)})`,
    target: `≤ 100 ms + round trip = ${ms(TARGET.coldReplyOverRoundTripMs + rtt)}`,
    pass: stopped.workerReply.inspect.median <= TARGET.coldReplyOverRoundTripMs + rtt,
  });
  rows.push({
    measure: 'Warm worker: session/cached / session/inspect reply, medians',
    figure: `${ms(warm.workerReply.cached.median)} / ${ms(warm.workerReply.inspect.median)}`,
  });
  for (const c of [cachedWarm, cachedStopped]) {
    rows.push({
      measure: `Cached paint, ${c.mode} worker, Okta reply held ${c.heldReplyMs} ms: login painted / fresh reply, medians`,
      figure: `${ms(c.cachedPaint.median)} / ${ms(c.freshReply.median)} (${c.paintedBeforeReply}/${c.runs} before)`,
      target: 'before the reply, every run',
      pass: c.paintedBeforeReply === c.runs,
    });
  }
  const perOpening = [...warm.requestsPerPopupOpening, ...stopped.requestsPerPopupOpening, ...cachedWarm.requestsPerPopupOpening, ...cachedStopped.requestsPerPopupOpening];
  const maxRequests = Math.max(...perOpening);
  rows.push({
    measure: `Okta requests per popup opening, min / max (${perOpening.length} openings)`,
    figure: `${Math.min(...perOpening)} / ${maxRequests}`,
    target: `≤ ${TARGET.requestsPerOpening}`,
    pass: maxRequests <= TARGET.requestsPerOpening,
  });
  for (const name of Object.keys(ENTRIES) as EntryName[]) {
    const e = entries[name];
    const chunks = e.files.length > 1 ? ` + ${e.files.length - 1} chunk${e.files.length > 2 ? 's' : ''}` : '';
    const lazy = e.lazy.files.length ? `; on first use of a view +${kb(e.lazy.gzip)}` : '';
    rows.push({
      measure: `Size: ${name} (${e.file}${chunks}), gzip / raw`,
      figure: `${kb(e.gzip)} / ${kb(e.raw)}${lazy}`,
      target: `≤ ${kb(TARGET.gzip[name])} gzip`,
      pass: e.gzip <= TARGET.gzip[name],
    });
  }
  rows.push({
    measure: `Diagnoses over a full ring (500 events; diagnose + What went wrong + flow rows + report), median / p90`,
    figure: `${ms(engine.summary.median)} / ${ms(engine.summary.p90)}`,
    target: `≤ ${TARGET.diagnoseMs} ms`,
    pass: engine.summary.median <= TARGET.diagnoseMs,
  });
  const panel = panelSize(prepared.benchChrome, entries.popup);
  rows.push({
    measure: `Size: panel (panel.html runs popup.js + ${panel.files.length - 1} chunk${panel.files.length > 2 ? 's' : ''}), gzip / raw`,
    figure: `${kb(panel.gzip)} / ${kb(panel.raw)}`,
    target: `≤ ${kb(TARGET.gzip.popup)} gzip`,
    pass: panel.gzip <= TARGET.gzip.popup,
  });
  rows.push({ measure: 'Panel first paint (panel.html?tab=<id>, warm worker): login in DOM / painted, medians', figure: `${ms(live.panelFirstPaint.dom.median)} / ${ms(live.panelFirstPaint.frame.median)} (popup ${ms(warm.popup.median)} / ${ms(warm.popupPainted.median)})` });
  for (const mode of ['warm', 'stopped'] as const) {
    const c = live.change[mode];
    const budget = TARGET.liveOverRoundTripMs + rtt;
    rows.push({
      measure: `Live panel, ${mode === 'warm' ? 'warm worker' : 'worker stopped before each change'}: sid set → new session painted, median / p90`,
      figure: `${ms(c.frame.median)} / ${ms(c.frame.p90)} (in DOM ${ms(c.dom.median)})`,
      target: `≤ round trip + ${TARGET.liveOverRoundTripMs} ms = ${ms(budget)}`,
      pass: c.frame.median <= budget,
    });
  }
  const perChange = [...live.change.warm.requestsPerChange, ...live.change.stopped.requestsPerChange];
  rows.push({
    measure: `Live panel: Okta requests per session change, min / max (${perChange.length} changes)`,
    figure: `${Math.min(...perChange)} / ${Math.max(...perChange)}`,
    target: '≤ 1',
    pass: Math.max(...perChange) <= 1,
  });
  rows.push({
    measure: `Live panel: Okta requests for ${live.otherCookieChanges.changes} other cookie changes (DT, another org's sid)`,
    figure: String(live.otherCookieChanges.requests),
    target: '0',
    pass: live.otherCookieChanges.requests === 0,
  });
  rows.push({
    measure: `Live panel: Okta requests over ${live.idle.ms / 1000} s open and idle`,
    figure: String(live.idle.requests),
    target: '0',
    pass: live.idle.requests === 0,
  });
  rows.push({
    measure: `Timeline in the panel, ${timeline.shown} events shown: one appended → painted, median / p90`,
    figure: `${ms(timeline.frame.median)} / ${ms(timeline.frame.p90)} (view's own part, reply → DOM: ${ms(timeline.render.median)} / ${ms(timeline.render.p90)})`,
    target: 'view ≤ 16 ms (one frame)',
    pass: timeline.render.median <= 16,
  });
  rows.push({ measure: 'Size: zip from web-ext build (dist/firefox)', figure: 'bytes' in zip ? kb(zip.bytes) : zip.error });

  const results = {
    date,
    machine,
    loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
    isolatedNetwork: process.env.OSI_BENCH_ISOLATED === '1',
    config: { warmup: WARMUP, runs: RUNS, cachedRuns: CACHED_RUNS, heldReplyMs: HELD_REPLY_MS, kb: 1024, timing: 'ms since navigation start (performance.now) to the login entering the DOM (MutationObserver); painted = the next animation frame' },
    targets: rows.filter((r) => r.pass !== undefined).map(({ measure, figure, target, pass }) => ({ measure, figure, target, pass })),
    timeToSession: { warm, stopped },
    cachedPaint: { warm: cachedWarm, stopped: cachedStopped },
    requestsPerPopupOpening: { min: Math.min(...perOpening), max: maxRequests, openings: perOpening.length },
    sizes: { entries, zip, panel },
    diagnose: engine,
    live,
    timelineAppend: timeline,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');

  console.log(`\n${machineLine(machine, date.slice(0, 10))}\n`);
  console.log(table(rows));
  for (const t of [warm, stopped]) {
    if (t.shownBeforeReply) console.log(`\nWARNING: ${t.shownBeforeReply} ${t.mode}-worker popup openings showed the login before Okta's reply (a cached view of a new session?): their times are not round trips.`);
  }
  const missed = rows.filter((r) => r.pass === false);
  console.log(missed.length ? `\nMISS: ${missed.length} target(s) missed: ${missed.map((r) => r.measure).join('; ')}` : '\nEvery target met.');
  for (const name of Object.keys(ENTRIES) as EntryName[]) {
    if (entries[name].gzip <= TARGET.gzip[name]) continue;
    const top = Object.entries(entries[name].byPackage).slice(0, 8).map(([p, b]) => `${p} ${kb(b)}`).join(', ');
    console.log(`  ${name} is over budget; what it is made of (minified, before gzip): ${top}`);
  }
  console.log('\nWhere the time goes (medians, ms since navigation start):');
  for (const t of [warm, stopped]) {
    const line = (phases: Record<string, Summary>) => Object.entries(phases).map(([k, v]) => `${k} ${v.median.toFixed(1)}`).join(' → ');
    console.log(`  ${t.mode} worker, popup: ${line(t.phases.popup)}`);
    console.log(`  ${t.mode} worker, bare:  ${line(t.phases.bare)}`);
  }
  console.log(`\nLoad average (1 min) at start / end: ${loadAtStart.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}${loadAtStart > 1 ? ' (other work was running when the bench started: figures are noisier)' : ''}`);
  console.log('Every figure: bench/results.json');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
