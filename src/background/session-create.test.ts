// Create session and the api events of the extension's own calls, through the router, against the real HTTPS
// mock org. The session token is a credential: it must not come back in a reply, land in storage or a log.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_API_TOKEN, DEMO_MANAGE_ACCESS_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../../test/mock-org/demo';
import { sessionIdHint, sessionKey } from '../okta/session-id';
import { parseTimelineState } from '../shared/timeline/schema';
import type { ReplyFor } from '../shared/protocol';
import { API_TOKEN_ONLY } from './session-create';
import { createWorld, useMockOrg, type World } from './test-fakes';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;

const okta = useMockOrg();

let w: World;
let consoleOut: string[];
beforeEach(() => {
  okta.mock.log.length = 0;
  okta.mock.clearFaults();
  w = createWorld({ fetch: okta.fetch });
  consoleOut = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void consoleOut.push(args.map(String).join(' ')));
  }
});
afterEach(() => vi.restoreAllMocks());

async function configure(kind: 'api-token' | 'access-token' = 'api-token', token = DEMO_API_TOKEN) {
  const reply = await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false, credential: { kind, token } });
  expect(reply.ok).toBe(true);
}

/** Everything the worker could leak a secret through: the reply, both storage areas, the console. */
function everything(reply: unknown): string {
  return [JSON.stringify(reply), w.local.dump(), w.session.dump(), consoleOut.join('\n')].join('\n');
}

const createRequests = () => okta.mock.log.filter((e) => e.method === 'POST' && e.path === '/api/v1/sessions');

describe('session/create', () => {
  it('creates a session from a session token and shows it, without adopting it unless asked', async () => {
    await configure();
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const reply = (await w.send({ type: 'session/create', tabId, sessionToken: token, use: false })) as ReplyFor<'session/create'>;

    const created = [...okta.mock.org(DEMO_ORG_HOST).sessions.values()].at(-1)!;
    expect(reply).toMatchObject({
      ok: true,
      view: { state: 'session', org: { origin: DEMO_ORIGIN }, source: 'sid', session: { login: DEMO_USER.login, idHint: sessionIdHint(created.id), key: await sessionKey(created.id) } },
    });
    expect(createRequests()).toEqual([expect.objectContaining({ host: DEMO_ORG_HOST, authorization: `SSWS ${DEMO_API_TOKEN}`, status: 200 })]);
    expect(w.cookies.written).toEqual([]);
    for (const secret of [token, created.id, DEMO_API_TOKEN]) expect(JSON.stringify(reply)).not.toContain(secret);
    const all = everything(reply);
    for (const secret of [token, created.id]) expect(all).not.toContain(secret);

    const timeline = await w.send({ type: 'timeline/get' });
    expect(timeline).toMatchObject({
      ok: true,
      timeline: { events: [{ kind: 'api', action: 'create', method: 'POST', path: '/api/v1/sessions', status: 200, session: { hint: sessionIdHint(created.id) } }] },
    });
  });

  it('with use, sets the org’s sid cookie so the tab’s session is the new one', async () => {
    await configure();
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    const old = okta.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    w.cookies.set(DEMO_ORG_HOST, 'sid', old.id);
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const reply = await w.send({ type: 'session/create', tabId, sessionToken: token, use: true });
    expect(reply.ok).toBe(true);

    const created = [...okta.mock.org(DEMO_ORG_HOST).sessions.values()].at(-1)!;
    expect(created.id).not.toBe(old.id);
    expect(w.cookies.written).toEqual([
      { url: `${DEMO_ORIGIN}/`, name: 'sid', value: created.id, path: '/', secure: true, httpOnly: true, sameSite: 'no_restriction' },
    ]);
    const inspected = await w.send({ type: 'session/inspect', tabId });
    expect(inspected).toMatchObject({ ok: true, view: { state: 'session', session: { key: await sessionKey(created.id), login: DEMO_USER.login } } });
    // The popup may paint it at once next time.
    expect(await w.send({ type: 'session/cached', tabId })).toMatchObject({ ok: true, view: { session: { key: await sessionKey(created.id) } } });
    for (const secret of [token, created.id]) expect(everything(reply)).not.toContain(secret);
  });

  it('with use in a container tab, sets the cookie in that tab’s store only', async () => {
    await configure();
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`, { cookieStoreId: 'firefox-container-2' });
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    expect((await w.send({ type: 'session/create', tabId, sessionToken: token, use: true })).ok).toBe(true);

    const created = [...okta.mock.org(DEMO_ORG_HOST).sessions.values()].at(-1)!;
    expect(w.cookies.written).toEqual([expect.objectContaining({ name: 'sid', value: created.id, storeId: 'firefox-container-2' })]);
    expect(await w.cookies.get({ url: `${DEMO_ORIGIN}/`, name: 'sid' })).toBeNull();
    expect(await w.send({ type: 'session/inspect', tabId })).toMatchObject({ ok: true, view: { session: { key: await sessionKey(created.id) } } });
  });

  it('refuses an access token before asking Okta: only an API token may create sessions', async () => {
    await configure('access-token', DEMO_MANAGE_ACCESS_TOKEN);
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const reply = await w.send({ type: 'session/create', org: DEMO_ORIGIN, sessionToken: token, use: true });
    expect(reply).toEqual({ ok: false, error: { kind: 'forbidden', message: API_TOKEN_ONLY, org: { origin: DEMO_ORIGIN } } });
    expect(createRequests()).toEqual([]);
    expect(w.cookies.written).toEqual([]);
    expect(everything(reply)).not.toContain(token);
  });

  it('says a used session token is what Okta refused, with Okta’s error code, and never quotes it', async () => {
    await configure();
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    expect((await w.send({ type: 'session/create', org: DEMO_ORIGIN, sessionToken: token, use: false })).ok).toBe(true);
    const again = await w.send({ type: 'session/create', org: DEMO_ORIGIN, sessionToken: token, use: false });
    expect(again).toMatchObject({ ok: false, error: { kind: 'okta', status: 401, okta: { errorCode: 'E0000004' } } });
    expect(!again.ok && again.error.message).toMatch(/did not accept the session token/);
    const timeline = await w.send({ type: 'timeline/get' });
    expect(timeline).toMatchObject({ ok: true, timeline: { events: [{ action: 'create', status: 200 }, { action: 'create', status: 401, errorCode: 'E0000004' }] } });
    expect(everything([again, timeline])).not.toContain(token);
  });

  it('shows plainly that an org no longer offers the call, with Okta’s own answer', async () => {
    await configure();
    okta.mock.fault({ kind: 'status', status: 404, path: '/api/v1/sessions' });
    const token = 'aSessionTokenThatNeverReachesAnything01';
    const reply = await w.send({ type: 'session/create', org: DEMO_ORIGIN, sessionToken: token, use: true });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'okta', status: 404, okta: { errorCode: 'E0000007' } } });
    expect(!reply.ok && reply.error.message).toMatch(/refused to create a session \(HTTP 404\).*removed POST \/api\/v1\/sessions.*2025\.10/);
    expect(w.cookies.written).toEqual([]);
    expect(everything(reply)).not.toContain(token);
  });

  it('needs a configured org with a credential, and a tab on an Okta org', async () => {
    const token = 'aSessionTokenThatNeverReachesAnything02';
    const notOkta = w.tabs.open('https://intranet.example.com/');
    expect(await w.send({ type: 'session/create', tabId: notOkta, sessionToken: token, use: false })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    const onOrg = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    expect(await w.send({ type: 'session/create', tabId: onOrg, sessionToken: token, use: false })).toMatchObject({ ok: false, error: { kind: 'no_credential' } });
    await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false });
    expect(await w.send({ type: 'session/create', tabId: onOrg, sessionToken: token, use: false })).toMatchObject({ ok: false, error: { kind: 'no_credential' } });
    expect(okta.mock.log).toEqual([]);
  });

  it('explains a cookie the browser would not set, after the session was created', async () => {
    await configure();
    w.cookies.denied.add(DEMO_ORG_HOST);
    const token = okta.mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const reply = await w.send({ type: 'session/create', org: DEMO_ORIGIN, sessionToken: token, use: true });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'permission' } });
    expect(!reply.ok && reply.error.message).toMatch(/session was created/);
  });
});

describe('api events of the extension’s own calls', () => {
  it('records inspect, refresh and revoke with the id shown by its hint, and Okta’s error code on failure', async () => {
    await configure();
    const session = okta.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    w.cookies.set(DEMO_ORG_HOST, 'sid', session.id);
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    const sessionKeyOf = await sessionKey(session.id);
    expect((await w.send({ type: 'session/inspect', tabId })).ok).toBe(true);
    expect((await w.send({ type: 'session/refresh', tabId, sessionKey: sessionKeyOf })).ok).toBe(true);
    expect((await w.send({ type: 'session/revoke', tabId, sessionKey: sessionKeyOf, confirmed: true })).ok).toBe(true);
    expect((await w.send({ type: 'session/inspect', tabId })).ok).toBe(true); // ended: Okta answers 404

    const reply = (await w.send({ type: 'timeline/get' })) as ReplyFor<'timeline/get'>;
    if (!reply.ok) throw new Error('no timeline');
    const timeline = parseTimelineState(reply.timeline);
    const hint = sessionIdHint(session.id);
    const mark = { key: sessionKeyOf, hint };
    expect(timeline.events).toEqual([
      expect.objectContaining({ kind: 'api', action: 'inspect', method: 'GET', path: `/api/v1/sessions/${hint}`, status: 200, session: mark }),
      expect.objectContaining({ action: 'refresh', method: 'POST', path: `/api/v1/sessions/${hint}/lifecycle/refresh`, status: 200 }),
      expect.objectContaining({ action: 'revoke', method: 'DELETE', status: 204, session: mark }),
      expect.objectContaining({ action: 'inspect', status: 404, errorCode: 'E0000007' }),
    ]);
    expect(everything(reply)).not.toContain(session.id);
  });
});
