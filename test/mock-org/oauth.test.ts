// The mock's org authorization server, spoken to in raw OAuth over HTTPS. DPoP proofs here are made with jose,
// not with the extension's own code, so the mock is checked against an independent implementation.
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify, createLocalJWKSet, SignJWT, type CryptoKey as JoseKey, type JWK } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { authorizeRedirect, follow, signInCookie } from '../support/oauth-browser';
import { DEMO_CHROME_REDIRECT_URI, DEMO_CLIENT_ID, DEMO_DPOP_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, defaultOrgSeeds, type MockOrg } from './server';

const ORIGIN = `https://${DEMO_ORG_HOST}`;
const TOKEN = `${ORIGIN}/oauth2/v1/token`;
const SESSION_OF = (id: string) => `${ORIGIN}/api/v1/sessions/${id}`;
const b64 = (buf: Buffer) => buf.toString('base64url');
const sha256 = (s: string) => b64(createHash('sha256').update(s).digest());

const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const STATE = 'state-0123456789abcdefghij';

let mock: MockOrg;
let f: typeof fetch;
let cookie: string;

beforeAll(async () => {
  const [demo, second] = defaultOrgSeeds();
  mock = await startMockOrg({
    orgs: [
      {
        ...demo!,
        oauthClients: [
          ...(demo!.oauthClients ?? []),
          { clientId: 'short-lived', redirectUris: [DEMO_CHROME_REDIRECT_URI], scopes: ['openid', 'offline_access', 'okta.sessions.read'], accessTokenLifetimeSeconds: 5, refreshTokenLifetimeSeconds: 10 },
          { clientId: 'read-only', redirectUris: [DEMO_CHROME_REDIRECT_URI], scopes: ['openid', 'okta.sessions.read'] },
        ],
      },
      { ...second!, trustedOrigins: ['chrome-extension://ggpnlkpakjjfpcofddpohjgcglckoakm'], oauthClients: [{ clientId: 'acme-app', redirectUris: [DEMO_CHROME_REDIRECT_URI], scopes: ['okta.sessions.read'] }] },
    ],
  });
  f = orgFetch(mock);
  cookie = await signInCookie(f, ORIGIN, DEMO_USER);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearFaults();
  mock.org(DEMO_ORG_HOST).oauth.requireResourceNonce = false;
});

function authorizeUrl(params: Record<string, string | undefined> = {}, origin = ORIGIN): string {
  const q = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: DEMO_CLIENT_ID,
    response_type: 'code',
    scope: 'openid profile offline_access okta.sessions.manage',
    redirect_uri: DEMO_CHROME_REDIRECT_URI,
    state: STATE,
    nonce: 'nonce-1',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `${origin}/oauth2/v1/authorize?${q}`;
}

async function codeFor(params: Record<string, string | undefined> = {}): Promise<string> {
  const location = new URL(await authorizeRedirect(f, authorizeUrl(params), cookie));
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location}`);
  return code;
}

async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await f(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, text, json: (isJson ? JSON.parse(text) : undefined) as Record<string, unknown> | undefined };
}

const exchange = (code: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  postForm(TOKEN, { grant_type: 'authorization_code', client_id: DEMO_CLIENT_ID, code, code_verifier: VERIFIER, redirect_uri: DEMO_CHROME_REDIRECT_URI, ...extra }, headers);

describe('metadata', () => {
  it('names the org server endpoints and the DPoP algorithms', async () => {
    const meta = (await (await f(`${ORIGIN}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: ORIGIN,
      authorization_endpoint: `${ORIGIN}/oauth2/v1/authorize`,
      token_endpoint: TOKEN,
      revocation_endpoint: `${ORIGIN}/oauth2/v1/revoke`,
      code_challenge_methods_supported: ['S256'],
      dpop_signing_alg_values_supported: expect.arrayContaining(['ES256']),
    });
  });
});

describe('/oauth2/v1/authorize', () => {
  it('redirects a signed-in browser straight to the redirect URI with a code and the state', async () => {
    const location = new URL(await authorizeRedirect(f, authorizeUrl(), cookie));
    expect(`${location.origin}${location.pathname}`).toBe(DEMO_CHROME_REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe(STATE);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('sends a browser without a session through the sign-in page and back to authorize', async () => {
    const first = await follow(f, authorizeUrl());
    expect(first.status).toBe(302);
    const signInPage = new URL(first.location!);
    expect(signInPage.pathname).toBe('/login/login.htm');
    const fromURI = signInPage.searchParams.get('fromURI')!;
    expect(fromURI.startsWith('/oauth2/v1/authorize?')).toBe(true);
    expect(await (await f(first.location!)).text()).toContain(`value="${fromURI.replaceAll('&', '&amp;')}"`);

    const signIn = await f(`${ORIGIN}/login/login.htm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: DEMO_USER.login, password: DEMO_USER.password, fromURI }).toString(),
      redirect: 'manual',
    });
    expect(signIn.headers.get('location')).toBe(fromURI);
    const fresh = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const back = new URL(await authorizeRedirect(f, new URL(fromURI, ORIGIN).toString(), fresh));
    expect(back.searchParams.get('state')).toBe(STATE);
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  it('answers prompt=none without a session with login_required', async () => {
    const { location } = await follow(f, authorizeUrl({ prompt: 'none' }));
    const url = new URL(location!);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ error: 'login_required', state: STATE });
  });

  it.each([
    ['any extension id on chromiumapp.org', 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/'],
    ['a Firefox redirect URL', 'https://0123456789abcdef0123456789abcdef01234567.extensions.allizom.org/'],
  ])('accepts %s for the demo client', async (_, redirectUri) => {
    const location = new URL(await authorizeRedirect(f, authorizeUrl({ redirect_uri: redirectUri }), cookie));
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  });

  it.each([
    ['an unknown client', { client_id: '0oaNobody' }, /client_id/],
    ['an unregistered redirect URI', { redirect_uri: 'https://evil.example/' }, /redirect_uri/],
    ['a redirect URI two labels deep', { redirect_uri: 'https://a.b.chromiumapp.org/' }, /redirect_uri/],
    ['a redirect URI with another path', { redirect_uri: `${DEMO_CHROME_REDIRECT_URI}cb` }, /redirect_uri/],
  ])('shows an error page, never redirecting, for %s', async (_, params, summary) => {
    const res = await follow(f, authorizeUrl(params), cookie);
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.body).toMatch(summary);
  });

  it.each([
    ['a scope the app is not granted', { scope: 'openid okta.users.manage' }, 'invalid_scope'],
    ['no PKCE challenge', { code_challenge: undefined }, 'invalid_request'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a response type other than code', { response_type: 'token' }, 'unsupported_response_type'],
  ])('redirects with an error and the state for %s', async (_, params, error) => {
    const url = new URL(await authorizeRedirect(f, authorizeUrl(params), cookie));
    expect(url.searchParams.get('error')).toBe(error);
    expect(url.searchParams.get('error_description')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe(STATE);
    expect(url.searchParams.has('code')).toBe(false);
  });
});

describe('/oauth2/v1/token (Bearer client)', () => {
  it('exchanges a code once, with PKCE, for tokens the session endpoints accept', async () => {
    const code = await codeFor();
    const res = await exchange(code);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile offline_access okta.sessions.manage' });
    const { access_token, refresh_token, id_token } = res.json as Record<string, string>;
    expect(refresh_token).toBeTruthy();

    const jwks = createLocalJWKSet((await (await f(`${ORIGIN}/oauth2/v1/keys`)).json()) as { keys: JWK[] });
    const { payload } = await jwtVerify(id_token!, jwks, { issuer: ORIGIN, audience: DEMO_CLIENT_ID, currentDate: new Date(mock.now()) });
    expect(payload).toMatchObject({ nonce: 'nonce-1', preferred_username: DEMO_USER.login, name: 'Demo User' });

    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    expect((await f(SESSION_OF(s.id), { headers: { Authorization: `Bearer ${access_token}` } })).status).toBe(200);
    expect((await exchange(code)).json).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a wrong verifier, and the code is spent afterwards', async () => {
    const code = await codeFor();
    expect((await exchange(code, { code_verifier: 'x'.repeat(43) })).json).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });
    expect((await exchange(code)).json).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a redirect URI other than the one authorized, and one never registered', async () => {
    const other = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
    expect((await exchange(await codeFor(), { redirect_uri: other })).json).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('redirect_uri') });
    expect((await exchange(await codeFor(), { redirect_uri: 'https://evil.example/' })).json).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('redirect_uri') });
  });

  it('answers an unknown client 401 invalid_client, and other grants unsupported_grant_type', async () => {
    const res = await exchange('whatever', { client_id: '0oaNobody' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client' });
    expect((await postForm(TOKEN, { grant_type: 'password', client_id: DEMO_CLIENT_ID })).json).toMatchObject({ error: 'unsupported_grant_type' });
    const json = await f(TOKEN, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
  });

  it('rotates refresh tokens: the old one is refused once used', async () => {
    const first = (await exchange(await codeFor())).json as Record<string, string>;
    const refresh = (rt: string) => postForm(TOKEN, { grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token: rt });
    const second = await refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    const rotated = (second.json as Record<string, string>).refresh_token!;
    expect(rotated).not.toBe(first.refresh_token);
    expect((await refresh(first.refresh_token!)).json).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(rotated)).status).toBe(200);
  });

  it('revokes access and refresh tokens (and answers 200 for unknown ones)', async () => {
    const tokens = (await exchange(await codeFor())).json as Record<string, string>;
    const revoke = (token: string, hint: string) => postForm(`${ORIGIN}/oauth2/v1/revoke`, { client_id: DEMO_CLIENT_ID, token, token_type_hint: hint });
    expect((await revoke(tokens.access_token!, 'access_token')).status).toBe(200);
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    expect((await f(SESSION_OF(s.id), { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    expect((await revoke(tokens.refresh_token!, 'refresh_token')).status).toBe(200);
    expect((await postForm(TOKEN, { grant_type: 'refresh_token', client_id: DEMO_CLIENT_ID, refresh_token: tokens.refresh_token! })).json).toMatchObject({ error: 'invalid_grant' });
    expect((await revoke('never-issued', 'access_token')).status).toBe(200);
  });

  it('gives a read-only app a token that reads but cannot revoke', async () => {
    const code = new URL(await authorizeRedirect(f, authorizeUrl({ client_id: 'read-only', scope: 'openid okta.sessions.read' }), cookie)).searchParams.get('code')!;
    const tokens = (await exchange(code, { client_id: 'read-only' })).json as Record<string, string>;
    expect(tokens.refresh_token).toBeUndefined(); // no offline_access asked
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const auth = { Authorization: `Bearer ${tokens.access_token}` };
    expect((await f(SESSION_OF(s.id), { headers: auth })).status).toBe(200);
    expect((await f(SESSION_OF(s.id), { method: 'DELETE', headers: auth })).status).toBe(403);
  });

  it('uses per-client lifetimes', async () => {
    const code = new URL(await authorizeRedirect(f, authorizeUrl({ client_id: 'short-lived', scope: 'openid offline_access okta.sessions.read' }), cookie)).searchParams.get('code')!;
    const tokens = (await exchange(code, { client_id: 'short-lived' })).json as Record<string, unknown>;
    expect(tokens.expires_in).toBe(5);
    const grant = mock.org(DEMO_ORG_HOST).accessTokens.get(tokens.access_token as string)!;
    expect(grant.expiresAt! - mock.now()).toBeLessThanOrEqual(5000);
    expect(mock.org(DEMO_ORG_HOST).oauth.refreshTokens.get(tokens.refresh_token as string)!.expiresAt - mock.now()).toBeLessThanOrEqual(10_000);
  });

  it('refuses an Origin that is not a Trusted Origin with a 403 and no JSON', async () => {
    const acme = 'https://acme.okta.com';
    const form = { grant_type: 'authorization_code', client_id: 'acme-app', code: 'x', code_verifier: VERIFIER, redirect_uri: DEMO_CHROME_REDIRECT_URI };
    const refused = await postForm(`${acme}/oauth2/v1/token`, form, { Origin: 'chrome-extension://someotherextensionidxxxxxxxxxxx' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).not.toContain('json');
    const trusted = await postForm(`${acme}/oauth2/v1/token`, form, { Origin: 'chrome-extension://ggpnlkpakjjfpcofddpohjgcglckoakm' });
    expect(trusted.json).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('DPoP', () => {
  let keys: { privateKey: JoseKey; publicKey: JoseKey };
  let jwk: JWK;
  let jkt: string;

  beforeAll(async () => {
    keys = await generateKeyPair('ES256');
    const full = await exportJWK(keys.publicKey);
    jwk = { kty: full.kty!, crv: full.crv!, x: full.x!, y: full.y! };
    jkt = await calculateJwkThumbprint(jwk);
  });

  const proof = (htm: string, htu: string, claims: Record<string, unknown> = {}, key = keys.privateKey, header: JWK = jwk) =>
    new SignJWT({ htm, htu, jti: crypto.randomUUID(), ...claims })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: header })
      .setIssuedAt(Math.floor(mock.now() / 1000))
      .sign(key);

  const dpopExchange = async (code: string, p: string) => exchange(code, { client_id: DEMO_DPOP_CLIENT_ID }, { DPoP: p });

  async function dpopTokens(): Promise<Record<string, string>> {
    const code = await codeFor({ client_id: DEMO_DPOP_CLIENT_ID });
    const first = await dpopExchange(code, await proof('POST', TOKEN));
    expect(first.status).toBe(400);
    expect(first.json).toMatchObject({ error: 'use_dpop_nonce' });
    const nonce = first.headers.get('dpop-nonce')!;
    expect(nonce).toBeTruthy();
    const second = await dpopExchange(code, await proof('POST', TOKEN, { nonce }));
    expect(second.status).toBe(200);
    return second.json as Record<string, string>;
  }

  it('requires a proof, then a nonce, and binds the tokens to the key (the code survives the nonce round)', async () => {
    const code = await codeFor({ client_id: DEMO_DPOP_CLIENT_ID });
    expect((await exchange(code, { client_id: DEMO_DPOP_CLIENT_ID })).json).toMatchObject({ error: 'invalid_dpop_proof' });
    const tokens = await dpopTokens();
    expect(tokens.token_type).toBe('DPoP');
    expect(mock.org(DEMO_ORG_HOST).accessTokens.get(tokens.access_token!)).toMatchObject({ dpop: true, jkt });
  });

  it.each([
    ['a wrong htu', { htu: `${ORIGIN}/oauth2/v1/revoke` }],
    ['a wrong htm', { htm: 'GET' }],
    ['an old iat', { iat: Math.floor(Date.now() / 1000) - 3600 }],
  ])('refuses a proof with %s', async (_, patch) => {
    const code = await codeFor({ client_id: DEMO_DPOP_CLIENT_ID });
    const nonce = mock.org(DEMO_ORG_HOST).oauth.tokenNonce;
    const p = await new SignJWT({ htm: 'POST', htu: TOKEN, jti: crypto.randomUUID(), nonce, iat: Math.floor(mock.now() / 1000), ...patch })
      .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk })
      .sign(keys.privateKey);
    expect((await dpopExchange(code, p)).json).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it('refuses a replayed proof and a proof signed by another key than its header names', async () => {
    const nonce = mock.org(DEMO_ORG_HOST).oauth.tokenNonce;
    const p = await proof('POST', TOKEN, { nonce });
    expect((await dpopExchange(await codeFor({ client_id: DEMO_DPOP_CLIENT_ID }), p)).status).toBe(200);
    expect((await dpopExchange(await codeFor({ client_id: DEMO_DPOP_CLIENT_ID }), p)).json).toMatchObject({ error: 'invalid_dpop_proof', error_description: expect.stringContaining('jti') });
    const other = await generateKeyPair('ES256');
    const forged = await proof('POST', TOKEN, { nonce }, other.privateKey, jwk);
    expect((await dpopExchange(await codeFor({ client_id: DEMO_DPOP_CLIENT_ID }), forged)).json).toMatchObject({ error: 'invalid_dpop_proof', error_description: expect.stringContaining('signature') });
  });

  it('accepts a bound token on the session endpoints only as DPoP with a proof carrying its ath', async () => {
    const { access_token } = await dpopTokens();
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const url = SESSION_OF(s.id);
    const get = (headers: Record<string, string>) => f(url, { headers });
    expect((await get({ Authorization: `DPoP ${access_token}`, DPoP: await proof('GET', url, { ath: sha256(access_token!) }) })).status).toBe(200);
    const bearer = await get({ Authorization: `Bearer ${access_token}` });
    expect(bearer.status).toBe(401);
    expect(bearer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const noAth = await get({ Authorization: `DPoP ${access_token}`, DPoP: await proof('GET', url) });
    expect(noAth.status).toBe(401);
    expect(noAth.headers.get('www-authenticate')).toContain('error="invalid_dpop_proof"');
    const other = await generateKeyPair('ES256');
    const otherJwk = await exportJWK(other.publicKey);
    const wrongKey = await get({ Authorization: `DPoP ${access_token}`, DPoP: await proof('GET', url, { ath: sha256(access_token!) }, other.privateKey, otherJwk) });
    expect(wrongKey.status).toBe(401);
    const noProof = await get({ Authorization: `DPoP ${access_token}` });
    expect(noProof.status).toBe(401);
  });

  it('asks for the resource nonce when that is switched on', async () => {
    const { access_token } = await dpopTokens();
    const org = mock.org(DEMO_ORG_HOST);
    org.oauth.requireResourceNonce = true;
    const s = org.createSession(DEMO_USER.login);
    const url = SESSION_OF(s.id);
    const first = await f(url, { headers: { Authorization: `DPoP ${access_token}`, DPoP: await proof('GET', url, { ath: sha256(access_token!) }) } });
    expect(first.status).toBe(401);
    expect(first.headers.get('www-authenticate')).toContain('error="use_dpop_nonce"');
    const nonce = first.headers.get('dpop-nonce')!;
    expect(nonce).toBe(org.oauth.resourceNonce);
    const second = await f(url, { headers: { Authorization: `DPoP ${access_token}`, DPoP: await proof('GET', url, { ath: sha256(access_token!), nonce }) } });
    expect(second.status).toBe(200);
  });

  it('binds the refresh token to the key too', async () => {
    const { refresh_token } = await dpopTokens();
    const nonce = mock.org(DEMO_ORG_HOST).oauth.tokenNonce;
    const form = { grant_type: 'refresh_token', client_id: DEMO_DPOP_CLIENT_ID, refresh_token: refresh_token! };
    const other = await generateKeyPair('ES256');
    const foreign = await proof('POST', TOKEN, { nonce }, other.privateKey, await exportJWK(other.publicKey));
    expect((await postForm(TOKEN, form, { DPoP: foreign })).json).toMatchObject({ error: 'invalid_dpop_proof' });
    const own = await postForm(TOKEN, form, { DPoP: await proof('POST', TOKEN, { nonce }) });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ token_type: 'DPoP' });
  });
});
