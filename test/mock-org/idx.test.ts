import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';
import { xsidOf } from './state';

let mock: MockOrg;
let f: typeof fetch;
const OIE = 'https://oie.okta.com';
const ION = 'application/ion+json; okta-version=1.0.0';

beforeAll(async () => {
  mock = await startMockOrg({
    orgs: [
      { host: DEMO_ORG_HOST, users: [{ ...DEMO_USER }] },
      { host: 'oie.okta.com', mode: 'oie', users: [{ ...DEMO_USER }] },
    ],
  });
  f = orgFetch(mock);
});
afterAll(() => mock.close());

/** Opens the oie sign-in page as a browser would and returns the stateHandle it carries. */
async function openSignIn(query = ''): Promise<{ html: string; stateHandle: string }> {
  const html = await (await f(`${OIE}/login/login.htm${query}`)).text();
  const m = /name="stateHandle" value="([^"]+)"/.exec(html);
  expect(m).not.toBeNull();
  return { html, stateHandle: m![1]! };
}

const post = (path: string, body: unknown, origin = OIE) =>
  f(`${origin}${path}`, { method: 'POST', headers: { 'Content-Type': ION, Accept: ION }, body: JSON.stringify(body) });

const postForm = (path: string, fields: Record<string, string>) =>
  f(`${OIE}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });

type Ion = {
  stateHandle?: string;
  remediation?: { value: Array<{ name: string; href: string }> };
  success?: { name: string; href: string };
  messages?: { value: Array<{ message: string; class: string }> };
  user?: { value: { identifier: string } };
};

/** Follows a success href: the idx cookie's session and where it redirects. */
async function finish(href: string): Promise<{ location: string | null; xsid: string | undefined }> {
  const res = await f(href, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const [setCookie] = res.headers.getSetCookie();
  expect(setCookie).toMatch(/^idx=[^;]+; Path=\/; Secure; HttpOnly; SameSite=None/);
  return { location: res.headers.get('location'), xsid: xsidOf(setCookie!.split(';')[0]!.slice('idx='.length)) };
}

describe('Identity Engine sign-in (/idp/idx/*)', () => {
  it('the oie sign-in page posts to /idp/idx/identify and its script introspects first', async () => {
    const { html } = await openSignIn();
    expect(html).toContain('action="/idp/idx/identify"');
    expect(html).toContain('<label for="okta-signin-username">Username</label>');
    expect(html).toContain('<label for="okta-signin-password">Password</label>');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign In<\/button>/);
    expect(html.indexOf("'/idp/idx/introspect'")).toBeGreaterThan(0);
    expect(html.indexOf("'/idp/idx/introspect'")).toBeLessThan(html.indexOf("'/idp/idx/identify'"));
  });

  it('JSON: introspect -> identify -> challenge/answer -> success-redirect sets idx for a new session', async () => {
    const { stateHandle } = await openSignIn('?fromURI=%2Foauth2%2Fv1%2Fauthorize%3Fx%3D1');
    const intro = await post('/idp/idx/introspect', { stateHandle });
    expect(intro.status).toBe(200);
    expect(intro.headers.get('content-type')).toBe(ION);
    const introBody = (await intro.json()) as Ion;
    expect(introBody.stateHandle).toBe(stateHandle);
    expect(introBody.remediation!.value[0]).toMatchObject({ name: 'identify', href: `${OIE}/idp/idx/identify` });

    const ident = (await (await post('/idp/idx/identify', { identifier: DEMO_USER.login, stateHandle })).json()) as Ion;
    expect(ident.remediation!.value[0]).toMatchObject({ name: 'challenge-authenticator', href: `${OIE}/idp/idx/challenge/answer` });

    const answer = await post('/idp/idx/challenge/answer', { credentials: { passcode: DEMO_USER.password }, stateHandle });
    expect(answer.status).toBe(200);
    const done = (await answer.json()) as Ion;
    expect(done.user!.value.identifier).toBe(DEMO_USER.login);
    expect(done.success).toMatchObject({ name: 'success-redirect' });
    expect(done.success!.href).toBe(`${OIE}/login/token/redirect?stateToken=${encodeURIComponent(stateHandle)}`);

    const { location, xsid } = await finish(done.success!.href);
    expect(location).toBe('/oauth2/v1/authorize?x=1');
    expect(mock.org('oie.okta.com').activeSession(xsid!)?.login).toBe(DEMO_USER.login);
    // The browser really went through the IDX paths, in order.
    const paths = mock.log.filter((e) => e.host === 'oie.okta.com').map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/idp/idx/introspect', '/idp/idx/identify', '/idp/idx/challenge/answer', '/login/token/redirect']),
    );
    // The transaction is spent: the same stateToken gives no second session.
    const again = await f(done.success!.href, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('JSON: identify with the password at once succeeds; a wrong one is 401 "Unable to sign in" and no session', async () => {
    const { stateHandle } = await openSignIn();
    const wrong = await post('/idp/idx/identify', { identifier: DEMO_USER.login, credentials: { passcode: 'nope' }, stateHandle });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Ion).messages!.value[0]).toEqual({ message: 'Unable to sign in', class: 'ERROR' });
    const before = mock.org('oie.okta.com').sessions.size;
    expect((await f(`${OIE}/login/token/redirect?stateToken=${encodeURIComponent(stateHandle)}`, { redirect: 'manual' })).status).toBe(403);
    expect(mock.org('oie.okta.com').sessions.size).toBe(before);

    const ok = (await (
      await post('/idp/idx/identify', { identifier: DEMO_USER.login, credentials: { passcode: DEMO_USER.password }, stateHandle })
    ).json()) as Ion;
    const { location, xsid } = await finish(ok.success!.href);
    expect(location).toBe('/app/UserHome');
    expect(mock.org('oie.okta.com').activeSession(xsid!)).toBeDefined();
  });

  it('an unknown stateHandle is 401 "The session has expired."', async () => {
    const res = await post('/idp/idx/introspect', { stateHandle: '02unknown' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as Ion).messages!.value[0]!.message).toBe('The session has expired.');
  });

  it('forms (no script): identify posts redirect to /login/token/redirect, which sets idx', async () => {
    const { stateHandle } = await openSignIn();
    const wrong = await postForm('/idp/idx/identify', { identifier: DEMO_USER.login, passcode: 'nope', stateHandle });
    expect(wrong.status).toBe(200);
    expect(await wrong.text()).toMatch(/role="alert"[^>]*>Unable to sign in</);

    const res = await postForm('/idp/idx/identify', { identifier: DEMO_USER.login, passcode: DEMO_USER.password, stateHandle });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/login/token/redirect?stateToken=${encodeURIComponent(stateHandle)}`);
    const { xsid } = await finish(`${OIE}${res.headers.get('location')}`);
    const home = await f(`${OIE}/app/UserHome`, {
      headers: { Cookie: `idx=${mock.org('oie.okta.com').sessionCookie(xsid!).value}` },
    });
    expect(await home.text()).toContain(`Signed in as ${DEMO_USER.login}`);
  });

  it('forms: identify without a password shows a password page that answers the challenge', async () => {
    const { stateHandle } = await openSignIn();
    const step = await postForm('/idp/idx/identify', { identifier: DEMO_USER.login, stateHandle });
    expect(await step.text()).toContain('action="/idp/idx/challenge/answer"');
    const res = await postForm('/idp/idx/challenge/answer', { passcode: DEMO_USER.password, stateHandle });
    expect(res.status).toBe(302);
    expect((await finish(`${OIE}${res.headers.get('location')}`)).xsid).toMatch(/^idx/);
  });

  it('a Classic org has no /idp/idx: 404 E0000007', async () => {
    const res = await post('/idp/idx/introspect', { stateHandle: 'x' }, `https://${DEMO_ORG_HOST}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000007');
    // ...and its sign-in page is still the classic form.
    expect(await (await f(`https://${DEMO_ORG_HOST}/login/login.htm`)).text()).toContain('action="/login/login.htm"');
  });
});
