// Sign-in and the token client against the mock org over real HTTPS (orgFetch): the browser's part (sign in
// on the org page, follow authorize) is done by hand, everything else is the code the worker will run.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionsClient } from '../client';
import { OktaError, type OktaErrorKind } from '../errors';
import { DEMO_CHROME_REDIRECT_URI, DEMO_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../../../test/mock-org/demo';
import { defaultOrgSeeds, startMockOrg, type MockOrg } from '../../../test/mock-org/server';
import { authorizeRedirect, signInCookie } from '../../../test/support/oauth-browser';
import { orgFetch } from '../../../test/support/org-fetch';
import { createOAuthAuthProvider } from './auth-provider';
import { finishSignIn, startSignIn, type SignInResult } from './sign-in';
import { createTokenClient, type TokenClientOptions } from './token-client';

const ORIGIN = `https://${DEMO_ORG_HOST}`;
const ACME = `https://${SECOND_ORG_HOST}`;
const EXTENSION_ORIGIN = 'chrome-extension://ggpnlkpakjjfpcofddpohjgcglckoakm';
const HOUR = 3_600_000;

let mock: MockOrg;
let f: typeof fetch;
let clock = Date.UTC(2030, 0, 1);

beforeAll(async () => {
  const [demo, second] = defaultOrgSeeds();
  mock = await startMockOrg({
    now: () => clock,
    orgs: [
      demo!,
      {
        ...second!,
        trustedOrigins: [EXTENSION_ORIGIN],
        oauthClients: [{ clientId: 'acme-app', redirectUris: [DEMO_CHROME_REDIRECT_URI], scopes: ['openid', 'okta.sessions.read'] }],
      },
    ],
  });
  f = orgFetch(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearFaults();
  mock.log.length = 0;
});

const tokenClient = (o: Partial<TokenClientOptions> = {}) =>
  createTokenClient({ origin: ORIGIN, clientId: DEMO_CLIENT_ID, fetch: f, now: () => clock, extensionOrigin: EXTENSION_ORIGIN, ...o });

async function signIn(o: { scopes?: string[]; client?: Partial<TokenClientOptions> } = {}): Promise<SignInResult> {
  const { url, pending } = await startSignIn({ origin: ORIGIN, clientId: DEMO_CLIENT_ID, redirectUri: DEMO_CHROME_REDIRECT_URI, ...(o.scopes ? { scopes: o.scopes } : {}), now: () => clock });
  return finishSignIn(pending, await browserRedirect(url), tokenClient(o.client));
}

/** The browser's sign-in window for a user who signs in to the org first (the mock clock moves in some tests). */
async function browserRedirect(url: string): Promise<string> {
  return authorizeRedirect(f, url, await signInCookie(f, ORIGIN, DEMO_USER));
}

/** The OktaError a promise rejects with; fails the test otherwise. Tokens never appear in it. */
async function failure(promise: Promise<unknown>, kind: OktaErrorKind, secrets: string[] = []): Promise<OktaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the call should have failed').toBeInstanceOf(OktaError);
  const e = error as OktaError;
  expect(e.kind, e.message).toBe(kind);
  for (const s of secrets) expect(`${e.message} ${JSON.stringify(e.okta ?? {})}`).not.toContain(s);
  return e;
}

describe('sign-in (Bearer app)', () => {
  it('ends with tokens, the granted scopes and who signed in; the token reads sessions', async () => {
    const { tokens, user } = await signIn();
    expect(tokens).toMatchObject({
      tokenType: 'Bearer',
      obtainedAt: clock,
      expiresAt: clock + HOUR,
      scopes: ['openid', 'profile', 'offline_access', 'okta.sessions.read', 'okta.sessions.manage'],
      refreshToken: expect.any(String),
      idToken: expect.any(String),
    });
    expect(user).toEqual({ id: mock.org(DEMO_ORG_HOST).user(DEMO_USER.login)!.id, login: DEMO_USER.login, name: 'Demo User' });

    const token = mock.log.find((e) => e.path === '/oauth2/v1/token')!;
    expect(token).toMatchObject({ method: 'POST', host: DEMO_ORG_HOST, credential: null, status: 200 });
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');

    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens }) });
    expect((await sessions.getSession(s.id)).login).toBe(DEMO_USER.login);
    expect(mock.log.at(-1)!.authorization).toBe(`Bearer ${tokens.accessToken}`);
  });

  it('refreshes with rotation: the new refresh token works, the old one is refused with advice to sign in', async () => {
    const { tokens } = await signIn();
    clock += 10 * 60_000;
    const renewed = await tokenClient().refresh(tokens.refreshToken!);
    expect(renewed.refreshToken).toBeTruthy();
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.expiresAt).toBe(clock + HOUR);
    const e = await failure(tokenClient().refresh(tokens.refreshToken!), 'oauth', [tokens.refreshToken!]);
    expect(e.okta?.errorCode).toBe('invalid_grant');
    expect(e.status).toBe(400);
    expect(e.message).toContain('Sign in with Okta again');
    expect((await tokenClient().refresh(renewed.refreshToken!)).tokenType).toBe('Bearer');
  });

  it('keeps the refresh token it has when Okta does not send a new one', async () => {
    mock.fault({ path: '/oauth2/v1/token', kind: 'status', status: 200, body: { access_token: 'at-new', token_type: 'bearer', expires_in: 300, scope: 'okta.sessions.read' } });
    const renewed = await tokenClient().refresh('rt-kept');
    expect(renewed).toMatchObject({ accessToken: 'at-new', tokenType: 'Bearer', refreshToken: 'rt-kept', scopes: ['okta.sessions.read'], expiresAt: clock + 300_000 });
  });

  it('revokes the access token (the session endpoints then refuse it) and the refresh token', async () => {
    const { tokens } = await signIn();
    await tokenClient().revoke(tokens.accessToken, 'access_token');
    await tokenClient().revoke(tokens.refreshToken!, 'refresh_token');
    expect(mock.log.filter((e) => e.path === '/oauth2/v1/revoke').map((e) => e.status)).toEqual([200, 200]);
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens }) });
    await failure(sessions.getSession(s.id), 'unauthorized');
    expect((await failure(tokenClient().refresh(tokens.refreshToken!), 'oauth')).okta?.errorCode).toBe('invalid_grant');
  });

  it('renews once when the token has expired mid-use, through the AuthProvider challenge hook', async () => {
    let { tokens } = await signIn();
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login, { lifetimeMs: 10 * HOUR });
    const provider = createOAuthAuthProvider({
      token: () => tokens,
      renew: async () => {
        tokens = await tokenClient().refresh(tokens.refreshToken!);
        return true;
      },
    });
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: provider });
    clock += 2 * HOUR;
    mock.log.length = 0;
    expect((await sessions.getSession(s.id)).id).toBe(s.id);
    expect(mock.log.map((e) => [e.path.replace(s.id, '{id}'), e.status])).toEqual([
      ['/api/v1/sessions/{id}', 401],
      ['/oauth2/v1/token', 200],
      ['/api/v1/sessions/{id}', 200],
    ]);
  });

  it('ends the call with the renewal failure when renewing is refused (sign in again)', async () => {
    const { tokens } = await signIn();
    await tokenClient().revoke(tokens.refreshToken!, 'refresh_token');
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login, { lifetimeMs: 10 * HOUR });
    const provider = createOAuthAuthProvider({
      token: () => tokens,
      renew: async () => {
        await tokenClient().refresh(tokens.refreshToken!);
        return true;
      },
    });
    clock += 2 * HOUR;
    const e = await failure(createSessionsClient({ origin: ORIGIN, fetch: f, credential: provider }).getSession(s.id), 'oauth');
    expect(e.okta?.errorCode).toBe('invalid_grant');
  });
});

describe('sign-in failures, in plain words', () => {
  it('an app not granted a scope asked for: invalid_scope naming the scopes and the Okta API Scopes tab', async () => {
    const e = await failure(signIn({ scopes: ['openid', 'okta.sessions.manage', 'okta.users.manage'] }), 'oauth');
    expect(e.okta?.errorCode).toBe('invalid_scope');
    expect(e.message).toContain('okta.users.manage');
    expect(e.message).toContain('Okta API Scopes');
  });

  it('granted nothing on sessions: says which scopes to grant', async () => {
    const e = await failure(signIn({ scopes: ['openid', 'profile'] }), 'oauth');
    expect(e.message).toContain('okta.sessions.read');
    expect(mock.log.filter((x) => x.path === '/oauth2/v1/revoke').map((x) => x.status)).toEqual([200]);
  });

  it('a reply for another sign-in (state) or an id_token for another sign-in (nonce) is refused', async () => {
    const { url, pending } = await startSignIn({ origin: ORIGIN, clientId: DEMO_CLIENT_ID, redirectUri: DEMO_CHROME_REDIRECT_URI });
    const redirect = await browserRedirect(url);
    expect((await failure(finishSignIn({ ...pending, state: 'another-state-0123456789' }, redirect, tokenClient()), 'oauth')).message).toContain('state');
    expect((await failure(finishSignIn({ ...pending, nonce: 'another-nonce-0123456789' }, redirect, tokenClient()), 'oauth')).message).toContain('nonce');
  });

  it('a code used twice: invalid_grant', async () => {
    const { url, pending } = await startSignIn({ origin: ORIGIN, clientId: DEMO_CLIENT_ID, redirectUri: DEMO_CHROME_REDIRECT_URI });
    const redirect = await browserRedirect(url);
    await finishSignIn(pending, redirect, tokenClient());
    expect((await failure(finishSignIn(pending, redirect, tokenClient()), 'oauth')).okta?.errorCode).toBe('invalid_grant');
  });

  it('a redirect URI that is not registered, or not the one authorized: names the URI to register', async () => {
    const { url, pending } = await startSignIn({ origin: ORIGIN, clientId: DEMO_CLIENT_ID, redirectUri: DEMO_CHROME_REDIRECT_URI });
    const code = new URL(await browserRedirect(url)).searchParams.get('code')!;
    const unregistered = 'https://example.com/callback';
    const e = await failure(tokenClient().exchangeCode({ code, codeVerifier: pending.codeVerifier, redirectUri: unregistered }), 'oauth');
    expect(e.okta?.errorCode).toBe('invalid_request');
    expect(e.message).toContain(`redirect URI ${unregistered}`);
    const other = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
    const e2 = await failure(tokenClient().exchangeCode({ code, codeVerifier: pending.codeVerifier, redirectUri: other }), 'oauth');
    expect(e2.okta?.errorCode).toBe('invalid_grant');
    expect(e2.message).toContain(other);
  });

  it('an unknown client: invalid_client, about the Client ID and a public client', async () => {
    const e = await failure(tokenClient({ clientId: '0oaNoSuchApp00000001' }).refresh('rt'), 'oauth');
    expect(e.status).toBe(401);
    expect(e.message).toContain('"0oaNoSuchApp00000001"');
    expect(e.message).toContain('client secret');
  });

  it('Okta refusing the extension’s Origin (403, no JSON): the browser kept the Origin the extension removes', async () => {
    const withOrigin = (origin: string): typeof fetch => (url, init) =>
      f(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: origin } });
    const client = (origin: string) =>
      createTokenClient({ origin: ACME, clientId: 'acme-app', fetch: withOrigin(origin), extensionOrigin: origin });
    const e = await failure(client('chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh').refresh('rt'), 'oauth');
    expect(e.status).toBe(403);
    expect(e.message).toContain('Okta refused the request from the extension');
    expect(e.message).toContain('cannot be registered as a Trusted Origin');
    expect(e.message).toContain('declarativeNetRequestWithHostAccess');
    expect(e.message).toContain('chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh');
    // The trusted one reaches the grant check.
    expect((await failure(client(EXTENSION_ORIGIN).refresh('rt'), 'oauth')).okta?.errorCode).toBe('invalid_grant');
  });

  it('a token request that carried the extension’s Origin: Okta’s browser-request text, explained', async () => {
    const withOrigin: typeof fetch = (url, init) => f(url, { ...init, headers: { ...(init?.headers as Record<string, string>), Origin: EXTENSION_ORIGIN } });
    const e = await failure(signIn({ client: { fetch: withOrigin } }), 'oauth');
    expect(e.okta).toMatchObject({ errorCode: 'invalid_request', errorSummary: 'Browser requests to the token endpoint must be part of at least one whitelisted redirect_uri.' });
    expect(e.message).toContain('treated the sign-in as a web page');
    expect(e.message).toContain('declarativeNetRequestWithHostAccess');
    // The same exchange without the header, as the extension makes it, signs in.
    await expect(signIn()).resolves.toMatchObject({ tokens: expect.anything() });
  });

  it('no reply at all: network, mentioning that a refused Origin looks the same', async () => {
    mock.fault({ path: '/oauth2/v1/token', kind: 'drop' });
    const e = await failure(tokenClient().refresh('rt'), 'network');
    expect(e.message).toContain('refusing the request\'s origin');
  });

  it('a slow token endpoint: timeout', async () => {
    mock.fault({ path: '/oauth2/v1/token', kind: 'latency', ms: 1_000 });
    await failure(tokenClient({ timeoutMs: 50 }).refresh('rt'), 'timeout');
  });

  it('a server error, a rate limit and a reply that is not tokens', async () => {
    mock.fault({ path: '/oauth2/v1/token', kind: 'status', status: 503, body: 'busy' });
    expect((await failure(tokenClient().refresh('rt'), 'okta')).status).toBe(503);
    mock.fault({ path: '/oauth2/v1/token', kind: 'rate-limit', resetInSeconds: 30 });
    expect((await failure(tokenClient().refresh('rt'), 'rate_limited')).retryAt).toBe(Math.ceil(clock / 1000) * 1000 + 30_000);
    mock.fault({ path: '/oauth2/v1/token', kind: 'status', status: 200, body: '<html>' });
    await failure(tokenClient().refresh('rt'), 'malformed');
    mock.fault({ path: '/oauth2/v1/token', kind: 'status', status: 200, body: { access_token: 'x', token_type: 'mac', expires_in: 1 } });
    await failure(tokenClient().refresh('rt'), 'malformed');
    mock.fault({ path: '/oauth2/v1/token', kind: 'status', status: 302, headers: { Location: 'https://evil.example/' }, body: '' });
    await failure(tokenClient().refresh('rt'), 'oauth');
  });

  it('refuses bad input before any request', async () => {
    expect(() => tokenClient({ origin: `${ORIGIN}/` })).toThrow(OktaError);
    expect(() => tokenClient({ clientId: '' })).toThrow(OktaError);
    await failure(tokenClient().refresh(''), 'invalid_input');
    expect(mock.log).toHaveLength(0);
  });
});
