// The side panel's figures (issue 13): its first paint, and what a live panel costs and how fast it is.
// - panel first paint: panel.html?tab=<id> opened as the popup is (bench/openings.ts), a new session each time.
// - cookie change → new session on screen: a panel pinned to the signed-in tab stays open in front; the page sets
//   the tab's `sid` to a new session (cookies.set, timed by the page's own clock), and the time is taken to that
//   session's id hint entering the DOM (and the next frame). Warm worker, then the worker stopped before each.
// - Okta requests per session change (≤ 1), for other cookie changes (0), and over an idle period (0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sessionIdHint } from '../src/okta/session-id';
import { DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../test/mock-org/demo';
import { ORG_ORIGIN, type Bench } from './openings';
import type { EntrySize } from './sizes';
import { summarize, type Summary } from './stats';

const LIVE_RUNS = Number(process.env.BENCH_LIVE_RUNS ?? 15);
const PANEL_RUNS = Number(process.env.BENCH_PANEL_RUNS ?? 15);
/** How long the open panel is left alone while the mock counts requests (the issue asks for 60 s). */
export const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
/** After the new session is on screen: anything the change still costs arrives within this. */
const SETTLE_MS = 300;
const TIMEOUT_MS = 10_000;

export interface LiveFigures {
  panelFirstPaint: { dom: Summary; frame: Summary; requestsPerOpening: number[] };
  change: Record<'warm' | 'stopped', { dom: Summary; frame: Summary; requestsPerChange: number[] }>;
  otherCookieChanges: { changes: number; requests: number };
  idle: { ms: number; requests: number };
}

/**
 * Sets a cookie from inside the panel and times, by the page's clock, until `hint` is in its DOM and painted.
 * A string, not a function: tsx's name helpers would not survive serialisation into the page.
 */
const SET_AND_WAIT = `async ({ cookie, hint, timeoutMs }) => {
  let dom = -1, frame = -1, done;
  const painted = new Promise((r) => (done = r));
  const t0 = performance.now();
  const observer = new MutationObserver(() => {
    if (dom >= 0 || !document.body.textContent.includes(hint)) return;
    dom = performance.now() - t0;
    observer.disconnect();
    requestAnimationFrame(() => { frame = performance.now() - t0; done(); });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  await chrome.cookies.set(cookie);
  await Promise.race([painted, new Promise((r) => setTimeout(r, timeoutMs))]);
  observer.disconnect();
  return { dom, frame };
}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setCookieAndWait(panel: Page, cookie: Record<string, unknown>, hint: string): Promise<{ dom: number; frame: number }> {
  return (await panel.evaluate(`(${SET_AND_WAIT})(${JSON.stringify({ cookie, hint, timeoutMs: TIMEOUT_MS })})`)) as { dom: number; frame: number };
}

function sidCookie(value: string, origin = ORG_ORIGIN) {
  return { url: `${origin}/`, name: 'sid', value, secure: true, httpOnly: true, sameSite: 'no_restriction' };
}

export async function measureLive(bench: Bench): Promise<LiveFigures> {
  const { driver, mock } = bench;
  const panelUrl = `${driver.extensionBase}/panel.html?tab=${bench.tabId}`;

  const firstPaints = [];
  for (let i = 0; i < PANEL_RUNS; i++) {
    await bench.newSession();
    firstPaints.push(await bench.openCounted('popup', panelUrl));
  }

  // The helper page stopBackground uses is made on its first call: made now, so the panel opened next is in front.
  await driver.stopBackground();
  const panel = await driver.context.newPage();
  await panel.goto(panelUrl);
  await panel.getByText(DEMO_USER.login).first().waitFor({ timeout: TIMEOUT_MS });
  const change = {} as LiveFigures['change'];
  for (const mode of ['warm', 'stopped'] as const) {
    const doms: number[] = [];
    const frames: number[] = [];
    const requests: number[] = [];
    for (let i = 0; i < LIVE_RUNS + 2; i++) {
      const session = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
      const { value } = mock.org(DEMO_ORG_HOST).sessionCookie(session.id);
      if (mode === 'stopped') {
        await driver.stopBackground();
        await panel.bringToFront();
      }
      const from = mock.log.length;
      const t = await setCookieAndWait(panel, sidCookie(value), sessionIdHint(session.id));
      if (t.dom < 0) throw new Error(`live ${mode}: the new session never appeared in the panel`);
      await sleep(SETTLE_MS);
      if (i < 2) continue; // warm-up
      doms.push(t.dom);
      frames.push(t.frame);
      requests.push(bench.sessionRequestsSince(from));
    }
    change[mode] = { dom: summarize(doms), frame: summarize(frames), requestsPerChange: requests };
  }

  // Cookies that are not this tab's session: another cookie of the org, and another org's session.
  const before = mock.log.length;
  const others = [
    { url: `${ORG_ORIGIN}/`, name: 'DT', value: 'device-token-1', secure: true },
    { url: `${ORG_ORIGIN}/`, name: 'DT', value: 'device-token-2', secure: true },
    sidCookie(mock.org(SECOND_ORG_HOST).sessionCookie(mock.org(SECOND_ORG_HOST).createSession(DEMO_USER.login).id).value, `https://${SECOND_ORG_HOST}`),
  ];
  for (const cookie of others) await panel.evaluate(`chrome.cookies.set(${JSON.stringify(cookie)})`);
  await sleep(1_000);
  const otherCookieChanges = { changes: others.length, requests: bench.sessionRequestsSince(before) };

  const idleFrom = mock.log.length;
  await sleep(IDLE_MS);
  const idle = { ms: IDLE_MS, requests: bench.sessionRequestsSince(idleFrom) };
  await panel.close();

  return {
    panelFirstPaint: {
      dom: summarize(firstPaints.map((o) => o.dom)),
      frame: summarize(firstPaints.map((o) => o.frame)),
      requestsPerOpening: firstPaints.map((o) => o.oktaRequests),
    },
    change,
    otherCookieChanges,
    idle,
  };
}

/**
 * panel.html runs the popup's entry (build.mjs), so its first paint loads exactly the popup's files; a following
 * panel's placing code (src/panel/place.ts) loads with the live watch, after it. Checked, not assumed.
 */
export function panelSize(dist: string, popup: EntrySize): { raw: number; gzip: number; files: string[] } {
  const html = readFileSync(join(dist, 'panel.html'), 'utf8');
  if (!html.includes('src="popup.js"')) throw new Error('panel.html no longer loads popup.js: measure its own entry');
  return { raw: popup.raw, gzip: popup.gzip, files: popup.files.map((f) => f.file) };
}

export interface TimelineAppend {
  shown: number;
  /** storage.session write of a 500-event ring with one new event → the new event in the DOM / painted. */
  dom: Summary;
  frame: Summary;
  /** The Timeline view's part: its timeline/get reply → the new event in the DOM (the rest is the worker's read). */
  render: Summary;
}

/**
 * Appends one event to a Timeline showing a full ring (500 events, TIMELINE_CAPACITY), in a panel: the events are
 * written into storage.session as the worker keeps them (the view watches that key and asks the worker again).
 * A string, not a function, for the same reason as SET_AND_WAIT.
 */
const APPEND_AND_WAIT = `async ({ events, path, timeoutMs }) => {
  let replied = -1;
  if (!chrome.runtime.__benchWrapped) {
    const send = chrome.runtime.sendMessage.bind(chrome.runtime);
    chrome.runtime.sendMessage = (m, ...rest) => {
      const p = send(m, ...rest);
      if (m && m.type === 'timeline/get') p.then(() => (globalThis.__benchReplied = performance.now()));
      return p;
    };
    chrome.runtime.__benchWrapped = true;
  }
  let dom = -1, frame = -1, done;
  const painted = new Promise((r) => (done = r));
  const observer = new MutationObserver(() => {
    if (dom >= 0 || !document.body.textContent.includes(path)) return;
    dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { frame = performance.now(); done(); });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  const t0 = performance.now();
  await chrome.storage.session.set({ timeline: { events, dropped: 0, paused: false, current: {} } });
  await Promise.race([painted, new Promise((r) => setTimeout(r, timeoutMs))]);
  observer.disconnect();
  replied = globalThis.__benchReplied ?? -1;
  return { dom: dom < 0 ? -1 : dom - t0, frame: frame < 0 ? -1 : frame - t0, render: dom < 0 || replied < 0 ? -1 : dom - replied };
}`;

export async function measureTimelineAppend(bench: Bench, runs = LIVE_RUNS): Promise<TimelineAppend> {
  const { driver } = bench;
  const panel = await driver.context.newPage();
  await panel.goto(`${driver.extensionBase}/panel.html?tab=${bench.tabId}`);
  await panel.getByRole('tab', { name: 'Timeline' }).click();
  const at = Date.now() - 3_600_000;
  const event = (i: number) => ({ kind: 'request', at: at + i * 1_000, org: ORG_ORIGIN, host: DEMO_ORG_HOST, method: 'GET', path: `/bench/step-${i}`, params: [], status: 200, durationMs: 5 });
  const ring = (last: number) => Array.from({ length: 500 }, (_, k) => event(last - 499 + k));
  const first = (await panel.evaluate(`(${APPEND_AND_WAIT})(${JSON.stringify({ events: ring(499), path: '/bench/step-499', timeoutMs: TIMEOUT_MS })})`)) as { dom: number };
  if (first.dom < 0) throw new Error('timeline: the 500 events never appeared in the panel');
  const doms: number[] = [];
  const frames: number[] = [];
  const renders: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const last = 500 + i;
    const t = (await panel.evaluate(`(${APPEND_AND_WAIT})(${JSON.stringify({ events: ring(last), path: `/bench/step-${last}`, timeoutMs: TIMEOUT_MS })})`)) as { dom: number; frame: number; render: number };
    if (t.dom < 0) throw new Error('timeline: an appended event never appeared in the panel');
    await sleep(100);
    if (i < 2) continue;
    doms.push(t.dom);
    frames.push(t.frame);
    if (t.render >= 0) renders.push(t.render);
  }
  const shown = await panel.getByText(/\/bench\/step-/).count();
  // Leave the worker's timeline as it was found: empty of bench events.
  await panel.evaluate(`chrome.storage.session.remove('timeline')`);
  await panel.close();
  return { shown, dom: summarize(doms), frame: summarize(frames), render: summarize(renders) };
}
