// The session requests, end to end through the router, against the real HTTPS mock org.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startMockOrg, defaultOrgSeeds, type MockOrg } from '../../test/mock-org/server';
import {
  DEMO_API_TOKEN,
  DEMO_ORG_HOST,
  DEMO_READ_ONLY_ACCESS_TOKEN,
  DEMO_USER,
  SECOND_API_TOKEN,
  SECOND_ORG_HOST,
} from '../../test/mock-org/demo';
import { ALL_SESSION_SCOPES } from '../../test/mock-org/state';
import { orgFetch } from '../../test/support/org-fetch';
import { sessionIdHint, sessionKey } from '../okta/session-id';
import type { InspectView, Request } from '../shared/protocol';
import { createWorld, type World } from './test-fakes';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;
const SECOND_ORIGIN = `https://${SECOND_ORG_HOST}`;
const OIE_ORG_HOST = 'oie-demo.oktapreview.com';
const OIE_API_TOKEN = '00OieOrgApiToken_oie-demo_notASecret00000003';
const CUSTOM_HOST = 'login.example-corp.test';

let mock: MockOrg;
let fetchOrg: typeof fetch;
/** The mock's clock, so a refresh can be seen to move expiresAt. */
let mockNow = Date.parse('2030-01-01T08:00:00.000Z');
const workerNow = () => 1_900_000_000_000;

beforeAll(async () => {
  mock = await startMockOrg({
    now: () => mockNow,
    orgs: [
      ...defaultOrgSeeds(),
      { host: OIE_ORG_HOST, mode: 'oie', apiTokens: { [OIE_API_TOKEN]: ALL_SESSION_SCOPES }, users: [{ ...DEMO_USER }] },
    ],
  });
  fetchOrg = orgFetch(mock);
});
afterAll(() => mock.close());

let w: World;
beforeEach(() => {
  mock.log.length = 0;
  mock.clearFaults();
  w = createWorld({ fetch: fetchOrg, now: workerNow });
});

async function configure(orgUrl: string, token?: string, customDomains: string[] = [], kind: 'api-token' | 'access-token' = 'api-token') {
  const reply = await w.send({
    type: 'settings/save-org',
    orgUrl,
    customDomains,
    remember: false,
    ...(token ? { credential: { kind, token } } : {}),
  });
  expect(reply).toMatchObject({ ok: true });
}

/**
 * Signs the demo user in on the mock org and puts the org's session cookie in the browser's jar for `cookieHost`,
 * in a cookie store (default: the main one).
 */
function signIn(orgHost: string, cookieHost = orgHost, storeId?: string) {
  const org = mock.org(orgHost);
  const session = org.createSession(DEMO_USER.login);
  const cookie = org.sessionCookie(session.id);
  w.cookies.set(cookieHost, cookie.name, cookie.value, storeId);
  return { session, cookie };
}

/** The reply's view, without **In this browser** (`cookies`), which has tests of its own below. */
async function view(request: Request): Promise<InspectView> {
  const { cookies: _cookies, ...rest } = (await fullView(request)) as InspectView & { cookies?: unknown };
  return rest as InspectView;
}

async function fullView(request: Request): Promise<InspectView> {
  const reply = await w.send(request);
  if (!reply.ok || !('view' in reply) || reply.view === null) throw new Error(`expected a view, got ${JSON.stringify(reply)}`);
  return reply.view;
}

const apiRequests = () => mock.log.filter((e) => e.path.startsWith('/api/'));

/** How the pages know a session: its hint and key, never its id. */
async function shown(id: string) {
  return { idHint: sessionIdHint(id), key: await sessionKey(id) };
}

describe('session/inspect', () => {
  it('shows a Classic session found from the sid cookie, asking only the org with its own token', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);

    const v = await view({ type: 'session/inspect', tabId });

    expect(v).toEqual({
      state: 'session',
      org: { origin: DEMO_ORIGIN },
      source: 'sid',
      fetchedAt: workerNow(),
      session: {
        idHint: sessionIdHint(session.id),
        key: await sessionKey(session.id),
        userId: session.userId,
        login: DEMO_USER.login,
        status: 'ACTIVE',
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
        lastPasswordVerification: session.lastPasswordVerification,
        lastFactorVerification: null,
        amr: ['pwd'],
        idp: { id: session.idp.id, type: 'OKTA' },
        mfaActive: false,
      },
    });
    expect(JSON.stringify(v)).not.toContain('_links');
    expect(JSON.stringify(v)).not.toContain(session.id);
    expect(apiRequests().map((e) => [e.method, e.host, e.path, e.authorization])).toEqual([
      ['GET', DEMO_ORG_HOST, `/api/v1/sessions/${session.id}`, `SSWS ${DEMO_API_TOKEN}`],
    ]);
    // The API call carries the token only, not the user's own session cookie.
    expect(apiRequests()[0]!.cookieNames).toEqual([]);
  });

  it('shows an OIE session whose id is derived from the idx cookie, without the cookie value anywhere in the reply', async () => {
    await configure(OIE_ORG_HOST, OIE_API_TOKEN);
    const { session, cookie } = signIn(OIE_ORG_HOST);
    expect(cookie.name).toBe('idx');
    const tabId = w.tabs.open(`https://${OIE_ORG_HOST}/enduser/settings`);

    const reply = await w.send({ type: 'session/inspect', tabId });

    expect(reply).toMatchObject({ ok: true, view: { state: 'session', source: 'idx', session: { ...(await shown(session.id)), login: DEMO_USER.login } } });
    expect(JSON.stringify(reply)).not.toContain(cookie.value);
    expect(JSON.stringify(reply)).not.toContain(session.id);
    expect(w.session.dump()).not.toContain(cookie.value);
    expect(w.session.dump()).not.toContain(session.id);
    expect(apiRequests().map((e) => [e.host, e.path])).toEqual([[OIE_ORG_HOST, `/api/v1/sessions/${session.id}`]]);
  });

  it('prefers sid when both cookies exist', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const other = mock.org(OIE_ORG_HOST).sessionCookie('idxSomeOtherSession00001');
    w.cookies.set(DEMO_ORG_HOST, 'idx', other.value);
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(v).toMatchObject({ state: 'session', source: 'sid', session: await shown(session.id) });
  });

  it('maps the -admin host to its org, reading the cookie where the tab is and calling the org origin', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const adminHost = DEMO_ORG_HOST.replace('.okta.com', '-admin.okta.com');
    const { session } = signIn(DEMO_ORG_HOST, adminHost);
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`https://${adminHost}/admin/dashboard`) });
    expect(v).toMatchObject({ state: 'session', org: { origin: DEMO_ORIGIN, via: `https://${adminHost}` }, session: await shown(session.id) });
    expect(apiRequests().map((e) => e.host)).toEqual([DEMO_ORG_HOST]);
  });

  it("maps a configured custom domain to its org: the cookie is the custom host's, the request goes to the org", async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN, [`https://${CUSTOM_HOST}`]);
    const { session } = signIn(DEMO_ORG_HOST, CUSTOM_HOST);
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`https://${CUSTOM_HOST}/app/UserHome`) });
    expect(v).toMatchObject({ state: 'session', org: { origin: DEMO_ORIGIN, via: `https://${CUSTOM_HOST}` }, session: await shown(session.id) });
    expect(apiRequests().map((e) => [e.host, e.authorization])).toEqual([[DEMO_ORG_HOST, `SSWS ${DEMO_API_TOKEN}`]]);
  });

  it('inspects a configured org named directly (from the not-okta list), reading cookies at the org origin', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const v = await view({ type: 'session/inspect', org: DEMO_ORIGIN });
    expect(v).toMatchObject({ state: 'session', org: { origin: DEMO_ORIGIN }, session: await shown(session.id) });
  });

  it('refuses an org target that is not configured, without a request', async () => {
    signIn(SECOND_ORG_HOST);
    const reply = await w.send({ type: 'session/inspect', org: SECOND_ORIGIN });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(mock.log).toEqual([]);
  });

  it('says no-cookie when the browser holds no session for the org, without a request', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/login/login.htm`) });
    expect(v).toEqual({ state: 'no-cookie', org: { origin: DEMO_ORIGIN }, hasCredential: true });
    expect(mock.log).toEqual([]);
  });

  it('treats a cookie that is no plausible session id as no cookie, and never sends it', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    w.cookies.set(DEMO_ORG_HOST, 'sid', '../../users/me?x=1');
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(v.state).toBe('no-cookie');
    expect(mock.log).toEqual([]);
  });

  it('reads the session with the browser’s cookie for an org without a token, configured or not, with no credential sent', async () => {
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    const expected = {
      state: 'session',
      org: { origin: DEMO_ORIGIN },
      source: 'sid',
      readWith: 'cookie',
      fetchedAt: workerNow(),
      session: expect.objectContaining({ ...(await shown(session.id)), login: DEMO_USER.login }),
    };
    expect(await view({ type: 'session/inspect', tabId })).toEqual({ ...expected, configured: false });
    await configure(DEMO_ORG_HOST);
    expect(await view({ type: 'session/inspect', tabId })).toEqual(expected);
    expect(apiRequests().map((e) => [e.host, e.method, e.path, e.credential, e.cookieNames])).toEqual([
      [DEMO_ORG_HOST, 'GET', '/api/v1/sessions/me', null, ['sid']],
      [DEMO_ORG_HOST, 'GET', '/api/v1/sessions/me', null, ['sid']],
    ]);
  });

  it('refreshes and revokes through /me with the cookie, after the same stale check', async () => {
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    const key = await sessionKey(session.id);
    const before = mock.org(DEMO_ORG_HOST).activeSession(session.id)!.expiresAt;
    mockNow += 10 * 60_000;
    try {
      const refreshed = await view({ type: 'session/refresh', tabId, sessionKey: key });
      expect(refreshed).toMatchObject({ state: 'session', readWith: 'cookie' });
      expect(Date.parse(mock.org(DEMO_ORG_HOST).activeSession(session.id)!.expiresAt)).toBeGreaterThan(Date.parse(before));
      // Another session in the tab since: refused, nothing sent.
      expect(await w.send({ type: 'session/revoke', tabId, sessionKey: await sessionKey('102someOtherSession000000'), confirmed: true })).toMatchObject({
        ok: false,
        error: { kind: 'stale' },
      });
      expect(await view({ type: 'session/revoke', tabId, sessionKey: key, confirmed: true })).toMatchObject({ state: 'ended', readWith: 'cookie', configured: false });
      expect(mock.org(DEMO_ORG_HOST).activeSession(session.id)).toBeFalsy();
      expect(apiRequests().map((e) => [e.method, e.path, e.credential])).toEqual([
        ['POST', '/api/v1/sessions/me/lifecycle/refresh', null],
        ['DELETE', '/api/v1/sessions/me', null],
      ]);
    } finally {
      mockNow -= 10 * 60_000;
    }
  });

  it('falls back to the cookie view, explained, when Okta refuses /me', async () => {
    signIn(DEMO_ORG_HOST);
    mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/me' });
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(v).toMatchObject({
      state: 'no-credential',
      source: 'sid',
      configured: false,
      cookieRead: { status: 'refused', httpStatus: 403, errorCode: 'E0000006', message: expect.stringMatching(/no longer answer \/api\/v1\/sessions\/me/) },
    });
  });

  it('does not read with the cookie when the org turns it off, or for a tab with cookies of its own', async () => {
    await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false, readWithCookie: false });
    signIn(DEMO_ORG_HOST);
    expect(await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) })).toMatchObject({ state: 'no-credential', cookieRead: { status: 'off' } });
    signIn(SECOND_ORG_HOST, SECOND_ORG_HOST, 'firefox-container-2');
    const contained = w.tabs.open(`${SECOND_ORIGIN}/`, { cookieStoreId: 'firefox-container-2' });
    expect(await view({ type: 'session/inspect', tabId: contained })).toMatchObject({ state: 'no-credential', cookieRead: { status: 'other-store' } });
    expect(apiRequests()).toEqual([]);
  });

  it('asks /me for a second opinion when Okta answers 404 for an idx-derived id', async () => {
    await configure(OIE_ORG_HOST, OIE_API_TOKEN);
    const { session } = signIn(OIE_ORG_HOST);
    // As Okta before 2025.10.1: the by-id call does not find Identity Engine sessions.
    mock.fault({ kind: 'status', status: 404, path: `/api/v1/sessions/${session.id}` });
    // The mock reads the cookie header; the jar holds the idx cookie for the OIE host.
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`https://${OIE_ORG_HOST}/`) });
    expect(v).toMatchObject({ state: 'session', source: 'idx', readWith: 'cookie', session: { login: DEMO_USER.login } });
    expect(apiRequests().map((e) => [e.path, e.credential, e.status])).toEqual([
      [`/api/v1/sessions/${session.id}`, 'SSWS', 404],
      ['/api/v1/sessions/me', null, 200],
    ]);
  });

  it('shows In this browser: Okta’s cookies with their attributes, never a value', async () => {
    const { cookie } = signIn(OIE_ORG_HOST);
    w.cookies.set(OIE_ORG_HOST, 'DT', 'device-token-value-not-to-be-shown');
    w.cookies.set(OIE_ORG_HOST, 'other', 'not-okta');
    const v = await fullView({ type: 'session/inspect', tabId: w.tabs.open(`https://${OIE_ORG_HOST}/`) });
    expect(v.state !== 'not-okta' && v.cookies).toEqual([
      {
        name: 'idx', domain: OIE_ORG_HOST, path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'no_restriction', partitioned: false,
        idx: { xsidHint: expect.stringMatching(/^idx.…/), orgId: mock.org(OIE_ORG_HOST).orgId },
      },
      { name: 'DT', domain: OIE_ORG_HOST, path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'no_restriction', partitioned: false },
    ]);
    const text = JSON.stringify(v);
    expect(text).not.toContain(cookie.value);
    expect(text).not.toContain('device-token-value');
  });

  it('says ended when Okta answers 404 for the session', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    mock.org(DEMO_ORG_HOST).endSession(session.id);
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(v).toEqual({
      state: 'ended',
      org: { origin: DEMO_ORIGIN },
      sessionKey: await sessionKey(session.id),
      idHint: sessionIdHint(session.id),
      source: 'sid',
    });
    expect(apiRequests().map((e) => e.status)).toEqual([404]);
  });

  it('lists configured orgs for a tab that is not Okta, with no request', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    await configure(SECOND_ORG_HOST);
    signIn(DEMO_ORG_HOST);
    const oie = mock.org(OIE_ORG_HOST).sessionCookie('idxAnotherSession000000001');
    w.cookies.set(SECOND_ORG_HOST, 'idx', oie.value);
    // A look-alike host is not Okta.
    const v = await view({ type: 'session/inspect', tabId: w.tabs.open(`https://${DEMO_ORG_HOST}.evil.example/login`) });
    expect(v).toEqual({
      state: 'not-okta',
      host: `${DEMO_ORG_HOST}.evil.example`,
      orgs: [
        { origin: DEMO_ORIGIN, hasCredential: true, sessionCookie: 'sid' },
        { origin: SECOND_ORIGIN, hasCredential: false, sessionCookie: 'idx' },
      ],
    });
    expect(mock.log).toEqual([]);
  });

  it('answers not-okta for a tab whose URL the browser hides, and a typed failure for a closed tab', async () => {
    expect(await view({ type: 'session/inspect', tabId: w.tabs.open(undefined) })).toEqual({ state: 'not-okta', orgs: [] });
    expect(await w.send({ type: 'session/inspect', tabId: 999 })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
  });

  it("says which permission is missing when the browser refuses a custom domain's cookies", async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN, [`https://${CUSTOM_HOST}`]);
    w.cookies.denied.add(CUSTOM_HOST);
    const reply = await w.send({ type: 'session/inspect', tabId: w.tabs.open(`https://${CUSTOM_HOST}/`) });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'permission', org: { origin: DEMO_ORIGIN, via: `https://${CUSTOM_HOST}` } } });
    expect(mock.log).toEqual([]);
  });
});

describe("a credential goes only to its own org", () => {
  it("a tab on org B, with only org A configured, causes no request carrying A's token", async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(SECOND_ORG_HOST);
    const tabId = w.tabs.open(`${SECOND_ORIGIN}/app/UserHome`);

    // Org B is read with the tab's own cookie, sent to B alone; A's token goes nowhere.
    expect(await view({ type: 'session/inspect', tabId })).toMatchObject({ state: 'session', org: { origin: SECOND_ORIGIN }, readWith: 'cookie', configured: false });
    expect(await w.send({ type: 'session/cached', tabId })).toMatchObject({ ok: true });
    expect(mock.log.filter((e) => e.authorization)).toEqual([]);
    expect(mock.log.map((e) => [e.host, e.path])).toEqual([[SECOND_ORG_HOST, '/api/v1/sessions/me']]);
    expect(mock.org(SECOND_ORG_HOST).sessions.has(session.id)).toBe(true);
  });

  it('with both orgs configured, each tab uses its own org and token', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    await configure(SECOND_ORG_HOST, SECOND_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    signIn(SECOND_ORG_HOST);
    await view({ type: 'session/inspect', tabId: w.tabs.open(`${SECOND_ORIGIN}/`) });
    await view({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(apiRequests().map((e) => [e.host, e.authorization, e.status])).toEqual([
      [SECOND_ORG_HOST, `SSWS ${SECOND_API_TOKEN}`, 200],
      [DEMO_ORG_HOST, `SSWS ${DEMO_API_TOKEN}`, 200],
    ]);
  });
});

describe('session/refresh and session/revoke', () => {
  it('refresh moves expiresAt and replies with the new session view', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const before = session.expiresAt;
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    mockNow += 15 * 60 * 1000;

    const v = await view({ type: 'session/refresh', tabId, sessionKey: await sessionKey(session.id) });

    const expected = new Date(Date.parse(before) + 15 * 60 * 1000).toISOString();
    expect(v).toMatchObject({ state: 'session', session: { ...(await shown(session.id)), expiresAt: expected } });
    expect(mock.org(DEMO_ORG_HOST).sessions.get(session.id)?.expiresAt).toBe(expected);
    expect(apiRequests().map((e) => [e.method, e.path])).toEqual([['POST', `/api/v1/sessions/${session.id}/lifecycle/refresh`]]);
  });

  it('revoke ends the session at Okta and replies ended; a later inspect agrees', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);

    const key = await sessionKey(session.id);
    const v = await view({ type: 'session/revoke', tabId, sessionKey: key, confirmed: true });

    expect(v).toEqual({ state: 'ended', org: { origin: DEMO_ORIGIN }, sessionKey: key, idHint: sessionIdHint(session.id), source: 'sid' });
    expect(mock.org(DEMO_ORG_HOST).sessions.has(session.id)).toBe(false);
    expect(await view({ type: 'session/inspect', tabId })).toMatchObject({ state: 'ended', sessionKey: key });
    expect(apiRequests().map((e) => [e.method, e.status])).toEqual([
      ['DELETE', 204],
      ['GET', 404],
    ]);
  });

  it('refuses to refresh or revoke when the tab now holds another session, with no request', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const first = signIn(DEMO_ORG_HOST).session;
    const second = signIn(DEMO_ORG_HOST).session; // the tab signed in again meanwhile
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    const stale = { ok: false, error: { kind: 'stale', message: "The tab's session changed since you opened the popup; look again." } };

    expect(await w.send({ type: 'session/refresh', tabId, sessionKey: await sessionKey(first.id) })).toMatchObject(stale);
    expect(await w.send({ type: 'session/revoke', tabId, sessionKey: await sessionKey(first.id), confirmed: true })).toMatchObject(stale);
    // The id itself is no key: a page that somehow had it could not use it to name a session.
    expect(await w.send({ type: 'session/revoke', tabId, sessionKey: second.id, confirmed: true })).toMatchObject(stale);
    w.cookies.clear(DEMO_ORG_HOST); // signed out
    expect(await w.send({ type: 'session/revoke', tabId, sessionKey: await sessionKey(second.id), confirmed: true })).toMatchObject(stale);

    expect(mock.log).toEqual([]);
    expect(mock.org(DEMO_ORG_HOST).sessions.has(first.id)).toBe(true);
    expect(mock.org(DEMO_ORG_HOST).sessions.has(second.id)).toBe(true);
  });

  it("passes Okta's refusal on as a typed failure with Okta's details and the org", async () => {
    await configure(DEMO_ORG_HOST, DEMO_READ_ONLY_ACCESS_TOKEN, [], 'access-token');
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    const reply = await w.send({ type: 'session/refresh', tabId, sessionKey: await sessionKey(session.id) });
    const log = apiRequests();
    expect(log.map((e) => [e.authorization, e.status])).toEqual([[`Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}`, 403]]);
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', status: 403, org: { origin: DEMO_ORIGIN }, okta: { errorCode: 'E0000006', requestId: log[0]!.requestId } },
    });
    expect(JSON.stringify(reply)).not.toContain(DEMO_READ_ONLY_ACCESS_TOKEN);
  });

  it('gives up on a long rate-limit wait at once and says when it resets', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    mock.fault({ kind: 'rate-limit', resetInSeconds: 120, host: DEMO_ORG_HOST });
    const reply = await w.send({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`) });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'rate_limited', status: 429, okta: { errorCode: 'E0000047' } } });
    if (reply.ok) throw new Error('unreachable');
    // Later than the worker would ever wait for (its cap is 5 s), so the popup can show it.
    // The reset is 120 s away by Okta's clock (plus Okta's one-second rounding), whatever the worker's clock says.
    expect(reply.error.retryAt! - workerNow()).toBeGreaterThanOrEqual(120_000);
    expect(reply.error.retryAt! - workerNow()).toBeLessThanOrEqual(122_000);
    expect(reply.error.message).toMatch(/resets at/);
    expect(apiRequests()).toHaveLength(1);
  });
});

describe("a tab's own cookie store (Firefox containers and private windows, Chrome incognito)", () => {
  const CONTAINER = 'firefox-container-1';

  it('a container tab shows and revokes its own session, never the main store’s', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const main = signIn(DEMO_ORG_HOST).session;
    const contained = signIn(DEMO_ORG_HOST, DEMO_ORG_HOST, CONTAINER).session;
    const mainTab = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`, { cookieStoreId: 'firefox-default' });
    const containerTab = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`, { cookieStoreId: CONTAINER });
    w.cookies.set(DEMO_ORG_HOST, 'sid', main.id, 'firefox-default');

    expect(await view({ type: 'session/inspect', tabId: containerTab })).toMatchObject({ state: 'session', session: await shown(contained.id) });
    expect(await view({ type: 'session/inspect', tabId: mainTab })).toMatchObject({ state: 'session', session: await shown(main.id) });
    // The main tab's session named from the container tab is stale there: nothing happens to it.
    const wrong = await w.send({ type: 'session/revoke', tabId: containerTab, sessionKey: await sessionKey(main.id), confirmed: true });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'stale' } });

    await view({ type: 'session/revoke', tabId: containerTab, sessionKey: await sessionKey(contained.id), confirmed: true });
    expect(mock.org(DEMO_ORG_HOST).sessions.has(contained.id)).toBe(false);
    expect(mock.org(DEMO_ORG_HOST).sessions.has(main.id)).toBe(true);
    expect(apiRequests().filter((e) => e.method === 'DELETE').map((e) => e.path)).toEqual([`/api/v1/sessions/${contained.id}`]);
  });

  it('the main tab and a container tab each keep their own cached view, and a settings change forgets both', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const main = signIn(DEMO_ORG_HOST).session;
    const contained = signIn(DEMO_ORG_HOST, DEMO_ORG_HOST, CONTAINER).session;
    const mainTab = w.tabs.open(`${DEMO_ORIGIN}/`);
    const containerTab = w.tabs.open(`${DEMO_ORIGIN}/`, { cookieStoreId: CONTAINER });

    const mainView = await fullView({ type: 'session/inspect', tabId: mainTab });
    await view({ type: 'session/inspect', tabId: containerTab });
    const refreshed = await fullView({ type: 'session/refresh', tabId: containerTab, sessionKey: await sessionKey(contained.id) });
    const requests = mock.log.length;
    // Neither tab's look evicted the other's: both paint at once, each its own session.
    expect(await w.send({ type: 'session/cached', tabId: mainTab })).toEqual({ ok: true, view: mainView });
    expect(await w.send({ type: 'session/cached', tabId: containerTab })).toEqual({ ok: true, view: refreshed });
    expect(mock.log).toHaveLength(requests);
    expect(mainView).toMatchObject({ session: await shown(main.id) });
    expect(refreshed).toMatchObject({ session: await shown(contained.id) });

    await configure(DEMO_ORG_HOST, SECOND_API_TOKEN);
    expect(await w.send({ type: 'session/cached', tabId: mainTab })).toEqual({ ok: true, view: null });
    expect(await w.send({ type: 'session/cached', tabId: containerTab })).toEqual({ ok: true, view: null });
  });

  it('a Chrome incognito tab reads the store whose tab list holds it', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    const incognito = signIn(DEMO_ORG_HOST, DEMO_ORG_HOST, '1').session;
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`, { incognito: true });
    w.cookieStores.push({ id: '0', tabIds: [tabId + 1] }, { id: '1', tabIds: [tabId] });

    expect(await view({ type: 'session/inspect', tabId })).toMatchObject({ state: 'session', session: await shown(incognito.id) });
    expect(await w.send({ type: 'session/cached', tabId })).toMatchObject({ ok: true, view: { session: await shown(incognito.id) } });
  });

  it('an incognito tab no store claims gets a plain failure, not the main window’s session', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    const reply = await w.send({ type: 'session/inspect', tabId: w.tabs.open(`${DEMO_ORIGIN}/`, { incognito: true }) });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'internal', message: expect.stringMatching(/incognito tab/) } });
    expect(mock.log).toEqual([]);
  });

  it("a container tab that is not Okta lists the container's sessions", async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    expect(await view({ type: 'session/inspect', tabId: w.tabs.open('https://example.com/', { cookieStoreId: CONTAINER }) })).toMatchObject({
      orgs: [{ origin: DEMO_ORIGIN, sessionCookie: null }],
    });
    signIn(DEMO_ORG_HOST, DEMO_ORG_HOST, CONTAINER);
    expect(await view({ type: 'session/inspect', tabId: w.tabs.open('https://example.com/', { cookieStoreId: CONTAINER }) })).toMatchObject({
      orgs: [{ origin: DEMO_ORIGIN, sessionCookie: 'sid' }],
    });
  });
});

describe('session/cached', () => {
  it('is null before any inspect, then the last view, and never makes a request', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);

    expect(await w.send({ type: 'session/cached', tabId })).toEqual({ ok: true, view: null });
    expect(mock.log).toEqual([]);

    const fresh = await fullView({ type: 'session/inspect', tabId });
    const requests = mock.log.length;
    expect(await w.send({ type: 'session/cached', tabId })).toEqual({ ok: true, view: fresh });
    expect(mock.log).toHaveLength(requests);

    const key = await sessionKey(session.id);
    await view({ type: 'session/revoke', tabId, sessionKey: key, confirmed: true });
    const afterRevoke = mock.log.length;
    expect(await w.send({ type: 'session/cached', tabId })).toEqual({
      ok: true,
      view: { state: 'ended', org: { origin: DEMO_ORIGIN }, sessionKey: key, idHint: sessionIdHint(session.id), source: 'sid', cookies: fresh.state === 'session' ? fresh.cookies : [] },
    });
    expect(mock.log).toHaveLength(afterRevoke);
  });

  it("offers nothing once the tab holds a different session than the cached view's", async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    await view({ type: 'session/inspect', tabId });
    signIn(DEMO_ORG_HOST); // another user signed in in this browser
    expect(await w.send({ type: 'session/cached', tabId })).toEqual({ ok: true, view: null });
  });

  it('never offers an entry cached by an older version, which held the session id itself', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    const old = { state: 'session', org: { origin: DEMO_ORIGIN }, source: 'sid', fetchedAt: 1, session: { id: session.id, login: DEMO_USER.login } };
    // As it was stored then (one entry per org), and in today's place (per cookie store) with the old fields.
    for (const item of [{ view: old, sessionId: session.id }, { stores: { '': { view: old, sessionId: session.id } } }]) {
      w.session.items.set(`view:${DEMO_ORIGIN}`, item);
      expect(await w.send({ type: 'session/cached', tabId })).toEqual({ ok: true, view: null });
    }
    // The next inspect replaces it with an entry that has no id in it.
    await view({ type: 'session/inspect', tabId });
    expect(w.session.dump()).not.toContain(session.id);
  });

  it('survives a worker restart: fresh modules over the same storage find the view', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    const fresh = await fullView({ type: 'session/inspect', tabId });
    // A stopped worker comes back with fresh module state; only storage and the browser's cookies remain.
    vi.resetModules();
    const { handleMessage } = await import('./router');
    expect(await handleMessage({ ...w.deps }, { type: 'session/cached', tabId }, { id: w.deps.runtimeId, url: `${w.deps.extensionOrigin}/popup.html` })).toEqual({
      ok: true,
      view: fresh,
    });
  });
});

describe('the session id stays in the worker', () => {
  it('no reply to a full use of a Classic session (cached, inspect, refresh, failures, revoke, ended) carries the sid value', async () => {
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    }
    try {
      await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
      const { session, cookie } = signIn(DEMO_ORG_HOST);
      expect(cookie).toMatchObject({ name: 'sid', value: session.id }); // in Classic the cookie value IS the id
      const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
      const { idHint, key } = await shown(session.id);

      const replies = [
        await w.send({ type: 'session/cached', tabId }),
        await w.send({ type: 'session/inspect', tabId }),
        await w.send({ type: 'session/cached', tabId }),
        await w.send({ type: 'session/refresh', tabId, sessionKey: key }),
      ];
      // Okta's own error texts may quote the id (its 404 summary does): the page gets the hint in its place.
      mock.fault({
        kind: 'status',
        status: 500,
        host: DEMO_ORG_HOST,
        body: { errorCode: 'E0000009', errorSummary: `Internal error on session ${session.id}`, errorId: 'oaeIdEcho1', errorCauses: [] },
      });
      const failed = await w.send({ type: 'session/refresh', tabId, sessionKey: key });
      expect(failed).toMatchObject({ ok: false, error: { kind: 'okta', status: 500, okta: { errorSummary: `Internal error on session ${idHint}` } } });
      if (failed.ok) throw new Error('unreachable');
      expect(failed.error.message).toContain(idHint);
      replies.push(failed);
      replies.push(await w.send({ type: 'session/revoke', tabId, sessionKey: 'not-the-key', confirmed: true }));
      replies.push(
        await w.send({ type: 'session/revoke', tabId, sessionKey: key, confirmed: true }),
        await w.send({ type: 'session/cached', tabId }),
        await w.send({ type: 'session/inspect', tabId }),
      );

      expect(replies.map((r) => (r.ok && 'view' in r ? (r.view?.state ?? null) : r.ok || r.error.kind))).toEqual([
        null,
        'session',
        'session',
        'session',
        'okta',
        'stale',
        'ended',
        'ended',
        'ended',
      ]);
      // The control: the session really was used, by its id, in the paths the worker requested.
      expect(apiRequests().map((e) => e.path)).toContain(`/api/v1/sessions/${session.id}/lifecycle/refresh`);
      expect(mock.org(DEMO_ORG_HOST).sessions.has(session.id)).toBe(false);
      for (const reply of replies) {
        expect(JSON.stringify(reply)).not.toContain(session.id);
        expect(JSON.stringify(reply)).not.toContain(cookie.value);
      }
      // Nor does the worker keep it where a page's view is cached, nor print it.
      expect(w.session.dump()).not.toContain(session.id);
      expect(w.local.dump()).not.toContain(session.id);
      expect(logged.filter((line) => line.includes(session.id))).toEqual([]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a page cannot name a session by its hint or by a guess at the key', async () => {
    await configure(DEMO_ORG_HOST, DEMO_API_TOKEN);
    const { session } = signIn(DEMO_ORG_HOST);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/`);
    for (const guess of [sessionIdHint(session.id), '', 'x'.repeat(16)]) {
      expect(await w.send({ type: 'session/revoke', tabId, sessionKey: guess, confirmed: true })).toMatchObject({ ok: false, error: { kind: 'stale' } });
    }
    expect(await w.send({ type: 'session/revoke', tabId, sessionKey: 'k'.repeat(65), confirmed: true })).toMatchObject({
      ok: false,
      error: { kind: 'bad_request' },
    });
    expect(mock.log).toEqual([]);
    expect(mock.org(DEMO_ORG_HOST).sessions.has(session.id)).toBe(true);
  });
});
