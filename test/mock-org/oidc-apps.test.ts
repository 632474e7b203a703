// The mock's OIDC app model, over real HTTPS: each failure on Okta's channel with Okta's text, and the app site
// on its own host.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_ORG_HOST, DEMO_USER } from './demo';
import { APP_ORIGIN, authServer, NO_POLICY_CLIENT, SPA_CLIENT, UNASSIGNED_CLIENT, WEB_CLIENT } from './oidc-apps';
import { startMockOrg, type MockOrg } from './server';

let mock: MockOrg;
let f: typeof fetch;
const ORG = `https://${DEMO_ORG_HOST}`;
let sid = '';

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
  const r = await f(`${ORG}/login/login.htm`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: DEMO_USER.login, password: DEMO_USER.password }).toString(), redirect: 'manual' });
  sid = r.headers.get('set-cookie')!.split(';')[0]!;
});
afterAll(() => mock.close());

const verifier = 'v'.repeat(43);
const challenge = createHash('sha256').update(verifier).digest('base64url');

function authorize(over: Record<string, string | undefined> = {}, cookie = sid): Promise<Response> {
  const q = new URLSearchParams({ client_id: SPA_CLIENT, response_type: 'code', scope: 'openid profile', redirect_uri: `${APP_ORIGIN}/callback`, state: 'st', code_challenge: challenge, code_challenge_method: 'S256' });
  for (const [k, v] of Object.entries(over)) (v === undefined ? q.delete(k) : q.set(k, v));
  return f(`${ORG}/oauth2/default/v1/authorize?${q}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}
const back = (r: Response) => new URL(r.headers.get('location')!);

describe('the default authorization server and its apps', () => {
  it('redirects back with Okta’s error and text', async () => {
    const cases: Array<[Record<string, string | undefined>, string, string]> = [
      [{ client_id: UNASSIGNED_CLIENT }, 'access_denied', 'User is not assigned to the client application.'],
      [{ client_id: NO_POLICY_CLIENT }, 'access_denied', 'Policy evaluation failed for this request, please check the policy configurations.'],
      [{ scope: 'openid orders.admin' }, 'access_denied', 'Some of the requested scopes were denied by the policy. Denied scopes: [orders.admin].'],
      [{ scope: 'openid groups' }, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.'],
      [{ scope: 'profile' }, 'invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope."],
      [{ response_type: 'token' }, 'unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].'],
      [{ code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request', 'PKCE code challenge is required by the application.'],
    ];
    for (const [over, error, text] of cases) {
      const u = back(await authorize(over));
      expect([u.origin + u.pathname, u.searchParams.get('error'), u.searchParams.get('error_description')]).toEqual([`${APP_ORIGIN}/callback`, error, text]);
    }
    const none = back(await authorize({ prompt: 'none' }, ''));
    expect(none.searchParams.get('error')).toBe('login_required');
  });

  it('shows its own 400 page for an unknown client or an unregistered redirect_uri', async () => {
    for (const over of [{ client_id: '0oaNoSuchApp' }, { redirect_uri: `${APP_ORIGIN}/callback/` }]) {
      const r = await authorize(over);
      expect(r.status).toBe(400);
      expect(r.headers.get('location')).toBeNull();
      expect(r.headers.get('x-okta-request-id')).toBeTruthy();
    }
  });

  it('token endpoint: browser requests, reuse, and CORS only for Trusted Origins', async () => {
    const code = back(await authorize()).searchParams.get('code')!;
    const form = (extra: Record<string, string>) => new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${APP_ORIGIN}/callback`, client_id: SPA_CLIENT, ...extra }).toString();
    const post = (body: string, origin: string) => f(`${ORG}/oauth2/default/v1/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin }, body });
    const noPkce = await post(form({}), APP_ORIGIN);
    expect([noPkce.status, ((await noPkce.json()) as { error_description: string }).error_description]).toEqual([401, 'Browser requests to the token endpoint must use Proof Key for Code Exchange.']);
    const untrusted = await post(form({ code_verifier: verifier }), 'https://other.example.test');
    expect(untrusted.status).toBe(400);
    expect(untrusted.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await post(form({ code_verifier: verifier }), APP_ORIGIN);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect((await post(form({ code_verifier: verifier }), APP_ORIGIN)).status).toBe(400);
    // A Web app with no PKCE required: a verifier without a challenge.
    const webCode = back(await authorize({ client_id: WEB_CLIENT, code_challenge: undefined, code_challenge_method: undefined })).searchParams.get('code')!;
    const r = await post(new URLSearchParams({ grant_type: 'authorization_code', code: webCode, redirect_uri: `${APP_ORIGIN}/callback`, client_id: WEB_CLIENT, code_verifier: verifier }).toString(), APP_ORIGIN);
    expect(((await r.json()) as { error_description: string }).error_description).toBe('PKCE code challenge should be specified in the authorize request for code verification.');
  });

  it('logout: id_token_hint required, post-logout URI registered', async () => {
    expect((await f(`${ORG}/oauth2/default/v1/logout`, { redirect: 'manual' })).status).toBe(400);
    expect((await f(`${ORG}/oauth2/default/v1/logout?id_token_hint=x&post_logout_redirect_uri=${encodeURIComponent('https://app.example.test/bye')}`, { redirect: 'manual' })).status).toBe(400);
    const ok = await f(`${ORG}/oauth2/default/v1/logout?id_token_hint=x&post_logout_redirect_uri=${encodeURIComponent(`${APP_ORIGIN}/`)}`, { redirect: 'manual' });
    expect([ok.status, ok.headers.get('location')]).toEqual([302, `${APP_ORIGIN}/`]);
  });

  it('the app site answers on its own host, without Okta’s headers', async () => {
    const r = await f(`${APP_ORIGIN}/start?client=${SPA_CLIENT}`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toMatch(/^https:\/\/dev-123456\.okta\.com\/oauth2\/default\/v1\/authorize\?/);
    expect(r.headers.get('x-okta-request-id')).toBeNull();
    expect(authServer(mock.org(DEMO_ORG_HOST)).apps.size).toBeGreaterThan(3);
  });
});
