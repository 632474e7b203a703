// The timeline recorder with in-memory browser parts: cookie changes and webRequest details go in, events come
// out in storage.session, in order, without a secret, and across a worker restart.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionIdHint, sessionKey } from '../okta/session-id';
import { parseTimelineState, TIMELINE_STORAGE_KEY, type TimelineEvent, type TimelineState } from '../shared/timeline/schema';
import type { CookieChangeInfo } from './timeline/cookie-events';
import { isSignInRelated } from './timeline/redact';
import type { WebRequestDetails } from './timeline/request-events';
import { createWorld, EXTENSION_ORIGIN, type World } from './test-fakes';
import {
  clearTimeline,
  pauseTimeline,
  readTimeline,
  recordCookieChange,
  recordRequest,
  TIMELINE_PENDING_KEY,
  TIMELINE_URL_PATTERNS,
} from './timeline-recorder';

const HOST = 'dev-123456.okta.com';
const ORG = `https://${HOST}`;
const SID_A = '102AAAAAAAAAAAAAAAAAAAAAAAAAaa';
const SID_B = '102BBBBBBBBBBBBBBBBBBBBBBBBBbb';
const SECRET_QUERY = 'sEcReTqUeRyVaLuE0123456789';

let w: World;
let now: number;

beforeEach(async () => {
  now = 1_900_000_000_000;
  w = createWorld({ now: () => now });
  const saved = await w.send({ type: 'settings/save-org', orgUrl: ORG, customDomains: ['https://login.example-corp.test'], remember: false });
  expect(saved.ok).toBe(true);
});

const cookie = (value: string, removed = false, cause = 'explicit', domain = HOST, name = 'sid'): CookieChangeInfo => ({
  removed,
  cause,
  cookie: { name, value, domain, path: '/', storeId: '0' },
});

let nextId = 1;
function request(url: string, extra: Partial<WebRequestDetails> = {}): WebRequestDetails {
  return { requestId: String(nextId++), url, method: 'GET', timeStamp: now, type: 'main_frame', initiator: ORG, ...extra };
}

async function stored(): Promise<TimelineState> {
  return parseTimelineState((await w.session.get(TIMELINE_STORAGE_KEY))[TIMELINE_STORAGE_KEY]);
}

async function mark(id: string) {
  return { key: await sessionKey(id), hint: sessionIdHint(id) };
}

const kinds = (events: TimelineEvent[]) =>
  events.map((e) => (e.kind === 'cookie' ? `cookie ${e.change}` : e.kind === 'request' ? `${e.method} ${e.path} ${e.status ?? e.error}` : `api ${e.action}`));

describe('cookie changes', () => {
  it('records a set sid cookie by its session mark, never the value', async () => {
    await recordCookieChange(w.deps, cookie(SID_A), now);
    const state = await stored();
    expect(state.events).toEqual([
      { kind: 'cookie', at: now, org: ORG, host: HOST, cookie: 'sid', change: 'set', cause: 'explicit', session: await mark(SID_A) },
    ]);
    expect(state.current[HOST]).toEqual({ sid: await mark(SID_A) });
    expect(w.session.dump()).not.toContain(SID_A);
  });

  it('merges an overwrite (removed by overwrite, then set) into one replaced event', async () => {
    await recordCookieChange(w.deps, cookie(SID_A), now);
    await recordCookieChange(w.deps, cookie(SID_A, true, 'overwrite'), now + 10);
    await recordCookieChange(w.deps, cookie(SID_B), now + 11);
    const events = (await stored()).events;
    expect(kinds(events)).toEqual(['cookie set', 'cookie replaced']);
    expect(events[1]).toMatchObject({ session: await mark(SID_B), previous: await mark(SID_A), cause: 'overwrite' });
    const dump = w.session.dump();
    for (const id of [SID_A, SID_B]) expect(dump).not.toContain(id);
  });

  it('records a removal with its cause (a server clearing it)', async () => {
    await recordCookieChange(w.deps, cookie(SID_A), now);
    await recordCookieChange(w.deps, cookie(SID_A, true, 'expired_overwrite'), now + 5);
    const state = await stored();
    expect(state.events[1]).toMatchObject({ change: 'removed', cause: 'expired_overwrite', session: await mark(SID_A) });
    expect(state.current[HOST]).toBeUndefined();
  });

  it('ignores other cookies and other hosts without touching storage', async () => {
    const before = w.session.dump();
    await recordCookieChange(w.deps, cookie('x', false, 'explicit', HOST, 'JSESSIONID'), now);
    expect(w.session.dump()).toBe(before);
    await recordCookieChange(w.deps, cookie(SID_A, false, 'explicit', 'acme.okta.com'), now);
    expect((await stored()).events).toEqual([]);
  });

  it('records an idx cookie on a custom domain of the org', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', xsid: SID_B })).toString('base64url');
    const idx = `${header}..aaaa.bbbbbbbb.cccc`;
    await recordCookieChange(w.deps, cookie(idx, false, 'explicit', 'login.example-corp.test', 'idx'), now);
    const [event] = (await stored()).events;
    expect(event).toMatchObject({ org: ORG, host: 'login.example-corp.test', cookie: 'idx', session: await mark(SID_B) });
    expect(w.session.dump()).not.toContain(idx);
  });
});

describe('sign-in requests', () => {
  it('records a request from start to end: redacted path and parameter names, status, duration', async () => {
    const d = request(`${ORG}/login/sessionCookieRedirect?token=${SECRET_QUERY}&redirectUrl=https%3A%2F%2Fx&response_type=code`);
    await recordRequest(w.deps, 'start', d);
    expect(JSON.stringify((await w.session.get(TIMELINE_PENDING_KEY))[TIMELINE_PENDING_KEY])).not.toContain(SECRET_QUERY);
    await recordRequest(w.deps, 'end', { ...d, timeStamp: now + 42, statusCode: 302 });
    const [event] = (await stored()).events;
    expect(event).toEqual({
      kind: 'request',
      at: now,
      org: ORG,
      host: HOST,
      method: 'GET',
      path: '/login/sessionCookieRedirect',
      params: ['token', 'redirectUrl', 'response_type=code'],
      resourceType: 'main_frame',
      status: 302,
      durationMs: 42,
    });
    expect(w.session.dump()).not.toContain(SECRET_QUERY);
  });

  it('ends a hop at each redirect and follows the request to the next sign-in URL', async () => {
    const d = request(`${ORG}/login/login.htm`, { method: 'POST' });
    await recordRequest(w.deps, 'start', d);
    await recordRequest(w.deps, 'redirect', { ...d, timeStamp: now + 5, statusCode: 302, redirectUrl: `${ORG}/login/token/redirect?stateToken=${SECRET_QUERY}` });
    await recordRequest(w.deps, 'end', { ...d, url: `${ORG}/login/token/redirect?stateToken=${SECRET_QUERY}`, timeStamp: now + 9, statusCode: 200 });
    const events = (await stored()).events;
    expect(kinds(events)).toEqual(['POST /login/login.htm 302', 'GET /login/token/redirect 200']);
    expect(events[1]).toMatchObject({ params: ['stateToken'], durationMs: 4 });
    expect(w.session.dump()).not.toContain(SECRET_QUERY);
  });

  it('records a network error in the browser’s words', async () => {
    const d = request(`${ORG}/oauth2/v1/authorize?client_id=0oa1&state=${SECRET_QUERY}`);
    await recordRequest(w.deps, 'start', d);
    await recordRequest(w.deps, 'end', { ...d, error: 'net::ERR_CONNECTION_RESET' });
    expect((await stored()).events[0]).toMatchObject({ path: '/oauth2/v1/authorize', params: ['client_id=0oa1', 'state'], error: 'net::ERR_CONNECTION_RESET' });
  });

  it('leaves out the extension’s own calls, other paths, unconfigured orgs and everything when no org is set up', async () => {
    const own = request(`${ORG}/api/v1/sessions/${SID_A}`, { initiator: EXTENSION_ORIGIN });
    const asset = request(`${ORG}/assets/app.js`);
    const other = request('https://acme.okta.com/login/login.htm');
    for (const d of [own, asset, other]) {
      await recordRequest(w.deps, 'start', d);
      await recordRequest(w.deps, 'end', { ...d, statusCode: 200 });
    }
    expect((await stored()).events).toEqual([]);
    expect(w.session.dump()).not.toContain(SID_A);

    const empty = createWorld();
    await recordRequest(empty.deps, 'start', request(`${ORG}/login/login.htm`));
    expect(empty.session.items.size).toBe(0);
  });

  it('drops the extension’s own requests before reading anything from storage', async () => {
    const reads = [vi.spyOn(w.deps.storageLocal, 'get'), vi.spyOn(w.deps.storageSession, 'get')];
    const own = request(`${ORG}/api/v1/sessions/${SID_A}`, { initiator: EXTENSION_ORIGIN, type: 'xmlhttprequest' });
    for (const phase of ['start', 'headers', 'end'] as const) await recordRequest(w.deps, phase, { ...own, statusCode: 200 });
    expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0]);
    // The same request from a page of the org is read and recorded.
    await recordRequest(w.deps, 'start', { ...own, initiator: ORG });
    expect(reads[0]!.mock.calls.length).toBeGreaterThan(0);
  });

  it('names the session the browser holds, read from the cookie jar when no change was recorded', async () => {
    w.cookies.set(HOST, 'sid', SID_A);
    const d = request(`${ORG}/login/signout`);
    await recordRequest(w.deps, 'start', d);
    await recordRequest(w.deps, 'end', { ...d, statusCode: 302 });
    const state = await stored();
    expect(state.events[0]).toMatchObject({ path: '/login/signout', session: await mark(SID_A) });
    expect(state.current[HOST]).toEqual({ sid: await mark(SID_A) });
  });

  it("puts each request down to its own cookie store's session: a container's sign-in is not the main window's", async () => {
    await recordCookieChange(w.deps, cookie(SID_A), now);
    // Later, a container tab signs in as someone else.
    await recordCookieChange(w.deps, { ...cookie(SID_B), cookie: { ...cookie(SID_B).cookie, storeId: 'firefox-container-1' } }, now + 1);
    for (const cookieStoreId of ['firefox-default', 'firefox-container-1']) {
      const d = request(`${ORG}/login/signout`, { cookieStoreId });
      await recordRequest(w.deps, 'start', d);
      await recordRequest(w.deps, 'end', { ...d, statusCode: 302 });
    }
    const [set, contained, mainRequest, containerRequest] = (await stored()).events;
    expect(set).toMatchObject({ session: await mark(SID_A) });
    expect(set).not.toHaveProperty('store');
    expect(contained).toMatchObject({ kind: 'cookie', store: 'firefox-container-1', session: await mark(SID_B) });
    expect(mainRequest).toMatchObject({ kind: 'request', session: await mark(SID_A) });
    expect(mainRequest).not.toHaveProperty('store');
    expect(containerRequest).toMatchObject({ kind: 'request', store: 'firefox-container-1', session: await mark(SID_B) });
  });

  it("finds a Chrome incognito request's store from its tab, and reads that store's cookie", async () => {
    w.cookies.set(HOST, 'sid', SID_A);
    w.cookies.set(HOST, 'sid', SID_B, '1');
    w.cookieStores.push({ id: '0', tabIds: [7] }, { id: '1', tabIds: [9] });
    for (const tabId of [9, 7, -1]) {
      const d = request(`${ORG}/login/signout`, { tabId });
      await recordRequest(w.deps, 'start', d);
      await recordRequest(w.deps, 'end', { ...d, statusCode: 302 });
    }
    const [incognito, main, noTab] = (await stored()).events;
    expect(incognito).toMatchObject({ store: '1', session: await mark(SID_B) });
    // Chrome's main store ('0') is recorded as no store at all, as a request without a tab is.
    expect(main).toMatchObject({ session: await mark(SID_A) });
    expect(noTab).toMatchObject({ session: await mark(SID_A) });
    for (const e of [main, noTab]) expect(e).not.toHaveProperty('store');
  });

  it('keeps the order events were reported in, even when nothing waits between them', async () => {
    const signIn = request(`${ORG}/login/login.htm`, { method: 'POST' });
    const next = request(`${ORG}/api/v1/authn`, { method: 'POST', type: 'xmlhttprequest' });
    await Promise.all([
      recordRequest(w.deps, 'start', signIn),
      recordRequest(w.deps, 'end', { ...signIn, timeStamp: now + 1, statusCode: 302 }),
      recordCookieChange(w.deps, cookie(SID_A), now + 2),
      recordRequest(w.deps, 'start', { ...next, timeStamp: now + 3 }),
      recordRequest(w.deps, 'end', { ...next, timeStamp: now + 4, statusCode: 200 }),
    ]);
    const events = (await stored()).events;
    expect(kinds(events)).toEqual(['POST /login/login.htm 302', 'cookie set', 'POST /api/v1/authn 200']);
    // The sign-in started before the cookie existed; the next request ran under the new session.
    expect(events[0]!.session).toBeUndefined();
    expect(events[2]!.session).toEqual(await mark(SID_A));
  });
});

describe('a stopped worker', () => {
  it('finishes what the previous worker started: pending halves and the ring come from storage', async () => {
    const d = request(`${ORG}/idp/idx/identify`, { method: 'POST', type: 'xmlhttprequest' });
    await recordRequest(w.deps, 'start', d);
    await recordCookieChange(w.deps, cookie(SID_A), now);
    await recordCookieChange(w.deps, cookie(SID_A, true, 'overwrite'), now + 1);

    vi.resetModules();
    const fresh = (await import('./timeline-recorder')) as typeof import('./timeline-recorder');
    expect(fresh.recordRequest).not.toBe(recordRequest);
    await fresh.recordCookieChange(w.deps, cookie(SID_B), now + 2);
    await fresh.recordRequest(w.deps, 'end', { ...d, timeStamp: now + 30, statusCode: 200 });
    const events = (await fresh.readTimeline(w.deps)).events;
    expect(kinds(events)).toEqual(['cookie set', 'cookie replaced', 'POST /idp/idx/identify 200']);
    expect(events[2]).toMatchObject({ at: now, durationMs: 30 });
  });
});

describe('pause, resume and clear', () => {
  it('records nothing while paused but keeps tracking the session; clear forgets events and the dropped count', async () => {
    expect((await pauseTimeline(w.deps, true)).paused).toBe(true);
    await recordCookieChange(w.deps, cookie(SID_A), now);
    const d = request(`${ORG}/login/login.htm`);
    await recordRequest(w.deps, 'start', d);
    await recordRequest(w.deps, 'end', { ...d, statusCode: 200 });
    let state = await readTimeline(w.deps);
    expect(state.events).toEqual([]);
    expect(state.current[HOST]).toEqual({ sid: await mark(SID_A) });

    await pauseTimeline(w.deps, false);
    await recordCookieChange(w.deps, cookie(SID_A, true, 'expired_overwrite'), now + 1);
    state = await readTimeline(w.deps);
    expect(kinds(state.events)).toEqual(['cookie removed']);

    await w.session.set({ [TIMELINE_STORAGE_KEY]: { ...state, dropped: 7 } });
    state = await clearTimeline(w.deps);
    expect(state).toMatchObject({ events: [], dropped: 0, paused: false });
    expect(await stored()).toEqual(state);
  });

  it('answers the timeline messages through the router', async () => {
    await recordCookieChange(w.deps, cookie(SID_A), now);
    const got = await w.send({ type: 'timeline/get' });
    expect(got).toMatchObject({ ok: true, timeline: { events: [{ kind: 'cookie' }], paused: false } });
    expect(await w.send({ type: 'timeline/pause', paused: true })).toMatchObject({ ok: true, timeline: { paused: true } });
    expect(await w.send({ type: 'timeline/clear' })).toMatchObject({ ok: true, timeline: { events: [], paused: true } });
    expect(JSON.stringify(got)).not.toContain(SID_A);
  });

  it('starts from an empty timeline when storage holds garbage', async () => {
    await w.session.set({ [TIMELINE_STORAGE_KEY]: 'garbage', [TIMELINE_PENDING_KEY]: [1, 2] });
    await recordCookieChange(w.deps, cookie(SID_A), now);
    expect(kinds((await stored()).events)).toEqual(['cookie set']);
  });
});

describe('the webRequest filter', () => {
  /** A match pattern as the browser applies it: `*` any run of characters, the host `*` any host. */
  const matches = (url: string) =>
    TIMELINE_URL_PATTERNS.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url));

  it('asks for every sign-in path the recorder keeps, on any https host, and nothing else', () => {
    for (const path of ['/oauth2/v1/authorize?x=1', '/idp/idx/identify', '/api/v1/authn', '/api/v1/sessions/me', '/login/login.htm', '/login', '/signin/verify', '/sso/idps/0oa1', '/app/salesforce/exk1/sso/saml', '/logout', '/signout']) {
      expect(isSignInRelated(new URL(`https://x${path}`).pathname), path).toBe(true);
      expect(matches(`https://${HOST}${path}`), path).toBe(true);
      expect(matches(`https://login.example-corp.test${path}`), path).toBe(true);
    }
    for (const url of [`${ORG}/api/v1/users/me`, `${ORG}/app/UserHome`, `${ORG}/assets/app.js`, `http://${HOST}/login/login.htm`]) expect(matches(url), url).toBe(false);
    for (const p of TIMELINE_URL_PATTERNS) expect(p).toMatch(/^https:\/\/\*\/[a-z]/);
  });
});
