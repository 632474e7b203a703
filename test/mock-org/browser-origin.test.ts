// Okta's rules for browser requests, as the mock enforces them by default: what a request carrying an Origin
// gets from the API, the token endpoint and /api/v1/sessions/me, spoken to over real HTTPS.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { authorizeRedirect, signInCookie } from '../support/oauth-browser';
import { TEXTS } from './browser-origin';
import { DEMO_API_TOKEN, DEMO_CHROME_REDIRECT_URI, DEMO_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';

const ORIGIN = `https://${DEMO_ORG_HOST}`;
const EXTENSION = 'chrome-extension://ggpnlkpakjjfpcofddpohjgcglckoakm';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

let mock: MockOrg;
let f: typeof fetch;
let cookie: string;

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
  cookie = await signInCookie(f, ORIGIN, DEMO_USER);
});
afterAll(() => mock.close());
beforeEach(() => mock.setStrictOrigins(true));

const sessionId = () => mock.org(DEMO_ORG_HOST).sessionFromCookies(new Map([cookie.split('=') as [string, string]]))!.id;
const ssws = { Authorization: `SSWS ${DEMO_API_TOKEN}` };

async function code(): Promise<string> {
  const q = new URLSearchParams({
    client_id: DEMO_CLIENT_ID,
    response_type: 'code',
    scope: 'openid okta.sessions.read',
    redirect_uri: DEMO_CHROME_REDIRECT_URI,
    state: 'state-0123456789abcdefghij',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  });
  return new URL(await authorizeRedirect(f, `${ORIGIN}/oauth2/v1/authorize?${q}`, cookie)).searchParams.get('code')!;
}

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await f(`${ORIGIN}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the management API', () => {
  it('answers an extension’s Origin with 403 E0000212, and the same call without Origin normally', async () => {
    const id = sessionId();
    const refused = await f(`${ORIGIN}/api/v1/sessions/${id}/lifecycle/refresh`, { method: 'POST', headers: { ...ssws, Origin: EXTENSION } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ errorCode: 'E0000212', errorSummary: 'Origin validation failed.' });
    const ok = await f(`${ORIGIN}/api/v1/sessions/${id}/lifecycle/refresh`, { method: 'POST', headers: ssws });
    expect(ok.status).toBe(200);
  });

  it('lets the org’s own pages and its Trusted Origins through', async () => {
    const own = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: cookie, Origin: ORIGIN } });
    expect(own.status).toBe(200);
    mock.org(DEMO_ORG_HOST).corsOrigins.push('https://app.example.com');
    const trusted = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: cookie, Origin: 'https://app.example.com' } });
    expect(trusted.status).toBe(200);
    const other = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: cookie, Origin: 'https://evil.example.net' } });
    expect(other.status).toBe(403);
  });

  it('accepts anything when strict mode is off', async () => {
    mock.setStrictOrigins(false);
    const res = await f(`${ORIGIN}/api/v1/sessions/${sessionId()}`, { headers: { ...ssws, Origin: EXTENSION } });
    expect(res.status).toBe(200);
  });
});

describe('the token endpoint', () => {
  const exchange = async (extra: Record<string, string> = {}) => ({
    grant_type: 'authorization_code',
    client_id: DEMO_CLIENT_ID,
    code: await code(),
    redirect_uri: DEMO_CHROME_REDIRECT_URI,
    code_verifier: VERIFIER,
    ...extra,
  });

  it('refuses an Origin that is not a redirect URI origin, with Okta’s text', async () => {
    const reply = await token(await exchange(), { Origin: EXTENSION });
    expect(reply).toEqual({ status: 400, json: { error: 'invalid_request', error_description: TEXTS.redirectOrigin } });
  });

  it('wants PKCE from a browser', async () => {
    const form = await exchange();
    delete (form as Partial<typeof form>).code_verifier;
    const reply = await token(form, { Origin: 'https://ggpnlkpakjjfpcofddpohjgcglckoakm.chromiumapp.org' });
    expect(reply).toEqual({ status: 401, json: { error: 'invalid_client', error_description: TEXTS.pkce } });
  });

  it('accepts the redirect URI’s own origin, and a server call without Origin', async () => {
    expect((await token(await exchange(), { Origin: 'https://ggpnlkpakjjfpcofddpohjgcglckoakm.chromiumapp.org' })).status).toBe(200);
    expect((await token(await exchange())).status).toBe(200);
  });
});

describe('/api/v1/sessions/me', () => {
  it('reads, refreshes and ends the session from the cookie alone', async () => {
    const c = await signInCookie(f, ORIGIN, DEMO_USER);
    const read = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: c } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ login: DEMO_USER.login, idp: { type: 'OKTA' } });
    expect((await f(`${ORIGIN}/api/v1/sessions/me/lifecycle/refresh`, { method: 'POST', headers: { Cookie: c } })).status).toBe(200);
    expect((await f(`${ORIGIN}/api/v1/sessions/me`, { method: 'DELETE', headers: { Cookie: c } })).status).toBe(204);
    expect((await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: c } })).status).toBe(404);
  });

  it('refuses a credential in place of the cookie', async () => {
    const res = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { ...ssws, Cookie: cookie } });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errorCode: 'E0000005', errorCauses: [{ errorSummary: "An API token isn't allowed for this request." }] });
  });

  it('answers an Identity Engine session without idp', async () => {
    const org = mock.org(DEMO_ORG_HOST);
    org.mode = 'oie';
    try {
      const s = org.createSession(DEMO_USER.login);
      expect(s.id.startsWith('idx')).toBe(true);
      const res = await f(`${ORIGIN}/api/v1/sessions/me`, { headers: { Cookie: `sid=${s.id}` } });
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.login).toBe(DEMO_USER.login);
      expect(body).not.toHaveProperty('idp');
    } finally {
      org.mode = 'classic';
    }
  });
});
