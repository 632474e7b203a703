import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';
import { xsidOf } from './state';

let mock: MockOrg;
let f: typeof fetch;

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

async function signIn(origin: string, password: string = DEMO_USER.password): Promise<Response> {
  return f(`${origin}/login/login.htm`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: DEMO_USER.login, password }).toString(),
    redirect: 'manual',
  });
}

const cookiePair = (setCookie: string) => setCookie.split(';')[0]!;

describe('sign-in pages', () => {
  it('GET /login/login.htm shows the form', async () => {
    const html = await (await f(`https://${DEMO_ORG_HOST}/login/login.htm`)).text();
    expect(html).toContain('<label for="okta-signin-username">Username</label>');
    expect(html).toContain('<label for="okta-signin-password">Password</label>');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign In<\/button>/);
  });

  it('a wrong password re-renders the form with an error and sets no cookie', async () => {
    const res = await signIn(`https://${DEMO_ORG_HOST}`, 'wrong');
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await res.text()).toContain('role="alert"');
  });

  it('classic: sets sid=<session id>, redirects to /app/UserHome, which names the user', async () => {
    const res = await signIn(`https://${DEMO_ORG_HOST}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/UserHome');
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^sid=[A-Za-z0-9_-]{25}; /);
    for (const attr of ['Secure', 'HttpOnly', 'SameSite=None', 'Path=/']) expect(setCookie).toContain(attr);
    const sid = cookiePair(setCookie!).slice('sid='.length);
    expect(mock.org(DEMO_ORG_HOST).activeSession(sid)?.login).toBe(DEMO_USER.login);

    const home = await f(`https://${DEMO_ORG_HOST}/app/UserHome`, { headers: { Cookie: cookiePair(setCookie!) } });
    expect(await home.text()).toContain(`Signed in as ${DEMO_USER.login}`);
    const root = await f(`https://${DEMO_ORG_HOST}/`, { headers: { Cookie: cookiePair(setCookie!) }, redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/app/UserHome');

    // The API sees the same session.
    const api = await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/${sid}`, { headers: { Authorization: `SSWS ${DEMO_API_TOKEN}` } });
    expect(api.status).toBe(200);
  });

  it('signout clears the cookie and ends the session', async () => {
    const cookie = cookiePair((await signIn(`https://${DEMO_ORG_HOST}`)).headers.getSetCookie()[0]!);
    const sid = cookie.slice('sid='.length);
    const out = await f(`https://${DEMO_ORG_HOST}/login/signout`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('sid=;') && c.includes('Max-Age=0'))).toBe(true);
    expect(mock.org(DEMO_ORG_HOST).activeSession(sid)).toBeUndefined();
    const home = await f(`https://${DEMO_ORG_HOST}/app/UserHome`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toMatch(/^\/login\/login\.htm/);
  });

  it('GET / sends a visitor without a session to the sign-in page', async () => {
    const res = await f(`https://${DEMO_ORG_HOST}/`, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('/login/login.htm');
  });

  it('oie: sets a JWE-shaped idx cookie whose protected header names the session (xsid)', async () => {
    const res = await signIn('https://oie.okta.com');
    const [setCookie] = res.headers.getSetCookie();
    expect(setCookie).toMatch(/^idx=/);
    const value = cookiePair(setCookie!).slice('idx='.length);
    const parts = value.split('.');
    expect(parts).toHaveLength(5);
    const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: 'dir', enc: 'A256GCM' });
    expect(header.xsid).toBe(xsidOf(value));
    expect(mock.org('oie.okta.com').activeSession(header.xsid!)?.login).toBe(DEMO_USER.login);
    const home = await f('https://oie.okta.com/app/UserHome', { headers: { Cookie: `idx=${value}` } });
    expect(await home.text()).toContain(`Signed in as ${DEMO_USER.login}`);
  });

  it('a custom domain serves the same org, with a certificate that names it', async () => {
    const res = await signIn('https://login.example.com');
    expect(res.status).toBe(302);
    const xsid = xsidOf(cookiePair(res.headers.getSetCookie()[0]!).slice('idx='.length));
    expect(mock.org('oie.okta.com').activeSession(xsid!)).toBeDefined();
    expect(mock.org('login.example.com')).toBe(mock.org('oie.okta.com'));
  });

  it('returns to a same-origin fromURI after sign-in, but never to another origin', async () => {
    const post = (fromURI: string) =>
      f(`https://${DEMO_ORG_HOST}/login/login.htm`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: DEMO_USER.login, password: DEMO_USER.password, fromURI }).toString(),
        redirect: 'manual',
      });
    expect((await post('/oauth2/v1/authorize?x=1')).headers.get('location')).toBe('/oauth2/v1/authorize?x=1');
    expect((await post('https://evil.example/')).headers.get('location')).toBe('/app/UserHome');
    expect((await post('//evil.example/')).headers.get('location')).toBe('/app/UserHome');
  });

  it('/api/v1/sessions/me answers from the cookie alone', async () => {
    const cookie = cookiePair((await signIn(`https://${DEMO_ORG_HOST}`)).headers.getSetCookie()[0]!);
    const me = await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { login: string }).login).toBe(DEMO_USER.login);
    expect((await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/me`)).status).toBe(404);
  });
});
