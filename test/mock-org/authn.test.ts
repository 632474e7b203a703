import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';
import { xsidOf } from './state';

let mock: MockOrg;
let f: typeof fetch;
const DEMO = `https://${DEMO_ORG_HOST}`;
const OIE = 'https://oie.okta.com';

beforeAll(async () => {
  mock = await startMockOrg({
    orgs: [
      { host: DEMO_ORG_HOST, users: [{ ...DEMO_USER }], apiTokens: { [DEMO_API_TOKEN]: ['okta.sessions.manage'] } },
      { host: 'oie.okta.com', mode: 'oie', users: [{ ...DEMO_USER }], customDomains: ['login.example.com'] },
    ],
  });
  f = orgFetch(mock);
});
afterAll(() => mock.close());

const authn = (origin: string, body: string) =>
  f(`${origin}/api/v1/authn`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body });

async function sessionToken(origin = DEMO): Promise<string> {
  const res = await authn(origin, JSON.stringify({ username: DEMO_USER.login, password: DEMO_USER.password }));
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

const cookieRedirect = (origin: string, query: Record<string, string>) =>
  f(`${origin}/login/sessionCookieRedirect?${new URLSearchParams(query)}`, { redirect: 'manual' });

describe('POST /api/v1/authn', () => {
  it('answers SUCCESS with a session token that POST /api/v1/sessions accepts once', async () => {
    const before = Date.now();
    const res = await authn(DEMO, JSON.stringify({ username: DEMO_USER.login, password: DEMO_USER.password }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      sessionToken: string;
      expiresAt: string;
      _embedded: { user: { id: string; profile: { login: string } } };
    };
    expect(body.status).toBe('SUCCESS');
    expect(body.sessionToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(body._embedded.user.profile.login).toBe(DEMO_USER.login);
    expect(body._embedded.user.id).toBe(mock.org(DEMO_ORG_HOST).user(DEMO_USER.login)!.id);
    const expires = Date.parse(body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 5 * 60_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);

    const create = () =>
      f(`${DEMO}/api/v1/sessions`, {
        method: 'POST',
        headers: { Authorization: `SSWS ${DEMO_API_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionToken: body.sessionToken }),
      });
    const created = await create();
    expect(created.status).toBe(200);
    expect(((await created.json()) as { login: string }).login).toBe(DEMO_USER.login);
    const again = await create();
    expect(again.status).toBe(401);
    expect(((await again.json()) as { errorCode: string }).errorCode).toBe('E0000004');
  });

  it('a wrong password or unknown user is 401 E0000004, and no token is issued', async () => {
    for (const body of [
      { username: DEMO_USER.login, password: 'wrong' },
      { username: 'nobody@example.com', password: DEMO_USER.password },
    ]) {
      const res = await authn(DEMO, JSON.stringify(body));
      expect(res.status).toBe(401);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json).toMatchObject({ errorCode: 'E0000004', errorSummary: 'Authentication failed' });
      expect(json).not.toHaveProperty('sessionToken');
    }
  });

  it('a body that is not JSON is 400 E0000003; a missing field is 400 E0000001 naming it', async () => {
    const bad = await authn(DEMO, 'username=x');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }).errorCode).toBe('E0000003');
    const missing = await authn(DEMO, JSON.stringify({ username: DEMO_USER.login }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: password' });
  });
});

describe('GET /login/sessionCookieRedirect', () => {
  it('classic: turns the token into a sid cookie for a new session and redirects to the same-org redirectUrl', async () => {
    const token = await sessionToken();
    const res = await cookieRedirect(DEMO, { token, redirectUrl: `${DEMO}/app/UserHome?from=test` });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${DEMO}/app/UserHome?from=test`);
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{25}; /);
    for (const attr of ['Secure', 'HttpOnly', 'SameSite=None', 'Path=/']) expect(setCookie).toContain(attr);
    const sid = setCookie!.split(';')[0]!.slice('sid='.length);
    expect(mock.org(DEMO_ORG_HOST).activeSession(sid)?.login).toBe(DEMO_USER.login);
    const home = await f(`${DEMO}/app/UserHome`, { headers: { Cookie: `sid=${sid}` } });
    expect(await home.text()).toContain(`Signed in as ${DEMO_USER.login}`);
  });

  it('oie: sets idx (naming the new session in xsid), also on a custom domain', async () => {
    const token = await sessionToken(OIE);
    const res = await cookieRedirect('https://login.example.com', { token, redirectUrl: '/app/UserHome' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/UserHome');
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^idx=/);
    const xsid = xsidOf(setCookie!.split(';')[0]!.slice('idx='.length));
    expect(xsid).toMatch(/^idx/);
    expect(mock.org('oie.okta.com').activeSession(xsid!)?.login).toBe(DEMO_USER.login);
  });

  it('a token works once; a used, unknown or missing token gets a 403 page and no cookie', async () => {
    const token = await sessionToken();
    expect((await cookieRedirect(DEMO, { token })).status).toBe(302);
    for (const query of [{ token }, { token: 'not-a-token' }, {}] as Array<Record<string, string>>) {
      const res = await cookieRedirect(DEMO, query);
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.text()).toContain('role="alert"');
    }
  });

  it('redirects only within the org: default and foreign redirectUrl go to /app/UserHome', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, '/app/UserHome'],
      [{ redirectUrl: 'https://evil.example/steal' }, '/app/UserHome'],
      [{ redirectUrl: '//evil.example/' }, '/app/UserHome'],
      [{ redirectUrl: 'http://dev-123456.okta.com/app/UserHome' }, '/app/UserHome'],
      [{ redirectUrl: 'https://dev-123456-admin.okta.com/admin/dashboard' }, 'https://dev-123456-admin.okta.com/admin/dashboard'],
      [{ redirectUrl: '/oauth2/v1/authorize?x=1' }, '/oauth2/v1/authorize?x=1'],
    ];
    for (const [query, location] of cases) {
      const res = await cookieRedirect(DEMO, { token: await sessionToken(), ...query });
      expect(res.headers.get('location'), JSON.stringify(query)).toBe(location);
    }
  });
});

describe('GET /login/signout', () => {
  it('ends the session, clears the cookie and goes to a same-origin fromURI, else the sign-in page', async () => {
    const res = await cookieRedirect(DEMO, { token: await sessionToken() });
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const out = await f(`${DEMO}/login/signout?fromURI=${encodeURIComponent('/app/UserHome')}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe('/app/UserHome');
    expect(out.headers.getSetCookie().some((c) => c.startsWith('sid=;') && c.includes('Max-Age=0'))).toBe(true);
    expect(mock.org(DEMO_ORG_HOST).activeSession(cookie.slice('sid='.length))).toBeUndefined();
    const foreign = await f(`${DEMO}/login/signout?fromURI=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    expect(foreign.headers.get('location')).toBe('/login/login.htm');
  });
});
