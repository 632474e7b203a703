// Sign in with Okta through the worker's router, against the real HTTPS mock org: the sign-in window is played
// over HTTPS (oauth-fakes.ts), tokens are exchanged, stored, used, renewed, rotated and revoked for real. Only the
// browser parts (storage, alarms, IndexedDB, the window) are in-memory stand-ins.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_DPOP_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../../test/mock-org/demo';
import { startMockOrg, type MockOrg } from '../../test/mock-org/server';
import { orgFetch } from '../../test/support/org-fetch';
import { createBrowser, depsFor, FAKE_REDIRECT_URI, POPUP_SENDER, type Browserish } from './oauth-fakes';
import { RENEW_ALARM, onRenewalAlarm } from './oauth-tokens';
import { handleMessage, type Reply } from './router';
import type { WorkerDeps } from './deps';
import { EXTENSION_ORIGIN } from './test-fakes';

const ORIGIN = `https://${DEMO_ORG_HOST}`;
const ALARM = `${RENEW_ALARM}${ORIGIN}`;
/** An app whose access tokens live two seconds, for renewal on a 401. */
const SHORT_CLIENT_ID = '0oaShortLivedTokens01';
/** An app granted okta.sessions.read only. */
const READ_ONLY_CLIENT_ID = '0oaReadOnlySessions01';

let mock: MockOrg;
let fetchOrg: typeof fetch;
let workerNow = Date.parse('2030-01-01T08:00:00.000Z');
const now = () => workerNow;

beforeAll(async () => {
  // One clock for both sides: DPoP proofs carry the worker's time and Okta checks it against its own.
  mock = await startMockOrg({ now });
  fetchOrg = orgFetch(mock);
  const base = { redirectUris: ['https://*.chromiumapp.org/'] };
  mock.org(DEMO_ORG_HOST).oauth.addClient({
    ...base,
    clientId: SHORT_CLIENT_ID,
    scopes: ['openid', 'profile', 'offline_access', 'okta.sessions.read', 'okta.sessions.manage'],
    accessTokenLifetimeSeconds: 2,
  });
  mock.org(DEMO_ORG_HOST).oauth.addClient({ ...base, clientId: READ_ONLY_CLIENT_ID, scopes: ['openid', 'profile', 'offline_access', 'okta.sessions.read'] });
});
afterAll(() => mock.close());

let b: Browserish;
let deps: WorkerDeps;
const replies: Reply[] = [];

beforeEach(() => {
  mock.log.length = 0;
  mock.clearFaults();
  mock.org(DEMO_ORG_HOST).oauth.trustedOrigins = undefined;
  workerNow = Date.parse('2030-01-01T08:00:00.000Z');
  b = createBrowser(fetchOrg);
  b.identity.user = { login: DEMO_USER.login, password: DEMO_USER.password };
  deps = depsFor(b, fetchOrg, now);
  replies.length = 0;
});

async function send(message: unknown, d = deps): Promise<Reply> {
  const reply = await handleMessage(d, message, POPUP_SENDER);
  replies.push(reply);
  return reply;
}

function signInRequest(over: Record<string, unknown> = {}) {
  return { type: 'oauth/sign-in', orgUrl: ORIGIN, customDomains: [], clientId: DEMO_CLIENT_ID, dpop: 'auto', staySignedIn: true, remember: false, ...over };
}

async function signIn(over: Record<string, unknown> = {}) {
  const reply = await send(signInRequest(over));
  if (!reply.ok || !('org' in reply)) throw new Error(`sign-in failed: ${JSON.stringify(reply)}`);
  return reply.org;
}

/** The org's session cookie in the browser's jar, as after signing in on the org's own page. */
function orgSession() {
  const org = mock.org(DEMO_ORG_HOST);
  const session = org.createSession(DEMO_USER.login);
  const cookie = org.sessionCookie(session.id);
  b.cookies.set(DEMO_ORG_HOST, cookie.name, cookie.value);
  return session;
}

const inspect = (d = deps) => send({ type: 'session/inspect', org: ORIGIN }, d);
const sessionCalls = () => mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'));
const tokenCalls = () => mock.log.filter((e) => e.path === '/oauth2/v1/token');
const revokeCalls = () => mock.log.filter((e) => e.path === '/oauth2/v1/revoke');

async function storedSecret(): Promise<Record<string, any>> {
  const key = `secret:${ORIGIN}`;
  return ((await b.session.get(key))[key] ?? (await b.local.get(key))[key]) as Record<string, any>;
}

function expectSession(reply: Reply, login = DEMO_USER.login) {
  expect(reply).toMatchObject({ ok: true, view: { state: 'session', session: { login } } });
}

describe('sign in', () => {
  it('opens the org authorization server with PKCE S256, state and nonce, and shows who signed in', async () => {
    const org = await signIn();
    expect(org).toMatchObject({
      origin: ORIGIN,
      clientId: DEMO_CLIENT_ID,
      oauth: { dpop: 'auto', staySignedIn: true },
      credential: {
        kind: 'oauth',
        signedInAs: DEMO_USER.login,
        canRenew: true,
        dpop: false,
        remember: false,
        scopes: expect.arrayContaining(['okta.sessions.read', 'okta.sessions.manage', 'offline_access']),
      },
    });
    expect(org.credential!.expiresAt).toBe(workerNow + 3600_000);
    const [opened] = b.identity.opened;
    const url = new URL(opened!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/oauth2/v1/authorize`);
    expect(opened!.interactive).toBe(true);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: DEMO_CLIENT_ID,
      response_type: 'code',
      redirect_uri: FAKE_REDIRECT_URI,
      code_challenge_method: 'S256',
      scope: 'openid profile offline_access okta.sessions.read okta.sessions.manage',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The code went to the token endpoint of the org, from the worker.
    expect(tokenCalls().map((e) => [e.host, e.status])).toEqual([[DEMO_ORG_HOST, 200]]);
    expect(b.alarms.alarms.get(ALARM)).toBe(workerNow + 3600_000 - 60_000);
  });

  it('keeps the tokens in storage.session only, never in a reply, and in storage.local only when remembered', async () => {
    await signIn();
    const secret = await storedSecret();
    expect(secret).toMatchObject({ kind: 'oauth', tokenType: 'Bearer', clientId: DEMO_CLIENT_ID });
    expect(b.session.dump()).toContain(secret.accessToken);
    expect(b.session.dump()).toContain(secret.refreshToken);
    expect(b.local.dump()).not.toContain(secret.accessToken);
    expect(b.local.dump()).not.toContain(secret.refreshToken);
    // Nothing but the shown fields: no id_token, no PKCE verifier.
    expect(Object.keys(secret).sort()).toEqual(['accessToken', 'clientId', 'expiresAt', 'kind', 'obtainedAt', 'refreshToken', 'scopes', 'signedInAs', 'tokenType']);
    orgSession();
    expectSession(await inspect());
    await send({ type: 'settings/get' });
    const everyReply = JSON.stringify(replies);
    expect(everyReply).not.toContain(secret.accessToken);
    expect(everyReply).not.toContain(secret.refreshToken);

    await signIn({ remember: true });
    const remembered = await storedSecret();
    expect(b.local.dump()).toContain(remembered.refreshToken);
    expect(b.session.dump()).not.toContain(remembered.refreshToken);
  });

  it('inspects the tab’s session with the Bearer token, on the org it came from only', async () => {
    await signIn();
    const session = orgSession();
    expectSession(await inspect());
    expect(sessionCalls().map((e) => [e.host, e.credential, e.path, e.status])).toEqual([[DEMO_ORG_HOST, 'Bearer', `/api/v1/sessions/${session.id}`, 200]]);
    // A tab on another org never gets this org's token.
    const other = mock.org(SECOND_ORG_HOST);
    const cookie = other.sessionCookie(other.createSession(DEMO_USER.login).id);
    b.cookies.set(SECOND_ORG_HOST, cookie.name, cookie.value);
    const tab = b.tabs.open(`https://${SECOND_ORG_HOST}/app/UserHome`);
    mock.log.length = 0;
    // Org B is read with the tab's own cookie only: no token of this org goes there.
    expect(await send({ type: 'session/inspect', tabId: tab })).toMatchObject({ ok: true, view: { state: 'session', readWith: 'cookie' } });
    expect(mock.log.filter((e) => e.authorization)).toEqual([]);
  });

  it('refreshes and revokes sessions with the sign-in (okta.sessions.manage)', async () => {
    await signIn();
    orgSession();
    const shown = await inspect();
    const key = (shown as { view: { session: { key: string } } }).view.session.key;
    expectSession(await send({ type: 'session/refresh', org: ORIGIN, sessionKey: key }));
    expect(await send({ type: 'session/revoke', org: ORIGIN, sessionKey: key, confirmed: true })).toMatchObject({ ok: true, view: { state: 'ended' } });
    expect(sessionCalls().map((e) => [e.method, e.credential, e.status])).toEqual([
      ['GET', 'Bearer', 200],
      ['POST', 'Bearer', 200],
      ['DELETE', 'Bearer', 204],
    ]);
  });

  it('without Stay signed in: no offline_access, no refresh token, and “sign in again” once the token expires', async () => {
    const org = await signIn({ staySignedIn: false });
    expect(org.credential).toMatchObject({ canRenew: false });
    expect(org.credential!.scopes).not.toContain('offline_access');
    expect(new URL(b.identity.opened[0]!.url).searchParams.get('scope')).toBe('openid profile okta.sessions.read okta.sessions.manage');
    expect(b.alarms.alarms.has(ALARM)).toBe(false);
    orgSession();
    workerNow += 59 * 60_000; // due for renewal, not yet expired: still used
    expectSession(await inspect());
    workerNow += 2 * 60_000;
    mock.log.length = 0;
    const reply = await inspect();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unauthorized', org: { origin: ORIGIN } } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/has expired.*Stay signed in.*Sign in again in the options page\.$/);
    expect(mock.log).toEqual([]);
  });

  it('a second sign-in needs no password (the browser is signed in to Okta) and revokes the tokens it replaces', async () => {
    await signIn();
    const first = await storedSecret();
    b.identity.user = undefined; // would close the window if asked to sign in
    await signIn();
    const second = await storedSecret();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(mock.org(DEMO_ORG_HOST).accessTokens.has(first.accessToken)).toBe(false);
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.has(first.refreshToken)).toBe(false);
  });
});

describe('renewal', () => {
  it('renews shortly before expiry when a call finds the token due, and follows the refresh-token rotation', async () => {
    await signIn();
    const before = await storedSecret();
    orgSession();
    workerNow += 59 * 60_000 + 1;
    mock.log.length = 0;
    expectSession(await inspect());
    expect(mock.log.map((e) => [e.path, e.credential, e.status])).toEqual([
      ['/oauth2/v1/token', null, 200],
      [expect.stringMatching(/^\/api\/v1\/sessions\//), 'Bearer', 200],
    ]);
    const after = await storedSecret();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(mock.log[1]!.authorization).toBe(`Bearer ${after.accessToken}`);
    // Rotation: the old refresh token is dead at Okta, the new one is what is kept.
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.has(before.refreshToken)).toBe(false);
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.has(after.refreshToken)).toBe(true);
    expect(b.alarms.alarms.get(ALARM)).toBe(after.expiresAt - 60_000);
  });

  it('renews once for calls that find it due together (one refresh token, one rotation)', async () => {
    await signIn();
    orgSession();
    workerNow += 3600_000;
    mock.log.length = 0;
    const all = await Promise.all([inspect(), inspect(), inspect()]);
    for (const reply of all) expectSession(reply);
    expect(tokenCalls()).toHaveLength(1);
    expect(sessionCalls().map((e) => e.status)).toEqual([200, 200, 200]);
  });

  it('renews by alarm, with the worker started afresh by it', async () => {
    await signIn();
    const before = await storedSecret();
    const when = b.alarms.alarms.get(ALARM)!;
    workerNow = when;
    vi.resetModules();
    const fresh = await import('./oauth-tokens');
    mock.log.length = 0;
    await fresh.onRenewalAlarm(depsFor(b, fetchOrg, now), ALARM);
    expect(tokenCalls().map((e) => e.status)).toEqual([200]);
    const after = await storedSecret();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(b.alarms.alarms.get(ALARM)).toBe(after.expiresAt - 60_000);
    // An alarm that fires early only moves itself; one for an org signed out clears itself.
    mock.log.length = 0;
    await onRenewalAlarm(deps, ALARM);
    expect(mock.log).toEqual([]);
    await send({ type: 'oauth/sign-out', origin: ORIGIN });
    b.alarms.create(ALARM, { when: workerNow });
    await onRenewalAlarm(deps, ALARM);
    expect(b.alarms.alarms.has(ALARM)).toBe(false);
  });

  it('renews once on a 401 (E0000011) for a token Okta no longer accepts, and sends the call again', async () => {
    await signIn({ clientId: SHORT_CLIENT_ID });
    const before = await storedSecret();
    orgSession();
    // Okta refuses the token the worker still trusts (its two seconds are up, or it was revoked).
    mock.org(DEMO_ORG_HOST).accessTokens.delete(before.accessToken);
    mock.log.length = 0;
    expectSession(await inspect());
    expect(mock.log.map((e) => [e.path.replace(/sessions\/.*/, 'sessions/{id}'), e.status])).toEqual([
      ['/api/v1/sessions/{id}', 401],
      ['/oauth2/v1/token', 200],
      ['/api/v1/sessions/{id}', 200],
    ]);
    expect((await storedSecret()).accessToken).not.toBe(before.accessToken);
  });

  it('says “sign in again” when Okta no longer accepts the refresh token', async () => {
    await signIn();
    const secret = await storedSecret();
    mock.org(DEMO_ORG_HOST).oauth.refreshTokens.delete(secret.refreshToken);
    orgSession();
    workerNow += 3600_000;
    const reply = await inspect();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unauthorized', okta: { errorCode: 'invalid_grant' } } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/no longer accepts the sign-in.*Sign in again in the options page\.$/);
    expect(sessionCalls()).toEqual([]);
  });
});

describe('DPoP', () => {
  it('on Auto, finds that the app requires DPoP, binds the tokens to a non-extractable key, and proves it per call', async () => {
    const org = await signIn({ clientId: DEMO_DPOP_CLIENT_ID });
    expect(org.credential).toMatchObject({ dpop: true, canRenew: true });
    expect(b.identity.opened).toHaveLength(1);
    const key = b.keys.keys.get(ORIGIN)!;
    expect(key.privateKey.extractable).toBe(false);
    expect(key.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    expect((await storedSecret()).tokenType).toBe('DPoP');
    orgSession();
    mock.log.length = 0;
    expectSession(await inspect());
    const [call] = sessionCalls();
    expect(call).toMatchObject({ credential: 'DPoP', status: 200 });
    expect(call!.headers.dpop).toMatch(/^ey/);
  });

  it('keeps the key across a worker restart (fresh module state, same IndexedDB) and renews with it', async () => {
    await signIn({ clientId: DEMO_DPOP_CLIENT_ID, dpop: true });
    orgSession();
    vi.resetModules();
    const router = await import('./router');
    const restarted = depsFor(b, fetchOrg, now);
    workerNow += 3600_000;
    mock.log.length = 0;
    const reply = await router.handleMessage(restarted, { type: 'session/inspect', org: ORIGIN }, POPUP_SENDER);
    expectSession(reply);
    // Renewed with a proof (and the nonce retry), then the call with the same key.
    expect(tokenCalls().map((e) => e.status)).toEqual([400, 200]);
    expect(sessionCalls().map((e) => [e.credential, e.status])).toEqual([['DPoP', 200]]);
  });

  it('with DPoP off, explains that the app requires it', async () => {
    const reply = await send(signInRequest({ clientId: DEMO_DPOP_CLIENT_ID, dpop: false }));
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth', okta: { errorCode: 'invalid_dpop_proof' } } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/requires DPoP/);
    expect(await storedSecret()).toBeUndefined();
  });

  it('asks to sign in again when the key is gone', async () => {
    await signIn({ clientId: DEMO_DPOP_CLIENT_ID });
    b.keys.keys.clear();
    orgSession();
    const reply = await inspect();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/key .* is gone.*Sign in again in the options page\.$/);
  });
});

describe('sign out', () => {
  it('revokes both tokens at Okta, forgets them with the key and the alarm, and keeps the org', async () => {
    await signIn({ clientId: DEMO_DPOP_CLIENT_ID });
    const secret = await storedSecret();
    mock.log.length = 0;
    const reply = await send({ type: 'oauth/sign-out', origin: ORIGIN });
    expect(reply).toMatchObject({ ok: true, orgs: [{ origin: ORIGIN, clientId: DEMO_DPOP_CLIENT_ID, credential: null }] });
    expect(revokeCalls().map((e) => e.status)).toEqual([200, 200]);
    expect(mock.org(DEMO_ORG_HOST).accessTokens.has(secret.accessToken)).toBe(false);
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.has(secret.refreshToken)).toBe(false);
    expect(await storedSecret()).toBeUndefined();
    expect(b.keys.keys.size).toBe(0);
    expect(b.alarms.alarms.size).toBe(0);
    orgSession();
    // Signed out of the extension: the session is still there, read with the browser's cookie, no token sent.
    mock.log.length = 0;
    expect(await inspect()).toMatchObject({ ok: true, view: { state: 'session', readWith: 'cookie' } });
    expect(mock.log.filter((e) => e.authorization)).toEqual([]);
  });

  it('still forgets the tokens when Okta cannot be reached, and says they stay valid', async () => {
    await signIn();
    mock.fault({ kind: 'drop', path: '/oauth2/v1/revoke' });
    const reply = await send({ type: 'oauth/sign-out', origin: ORIGIN });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/^Signed out in this browser, but Okta did not confirm .*stay valid until they expire/);
    expect(await storedSecret()).toBeUndefined();
  });

  it('removing the org revokes its sign-in too', async () => {
    await signIn();
    const secret = await storedSecret();
    expect(await send({ type: 'settings/remove-org', origin: ORIGIN })).toMatchObject({ ok: true, orgs: [] });
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.has(secret.refreshToken)).toBe(false);
    expect(b.alarms.alarms.size).toBe(0);
  });
});

describe('failures in plain words', () => {
  const message = (reply: Reply) => (reply as { error: { message: string } }).error.message;

  it('the user closed the sign-in window', async () => {
    b.identity.user = undefined;
    const reply = await send(signInRequest());
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth' } });
    expect(message(reply)).toBe('The sign-in window was closed before sign-in finished. Use Sign in with Okta to try again.');
    expect(tokenCalls()).toEqual([]);
  });

  it('a redirect URI the app does not list: Okta shows an error page, and the message names the exact URI', async () => {
    const { FakeIdentity } = await import('./oauth-fakes');
    const identity = new FakeIdentity(fetchOrg, 'https://unregistered.example.org/');
    const reply = await send(signInRequest(), { ...deps, identity });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth' } });
    expect(message(reply)).toMatch(/https:\/\/unregistered\.example\.org\/ is one of the app's Sign-in redirect URIs/);
  });

  it('a scope the app is not granted', async () => {
    const reply = await send(signInRequest({ clientId: READ_ONLY_CLIENT_ID }));
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth', okta: { errorCode: 'invalid_scope' } } });
    expect(message(reply)).toMatch(/grant okta\.sessions\.read and okta\.sessions\.manage/);
  });

  it('a user who is not an admin Okta lets see sessions (E0000006 at call time)', async () => {
    await signIn();
    orgSession();
    mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/' });
    const reply = await inspect();
    expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden', status: 403, okta: { errorCode: 'E0000006' } } });
    expect(message(reply)).toMatch(new RegExp(`${DEMO_USER.login.replace(/\./g, '\\.')} is signed in, but is not an admin allowed to view`));
  });

  it('a token endpoint that refuses the extension’s Origin says the browser kept the header', async () => {
    mock.org(DEMO_ORG_HOST).oauth.trustedOrigins = ['https://intranet.example.com'];
    // The browser sends Origin with the worker's POST; Node's fetch does not, so it is added here as Chromium does.
    const withOrigin: typeof fetch = (input, init) => fetchOrg(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: EXTENSION_ORIGIN } });
    const reply = await send(signInRequest(), { ...deps, fetch: withOrigin });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth', status: 403 } });
    expect(message(reply)).toContain(`Origin header (${EXTENSION_ORIGIN})`);
    expect(message(reply)).toContain('cannot be registered as a Trusted Origin');
  });

  it('a reply that does not carry this sign-in’s state is ignored before any code is exchanged', async () => {
    b.identity.tamper = (url) => url.replace(/state=[^&]+/, 'state=forged-state-value-0000000000');
    const reply = await send(signInRequest());
    expect(reply).toMatchObject({ ok: false, error: { kind: 'oauth' } });
    expect(message(reply)).toMatch(/state differs/);
    expect(tokenCalls()).toEqual([]);
  });

  it('a Client ID with characters no Client ID has is refused before any window opens', async () => {
    const reply = await send(signInRequest({ clientId: 'abc def' }));
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(b.identity.opened).toEqual([]);
  });
});
