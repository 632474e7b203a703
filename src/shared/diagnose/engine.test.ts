// One test per diagnosis: the events a real flow leaves in the Timeline (as the recorder builds them), and the
// title, Okta's words, Fix: line and certainty the engine gives them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApiEvent, CookieEvent, RequestEvent, TimelineEvent } from '../timeline/schema';
import { diagnose, diagnosisReport, flows, latestProblems, type Diagnosis } from './index';

const ORG = 'https://dev-123456.okta.com';
const HOST = 'dev-123456.okta.com';
const APP = 'https://app.example.com';
const S1 = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102a…aaaa' };
const S2 = { key: 'BBBBBBBBBBBBBBBBBBBBBB', hint: '102b…bbbb' };
const T = 1_800_000_000_000;

const req = (over: Partial<RequestEvent>): RequestEvent => ({ kind: 'request', at: T, org: ORG, host: HOST, method: 'GET', path: '/', params: [], ...over });
const authorize = (over: Partial<RequestEvent> = {}, oauth: RequestEvent['oauth'] = {}): RequestEvent =>
  req({
    path: '/oauth2/default/v1/authorize',
    resourceType: 'main_frame',
    status: 302,
    oauth: { clientId: '0oaApp1', responseType: 'code', scope: 'openid profile', codeChallengeMethod: 'S256', sent: ['code_challenge', 'state'], redirectUri: `${APP}/callback`, ...oauth },
    signals: { initiator: APP, oktaRequestId: true },
    ...over,
  });
const back = (error: string, errorDescription?: string): RequestEvent['back'] => ({ to: `${APP}/callback`, error, ...(errorDescription ? { errorDescription } : {}), state: true });
const cookie = (over: Partial<CookieEvent>): CookieEvent => ({ kind: 'cookie', at: T, org: ORG, host: HOST, cookie: 'sid', change: 'set', cause: 'explicit', session: S1, ...over });
const token = (over: Partial<RequestEvent>, oauth: RequestEvent['oauth'] = {}): RequestEvent =>
  req({
    method: 'POST',
    path: '/oauth2/default/v1/token',
    resourceType: 'xmlhttprequest',
    oauth: { grantType: 'authorization_code', sent: ['code_verifier', 'code'], redirectUri: `${APP}/callback`, ...oauth },
    signals: { origin: APP, headersSeen: true, oktaRequestId: true, corsAllowed: true },
    ...over,
  });

const run = (events: TimelineEvent[], now = T + 60_000): Diagnosis[] => diagnose(events, { now });
const only = (events: TimelineEvent[], now?: number): Diagnosis => {
  const list = run(events, now);
  expect(list.map((d) => d.title)).toHaveLength(1);
  return list[0]!;
};

describe('diagnoses', () => {
  it('1 user not assigned (certain, Okta said)', () => {
    const d = only([authorize({ back: back('access_denied', 'User is not assigned to the client application.') })]);
    expect(d).toMatchObject({ id: 'not-assigned', title: 'User not assigned to the app', okta: 'User is not assigned to the client application.', oktaSaid: true, certainty: 'certain' });
    expect(d.fix).toContain('Applications → Applications → the app with Client ID 0oaApp1 → Assignments');
  });

  it('a fragment redirect rests on an UNCONFIRMED fact (whether the redirect target keeps its fragment): likely', () => {
    const d = only([authorize({ back: { to: `${APP}/callback`, mode: 'fragment', error: 'access_denied', errorDescription: 'User is not assigned to the client application.' } })]);
    expect(d).toMatchObject({ id: 'not-assigned', certainty: 'likely', unconfirmed: true });
  });

  it('2 policy evaluation failed, and scopes denied', () => {
    expect(only([authorize({ back: back('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.') })])).toMatchObject({ id: 'policy-denied', title: 'No access policy rule matched' });
    const d = only([authorize({ back: back('access_denied', 'Some of the requested scopes were denied by the policy. Denied scopes: [groups].') })]);
    expect(d.title).toBe('Scopes denied by the access policy');
    expect(d.fix).toContain('Security → API → Authorization Servers → default → Access Policies');
  });

  it('3 scope: not configured, openid missing, custom scope on the org server', () => {
    expect(only([authorize({ back: back('invalid_scope', 'One or more scopes are not configured for the authorization server resource.') })]).title).toBe('Scope not configured on the authorization server');
    expect(only([authorize({ back: back('invalid_scope') }, { scope: 'profile email' })]).title).toBe("The 'openid' scope is missing");
    const d = only([authorize({ path: '/oauth2/v1/authorize', back: back('invalid_scope') }, { scope: 'openid orders.read' })]);
    expect(d).toMatchObject({ title: 'Custom scope asked of the org authorization server', certainty: 'likely' });
  });

  it("4 redirect_uri not registered: Okta's 400 page, certain once the client is known", () => {
    const ok = authorize({ at: T - 5000, back: { to: `${APP}/callback`, code: true, state: true } });
    const bad = authorize({ status: 400 }, { redirectUri: `${APP}/callback/` });
    const d = only([ok, bad]);
    expect(d).toMatchObject({ id: 'redirect-uri', certainty: 'certain' });
    expect(d.fix).toBe('Admin Console → Applications → Applications → the app with Client ID 0oaApp1 → General → Login → Sign-in redirect URIs → add https://app.example.com/callback/.');
  });

  it('5 unknown client_id: both causes of the 400 page when the client was never seen working', () => {
    const list = run([authorize({ status: 400 }, { clientId: '0oaTypo' })]);
    expect(list.map((d) => [d.id, d.certainty])).toEqual(
      expect.arrayContaining([
        ['redirect-uri', 'likely'],
        ['client-id', 'likely'],
      ]),
    );
  });

  it('6 response type or grant type not enabled', () => {
    const d = only([authorize({ back: back('unsupported_response_type', 'The response type is not supported by the authorization server. Configured response types: [code].') }, { responseType: 'token' })]);
    expect(d.title).toBe('Response type or grant type not enabled for the app');
    expect(d.fix).toContain('General Settings → Edit → Grant type');
  });

  it('7 PKCE: required, verifier without challenge, check failed', () => {
    const noChallenge = authorize({ back: back('invalid_request', 'PKCE code challenge is required by the application.') }, { sent: ['state'], codeChallengeMethod: undefined });
    expect(only([noChallenge])).toMatchObject({ title: 'PKCE required: the authorize sent no code challenge', unconfirmed: true });
    const a = authorize({ back: { to: `${APP}/callback`, code: true, state: true } }, { sent: ['state'], codeChallengeMethod: undefined });
    expect(only([a, token({ at: T + 1000, status: 400 })]).title).toBe('Code verifier sent without a challenge');
    const a2 = authorize({ back: { to: `${APP}/callback`, code: true, state: true } });
    expect(only([a2, token({ at: T + 1000, status: 400 }, { sent: ['code_verifier', 'code'] })]).title).toBe('PKCE check failed');
  });

  it('8 code reused (a second exchange) and expired (after 300 s)', () => {
    const a = authorize({ back: { to: `${APP}/callback`, code: true, state: true } });
    expect(only([a, token({ at: T + 500, status: 200 }), token({ at: T + 900, status: 400 })])).toMatchObject({ title: 'Authorization code reused', certainty: 'certain' });
    expect(only([a, token({ at: T + 301_000, status: 400 })], T + 400_000).title).toBe('Authorization code expired');
  });

  it('9 token endpoint refused a browser request: no PKCE, not trusted, not a redirect URI origin', () => {
    const a = authorize({ back: { to: `${APP}/callback`, code: true, state: true } });
    expect(only([a, token({ at: T + 500, status: 401 }, { sent: ['code'] })]).title).toBe('Token endpoint refused a browser request: no PKCE');
    const untrusted = token({ at: T + 500, status: 400, signals: { origin: APP, oktaRequestId: true, corsAllowed: false } });
    expect(only([a, untrusted]).fix).toBe('Admin Console → Security → API → Trusted Origins → Add Origin: https://app.example.com, type CORS (and Redirect).');
    // Chrome hides the 400 behind a bare network error when Okta's answer carries no CORS headers.
    const hidden = token({ at: T + 500, status: undefined, error: 'net::ERR_FAILED', signals: { origin: APP, headersSeen: true } });
    expect(only([a, hidden])).toMatchObject({ title: 'Token endpoint refused a browser request: origin not trusted', certainty: 'likely' });
    const other = token({ at: T + 500, status: 400, signals: { origin: 'https://other.example.com', oktaRequestId: true, corsAllowed: false } });
    expect(only([a, other]).title).toBe("Token endpoint refused a browser request: origin is not one of the app's redirect URIs");
  });

  it("10 silent renewal: the hidden frame went without Okta's cookie though the browser holds one", () => {
    const e = authorize({ resourceType: 'sub_frame', session: S1, signals: { initiator: APP, headersSeen: true, cookies: [], oktaRequestId: true }, back: back('login_required', 'The client specified not to prompt, but the user is not logged in.') }, { prompt: 'none', responseMode: 'query' });
    const d = only([cookie({ at: T - 10_000 }), e]);
    expect(d).toMatchObject({ id: 'silent-cookie-blocked', certainty: 'certain' });
    expect(d.fix).toMatch(/^Okta's three fixes: use refresh tokens/);
    expect(d.fix).toContain('custom URL domain');
  });

  it('11 login_required with prompt=none and no session', () => {
    const e = authorize({ resourceType: 'sub_frame', signals: { initiator: APP, headersSeen: true, cookies: [], oktaRequestId: true }, back: back('login_required', 'The client specified not to prompt, but the user is not logged in.') }, { prompt: 'none' });
    expect(only([e])).toMatchObject({ id: 'login-required', title: 'Silent sign-in found no Okta session (login_required)', oktaSaid: true });
  });

  it('12 CORS: a page on another origin, no Access-Control-Allow-Origin', () => {
    const e = req({ path: '/api/v1/sessions/me', resourceType: 'xmlhttprequest', status: 404, signals: { origin: APP, headersSeen: true, oktaRequestId: true, corsAllowed: false } });
    const d = only([e]);
    expect(d.title).toBe("CORS: the page's origin is not a Trusted Origin");
    expect(d.fix).toBe('Admin Console → Security → API → Trusted Origins → Add Origin: https://app.example.com (exactly, no trailing slash), type CORS.');
    // Chrome ends a refused call with a bare network error and no status.
    const blocked = only([req({ path: '/oauth2/default/v1/keys', resourceType: 'xmlhttprequest', error: 'net::ERR_FAILED', signals: { origin: APP, headersSeen: true } })]);
    expect(blocked).toMatchObject({ id: 'cors', certainty: 'likely' });
    // Okta's own pages (same origin) are never a CORS question.
    expect(run([{ ...e, signals: { origin: ORG, corsAllowed: false } }])).toEqual([]);
  });

  it('13 sign-out: no id_token_hint, post_logout_redirect_uri not registered, cookie still set', () => {
    const logout = (over: Partial<RequestEvent>, oauth: RequestEvent['oauth'] = {}) => req({ path: '/oauth2/default/v1/logout', resourceType: 'main_frame', signals: { oktaRequestId: true }, oauth, ...over });
    expect(only([logout({ status: 400 }, { postLogoutRedirectUri: `${APP}/` })]).title).toBe('Sign-out failed: no id_token_hint');
    expect(only([logout({ status: 400 }, { sent: ['id_token_hint', 'post_logout_redirect_uri'], postLogoutRedirectUri: `${APP}/bye` })]).fix).toContain('Sign-out redirect URIs → add https://app.example.com/bye');
    const d = only([cookie({ at: T - 1000 }), logout({ status: 302, back: { to: `${APP}/` } }, { sent: ['id_token_hint'] })], T + 10_000);
    expect(d).toMatchObject({ title: 'Signed out, but the session cookie is still set', unconfirmed: true, certainty: 'likely' });
  });

  it('14 session ended: sign-out, this extension, someone else, idle limit, replaced, cookie expired', () => {
    const signout = req({ at: T, path: '/login/signout', status: 302, resourceType: 'main_frame', signals: { oktaRequestId: true } });
    expect(only([cookie({ at: T - 9000 }), signout, cookie({ at: T + 5, change: 'removed', cause: 'expired_overwrite' })]).title).toBe('Session ended: signed out');
    const revoke: ApiEvent = { kind: 'api', at: T, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/102a…aaaa', status: 204, session: S1 };
    expect(only([cookie({ at: T - 9000 }), revoke]).title).toBe('Session ended: revoked by this extension');
    const inspect: ApiEvent = { kind: 'api', at: T, org: ORG, action: 'inspect', method: 'GET', path: '/api/v1/sessions/102a…aaaa', status: 404, session: S1 };
    expect(only([cookie({ at: T - 9000 }), inspect]).title).toBe('Session ended: revoked by someone else');
    const idle = diagnose([cookie({ at: T - 9000 }), inspect], { now: T + 1, session: { expiresAt: T - 1 } });
    expect(idle[0]!.title).toBe('Session ended: the idle or lifetime limit');
    expect(idle[0]!.fix).toContain('Security → Global Session Policy');
    expect(only([cookie({ at: T - 9000 }), cookie({ change: 'replaced', previous: S1, session: S2, cause: 'overwrite' })]).title).toBe('Session ended: replaced by another sign-in');
    expect(only([cookie({ at: T - 9000 }), cookie({ change: 'removed', cause: 'expired' })]).title).toBe('Session ended: the cookie expired');
  });

  it('15 rate limited, with the reset time', () => {
    const d = only([req({ method: 'POST', path: '/api/v1/authn', status: 429, signals: { oktaRequestId: true, rateLimit: { limit: 600, remaining: 0, reset: 1_800_000_060 } } })]);
    expect(d.title).toBe('Rate limited by Okta');
    expect(d.fix).toContain('2027-01-15T08:01:00.000Z');
  });

  it('16 blocked before Okta: a 403 without x-okta-request-id', () => {
    expect(only([req({ path: '/oauth2/default/v1/authorize', status: 403, resourceType: 'main_frame', signals: { oktaRequestId: false } })])).toMatchObject({ title: 'Blocked before reaching Okta', certainty: 'certain' });
  });

  it("17 Okta's hosted sign-in page expired: 403 after five minutes", () => {
    const page = req({ at: T - 400_000, path: '/signin/verify', status: 200, resourceType: 'main_frame', signals: { oktaRequestId: true } });
    const post = req({ at: T, path: '/login/login.htm', method: 'POST', status: 403, resourceType: 'main_frame', signals: { oktaRequestId: true } });
    expect(only([page, post])).toMatchObject({ id: 'hosted-page-expired', title: "Okta's sign-in page expired" });
    expect(run([{ ...page, at: T - 10_000 }, post])).toEqual([]);
  });

  it('18 redirect loop: three authorize → app cycles in 30 s', () => {
    const ok = (at: number) => authorize({ at, back: { to: `${APP}/callback`, code: true, state: true } });
    expect(only([ok(T), ok(T + 4000), ok(T + 8000)])).toMatchObject({ title: 'Redirect loop', certainty: 'certain' });
    expect(run([ok(T), ok(T + 40_000), ok(T + 80_000)])).toEqual([]);
  });
});

describe('the What went wrong selection and the words', () => {
  it('a failure older than the newest success is stale', () => {
    const failed = authorize({ back: back('access_denied', 'User is not assigned to the client application.') });
    const ok = authorize({ at: T + 10_000, back: { to: `${APP}/callback`, code: true, state: true } });
    expect(latestProblems([failed], { now: T + 1 })).toHaveLength(1);
    expect(latestProblems([failed, ok], { now: T + 20_000 })).toEqual([]);
  });

  it('flow rows read as a flow; the report has title, Okta words, Fix: and the events', () => {
    const a = authorize({ status: 302 });
    const signIn = req({ at: T + 100, path: '/login/login.htm', status: 200, resourceType: 'main_frame' });
    const end = req({ at: T + 5000, path: '/oauth2/v1/authorize/redirect', status: 302, back: back('access_denied', 'User is not assigned to the client application.') });
    const [row] = flows([a, signIn, end]);
    expect(row!.words).toBe('authorize (client 0oaApp1, scope openid profile, PKCE S256) → Okta sign-in → redirect to https://app.example.com/callback with error=access_denied');
    const text = diagnosisReport(diagnose([a, signIn, end], { now: T + 6000 }), T + 6000);
    expect(text).toContain('1. User not assigned to the app (certain)');
    expect(text).toContain('Okta said: "User is not assigned to the client application." (access_denied)');
    expect(text).toMatch(/\n {3}Fix: Admin Console → Applications/);
    expect(text).toContain('GET /oauth2/default/v1/authorize');
  });

  it('never throws, whatever the events (property)', () => {
    const status = fc.option(fc.constantFrom(200, 302, 400, 401, 403, 404, 429), { nil: undefined });
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('request' as const),
        at: fc.integer({ min: T, max: T + 600_000 }),
        org: fc.constant(ORG),
        host: fc.constant(HOST),
        method: fc.constantFrom('GET', 'POST', 'OPTIONS'),
        path: fc.constantFrom('/oauth2/v1/authorize', '/oauth2/default/v1/token', '/oauth2/default/v1/logout', '/api/v1/sessions/me', '/login/login.htm', '/login/signout'),
        params: fc.constant([]),
        resourceType: fc.constantFrom('main_frame', 'sub_frame', 'xmlhttprequest'),
        status,
        back: fc.option(fc.record({ to: fc.constant(`${APP}/cb`), error: fc.option(fc.constantFrom('access_denied', 'invalid_scope', 'login_required', 'invalid_request', 'x'), { nil: undefined }), code: fc.boolean() }), { nil: undefined }),
        oauth: fc.option(fc.record({ clientId: fc.constantFrom('0oa1', '0oa2'), prompt: fc.constantFrom('none', 'login'), sent: fc.subarray(['code_challenge', 'state', 'code_verifier', 'id_token_hint'] as const) }), { nil: undefined }),
        signals: fc.option(fc.record({ origin: fc.constantFrom(APP, ORG), headersSeen: fc.boolean(), cookies: fc.subarray(['sid', 'idx'] as const), oktaRequestId: fc.boolean(), corsAllowed: fc.boolean() }), { nil: undefined }),
      }),
      fc.record({ kind: fc.constant('cookie' as const), at: fc.integer({ min: T, max: T + 600_000 }), org: fc.constant(ORG), host: fc.constant(HOST), cookie: fc.constantFrom('sid' as const, 'idx' as const), change: fc.constantFrom('set' as const, 'replaced' as const, 'removed' as const), cause: fc.constantFrom('explicit' as const, 'expired' as const, 'overwrite' as const), session: fc.constantFrom(S1, S2), previous: fc.constantFrom(S1, S2) }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const list = diagnose(events as TimelineEvent[], { now: T + 700_000 });
        for (const d of list) {
          expect(d.fix.length).toBeGreaterThan(10);
          expect(d.events.length).toBeGreaterThan(0);
        }
        diagnosisReport(list, T);
      }),
      { numRuns: 300 },
    );
  });
});
