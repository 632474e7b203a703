// DPoP end to end against the mock org over real HTTPS: a DPoP-required app, the token endpoint's nonce retry,
// DPoP-bound tokens on the session endpoints through the Sessions client, and the resource nonce challenge.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedJWK, jwtVerify } from 'jose';
import { createSessionsClient } from '../client';
import { OktaError } from '../errors';
import { DEMO_CHROME_REDIRECT_URI, DEMO_DPOP_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER } from '../../../test/mock-org/demo';
import { startMockOrg, type MockOrg } from '../../../test/mock-org/server';
import { authorizeRedirect, signInCookie } from '../../../test/support/oauth-browser';
import { orgFetch } from '../../../test/support/org-fetch';
import { createOAuthAuthProvider } from './auth-provider';
import { generateDpopKeyPair, jwkThumbprint, publicJwkOf } from './dpop';
import { finishSignIn, startSignIn } from './sign-in';
import { createTokenClient } from './token-client';

const ORIGIN = `https://${DEMO_ORG_HOST}`;

let mock: MockOrg;
let f: typeof fetch;
let keyPair: CryptoKeyPair;

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
  keyPair = await generateDpopKeyPair();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.log.length = 0;
  mock.org(DEMO_ORG_HOST).oauth.requireResourceNonce = false;
});

const tokenClient = (kp: CryptoKeyPair | null = keyPair) =>
  createTokenClient({ origin: ORIGIN, clientId: DEMO_DPOP_CLIENT_ID, fetch: f, ...(kp ? { dpopKeyPair: kp } : {}) });

async function signIn(client = tokenClient()) {
  const { url, pending } = await startSignIn({ origin: ORIGIN, clientId: DEMO_DPOP_CLIENT_ID, redirectUri: DEMO_CHROME_REDIRECT_URI });
  const redirect = await authorizeRedirect(f, url, await signInCookie(f, ORIGIN, DEMO_USER));
  mock.log.length = 0;
  return finishSignIn(pending, redirect, client);
}

const tokenCalls = () => mock.log.filter((e) => e.path.startsWith('/oauth2/v1/token'));

describe('DPoP sign-in', () => {
  it('retries once with the DPoP-Nonce Okta asks for and gets tokens bound to the key', async () => {
    const client = tokenClient();
    const { tokens } = await signIn(client);
    expect(tokens.tokenType).toBe('DPoP');
    expect(tokenCalls().map((e) => e.status)).toEqual([400, 200]);
    const [first, second] = tokenCalls();
    const p1 = (await jwtVerify(first!.headers.dpop!, EmbeddedJWK, { typ: 'dpop+jwt' })).payload;
    const p2 = (await jwtVerify(second!.headers.dpop!, EmbeddedJWK, { typ: 'dpop+jwt' })).payload;
    expect(p1).toMatchObject({ htm: 'POST', htu: `${ORIGIN}/oauth2/v1/token` });
    expect(p1.nonce).toBeUndefined();
    expect(p2.nonce).toBe(mock.org(DEMO_ORG_HOST).oauth.tokenNonce);
    expect(mock.org(DEMO_ORG_HOST).accessTokens.get(tokens.accessToken)).toMatchObject({ dpop: true, jkt: await jwkThumbprint(await publicJwkOf(keyPair)) });

    // The same client remembers the nonce: a refresh needs no retry.
    mock.log.length = 0;
    const renewed = await client.refresh(tokens.refreshToken!);
    expect(renewed.tokenType).toBe('DPoP');
    expect(tokenCalls().map((e) => e.status)).toEqual([200]);
  });

  it('retries again after Okta changes its nonce', async () => {
    const client = tokenClient();
    const { tokens } = await signIn(client);
    mock.org(DEMO_ORG_HOST).oauth.invalidateNonces();
    mock.log.length = 0;
    await client.refresh(tokens.refreshToken!);
    expect(tokenCalls().map((e) => e.status)).toEqual([400, 200]);
  });

  it('a refresh with another key is refused', async () => {
    const { tokens } = await signIn();
    const e = await tokenClient(await generateDpopKeyPair()).refresh(tokens.refreshToken!).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OktaError);
    expect((e as OktaError).okta?.errorCode).toBe('invalid_dpop_proof');
  });

  it('says the app requires DPoP when signing in without a key', async () => {
    const e = await signIn(tokenClient(null)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OktaError);
    expect((e as OktaError).kind).toBe('oauth');
    expect((e as OktaError).message).toContain('requires DPoP');
  });
});

describe('DPoP-bound tokens on the Sessions API', () => {
  it('are sent as DPoP with a proof carrying ath, and work for get, refresh and revoke', async () => {
    const { tokens } = await signIn();
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens, dpopKeyPair: keyPair }) });
    mock.log.length = 0;
    expect((await sessions.getSession(s.id)).id).toBe(s.id);
    expect((await sessions.refreshSession(s.id)).id).toBe(s.id);
    await sessions.revokeSession(s.id);
    expect(mock.log.map((e) => [e.method, e.status, e.credential])).toEqual([
      ['GET', 200, 'DPoP'],
      ['POST', 200, 'DPoP'],
      ['DELETE', 204, 'DPoP'],
    ]);
    const { payload } = await jwtVerify(mock.log[0]!.headers.dpop!, EmbeddedJWK);
    expect(payload).toMatchObject({ htm: 'GET', htu: `${ORIGIN}/api/v1/sessions/${s.id}` });
    expect(payload.ath).toBeTruthy();
  });

  it('are refused when sent as Bearer, or with a proof from another key', async () => {
    const { tokens } = await signIn();
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const bearer = createSessionsClient({ origin: ORIGIN, fetch: f, credential: { scheme: 'Bearer', token: tokens.accessToken } });
    await expect(bearer.getSession(s.id)).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    const otherKey = await generateDpopKeyPair();
    const stolen = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens, dpopKeyPair: otherKey }) });
    await expect(stolen.getSession(s.id)).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('answers the resource server’s use_dpop_nonce challenge with one retry, then keeps the nonce', async () => {
    const { tokens } = await signIn();
    const org = mock.org(DEMO_ORG_HOST);
    org.oauth.requireResourceNonce = true;
    const s = org.createSession(DEMO_USER.login);
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens, dpopKeyPair: keyPair }) });
    mock.log.length = 0;
    expect((await sessions.getSession(s.id)).id).toBe(s.id);
    expect((await sessions.getSession(s.id)).id).toBe(s.id);
    expect(mock.log.map((e) => e.status)).toEqual([401, 200, 200]);
    const { payload } = await jwtVerify(mock.log[1]!.headers.dpop!, EmbeddedJWK);
    expect(payload.nonce).toBe(org.oauth.resourceNonce);
  });

  it('gives up after one nonce retry when the server keeps asking', async () => {
    const { tokens } = await signIn();
    const org = mock.org(DEMO_ORG_HOST);
    org.oauth.requireResourceNonce = true;
    const s = org.createSession(DEMO_USER.login);
    const sessions = createSessionsClient({ origin: ORIGIN, fetch: f, credential: createOAuthAuthProvider({ token: () => tokens, dpopKeyPair: keyPair }) });
    // Two challenges in a row: the client asks the provider only once per call.
    mock.fault({ path: `/api/v1/sessions/${s.id}`, kind: 'status', status: 401, times: 2, headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'nonce-that-never-satisfies' }, body: '' });
    mock.log.length = 0;
    await expect(sessions.getSession(s.id)).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(mock.log.map((e) => e.status)).toEqual([401, 401]);
  });
});
