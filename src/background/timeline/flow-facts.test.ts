// The flow facts: what a diagnosis needs from a URL, a form body and headers, and nothing secret. The
// properties plant secrets (code, state, nonce, verifier, tokens, stateToken, handles, passwords, a full
// login_hint, cookie values) in every place webRequest shows them and check that no stored event holds one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, diagnosisReport, flows } from '../../shared/diagnose';
import { requestEventSchema, type TimelineEvent } from '../../shared/timeline/schema';
import { backFacts, formPairs, maskLoginHint, oauthFacts, oktaText, originAndPath, rawFormPairs, requestHeaderFacts, responseHeaderFacts } from './flow-facts';
import { requestFinished, requestHeadersSent, requestRedirected, requestStarted, type RequestContext } from './request-events';

const ORG = 'https://dev-123456.okta.com';
const ctx: RequestContext = { orgs: [{ origin: ORG, customDomains: [] }], ownOrigins: ['chrome-extension://abc'] };

describe('flow facts', () => {
  it('authorize parameters: decoded allow-listed values, secrets as presence, redirect_uri as origin+path, login_hint masked', () => {
    const q = new URLSearchParams({
      client_id: '0oaAppClient1',
      response_type: 'code',
      response_mode: 'query',
      scope: 'openid profile email',
      prompt: 'none',
      max_age: '300',
      code_challenge: 'Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9v',
      code_challenge_method: 'S256',
      state: 'st4te-secret-value',
      nonce: 'n0nce-secret',
      redirect_uri: 'https://app.example.com/callback?x=secret#frag',
      login_hint: 'jane.doe@example.com',
    });
    expect(oauthFacts(q)).toEqual({
      clientId: '0oaAppClient1',
      responseType: 'code',
      responseMode: 'query',
      scope: 'openid profile email',
      prompt: 'none',
      maxAge: '300',
      codeChallengeMethod: 'S256',
      sent: ['code_challenge', 'state', 'nonce', 'login_hint'],
      redirectUri: 'https://app.example.com/callback',
      loginHint: 'j…@example.com',
    });
  });

  it('a token body: grant_type, verifier presence, redirect_uri; the code and verifier are not kept', () => {
    const facts = oauthFacts(formPairs({ grant_type: ['authorization_code'], code: ['c0de'], code_verifier: ['v3rifier'], redirect_uri: ['https://app.example.com/cb'], client_id: ['0oa1'] }));
    expect(facts).toEqual({ grantType: 'authorization_code', sent: ['code_verifier', 'code'], redirectUri: 'https://app.example.com/cb', clientId: '0oa1' });
    const raw = new TextEncoder().encode('grant_type=authorization_code&code=abc&code_verifier=def').buffer;
    expect(oauthFacts(rawFormPairs([{ bytes: raw }]))).toEqual({ grantType: 'authorization_code', sent: ['code_verifier', 'code'] });
    // JSON bodies (authn, idx: passwords, state handles) are not read at all.
    expect(rawFormPairs([{ bytes: new TextEncoder().encode('{"password":"x"}').buffer }])).toEqual([]);
  });

  it('the redirect back to the app: error, Okta-shaped description, code/state presence', () => {
    expect(
      backFacts('https://app.example.com/callback?state=abc&error=access_denied&error_description=User+is+not+assigned+to+the+client+application.'),
    ).toEqual({ to: 'https://app.example.com/callback', error: 'access_denied', errorDescription: 'User is not assigned to the client application.', state: true });
    expect(backFacts('https://app.example.com/cb?code=xyz&state=abc')).toEqual({ to: 'https://app.example.com/cb', code: true, state: true });
    expect(backFacts('https://app.example.com/cb#error=login_required&state=s')).toEqual({ to: 'https://app.example.com/cb', mode: 'fragment', error: 'login_required', state: true });
    // Not Okta's shape: a URL or a token in the description is dropped.
    expect(backFacts('https://a.example/cb?error=x&error_description=see+https://evil.example/?t=1')?.errorDescription).toBeUndefined();
    expect(oktaText('Some of the requested scopes were denied by the policy. Denied scopes: [groups].')).toBeDefined();
    expect(oktaText('token eyJhbGciOiJFUzI1NiIsImtpZCI6IjEyMyJ9 here')).toBeUndefined();
  });

  it('headers: origin, cookie names, request id, rate limit, WWW-Authenticate, CORS', () => {
    expect(requestHeaderFacts([{ name: 'Origin', value: 'https://app.example.com' }, { name: 'Cookie', value: 'DT=abc; sid=102secret; other=1' }])).toEqual({
      headersSeen: true,
      origin: 'https://app.example.com',
      cookies: ['sid', 'DT'],
    });
    expect(
      responseHeaderFacts(
        [
          { name: 'X-Rate-Limit-Limit', value: '600' },
          { name: 'X-Rate-Limit-Remaining', value: '0' },
          { name: 'X-Rate-Limit-Reset', value: '1700000000' },
        ],
        429,
        undefined,
      ),
    ).toEqual({ oktaRequestId: false, rateLimit: { limit: 600, remaining: 0, reset: 1700000000 } });
    expect(responseHeaderFacts([{ name: 'x-okta-request-id', value: 'r' }, { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token", error_description="The access token is invalid"' }], 401, undefined)).toEqual({
      oktaRequestId: true,
      wwwAuthenticate: 'invalid_token',
    });
    expect(responseHeaderFacts([], 200, 'https://app.example.com').corsAllowed).toBe(false);
    expect(responseHeaderFacts([{ name: 'Access-Control-Allow-Origin', value: 'https://app.example.com' }], 200, 'https://app.example.com').corsAllowed).toBe(true);
  });

  it('helpers: origin+path drops query, fragment and userinfo; a hint is masked', () => {
    expect(originAndPath('https://user:pw@app.example.com:8443/a/b?c=d#e')).toBe('https://app.example.com:8443/a/b');
    expect(originAndPath('javascript:alert(1)')).toBeUndefined();
    expect(maskLoginHint('alice')).toBe('a…');
  });

  it('a whole authorize → redirect-to-app → token flow through the mappers', () => {
    const authorize = `${ORG}/oauth2/default/v1/authorize?client_id=0oa1&response_type=code&scope=openid&state=S&code_challenge=C&code_challenge_method=S256&redirect_uri=${encodeURIComponent('https://app.example.com/cb')}`;
    const d = { requestId: '7', url: authorize, method: 'GET', timeStamp: 1000, type: 'main_frame', initiator: 'https://app.example.com' };
    let pending = requestStarted({}, d, ctx);
    pending = requestHeadersSent(pending, { ...d, sentFacts: { headersSeen: true, cookies: ['sid'] } });
    const r = requestRedirected(pending, { ...d, statusCode: 302, redirectUrl: 'https://app.example.com/cb?code=THECODE&state=S', responseHeaders: [{ name: 'x-okta-request-id', value: 'x' }] }, ctx);
    expect(r.event).toMatchObject({
      path: '/oauth2/default/v1/authorize',
      status: 302,
      oauth: { clientId: '0oa1', codeChallengeMethod: 'S256', sent: ['code_challenge', 'state'], redirectUri: 'https://app.example.com/cb' },
      back: { to: 'https://app.example.com/cb', code: true, state: true },
      signals: { initiator: 'https://app.example.com', headersSeen: true, cookies: ['sid'], oktaRequestId: true },
    });
    expect(requestEventSchema().safeParse(r.event).success).toBe(true);
    expect(JSON.stringify(r)).not.toContain('THECODE');
    // A redirect to one of the org's own pages is not an answer to an app.
    const login = { requestId: '9', url: `${ORG}/login/login.htm`, method: 'POST', timeStamp: 1500, type: 'main_frame' };
    const home = requestRedirected(requestStarted({}, login, ctx), { ...login, statusCode: 302, redirectUrl: `${ORG}/app/UserHome` }, ctx);
    expect(home.event?.back).toBeUndefined();

    const token = { requestId: '8', url: `${ORG}/oauth2/default/v1/token`, method: 'POST', timeStamp: 2000, type: 'xmlhttprequest', initiator: 'https://app.example.com', bodyFacts: oauthFacts(formPairs({ grant_type: ['authorization_code'], code_verifier: ['v'] })) };
    pending = requestStarted(r.pending, token, ctx);
    pending = requestHeadersSent(pending, { ...token, sentFacts: { headersSeen: true, origin: 'https://app.example.com', cookies: [] } });
    const done = requestFinished(pending, { ...token, statusCode: 400, responseHeaders: [{ name: 'x-okta-request-id', value: 'x' }] }, ctx);
    expect(done.event).toMatchObject({ status: 400, oauth: { grantType: 'authorization_code', sent: ['code_verifier'] }, signals: { origin: 'https://app.example.com', corsAllowed: false } });
  });
});

describe('no planted secret reaches a stored event (property)', () => {
  // Secrets are long random strings: a kept one would be found verbatim.
  const secret = fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/).map((s) => `S3CR3T${s}`);
  const SECRET_FIELDS = ['code', 'state', 'nonce', 'code_challenge', 'code_verifier', 'access_token', 'id_token', 'refresh_token', 'stateToken', 'stateHandle', 'interaction_handle', 'id_token_hint', 'password', 'passcode', 'sessionToken', 'okta_key', 'client_secret'];

  it('from the query, the form body, the redirect target, the login hint and the Cookie header, to storage, the report and the flow rows', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...SECRET_FIELDS), secret), { minLength: 1, maxLength: 6 }), secret, secret, (pairs, hintUser, cookieValue) => {
        const q = new URLSearchParams(pairs);
        q.set('client_id', '0oa1');
        q.set('login_hint', `${hintUser}@example.com`);
        q.set('redirect_uri', `https://app.example.com/cb?${pairs[0]![0]}=${pairs[0]![1]}`);
        const d = {
          requestId: '1',
          url: `${ORG}/oauth2/v1/authorize?${q}`,
          method: 'POST',
          timeStamp: 1,
          type: 'sub_frame',
          bodyFacts: oauthFacts(formPairs(Object.fromEntries(pairs.map(([k, v]) => [k, [v]])))),
        };
        let pending = requestStarted({}, d, ctx);
        pending = requestHeadersSent(pending, { ...d, sentFacts: requestHeaderFacts([{ name: 'Cookie', value: `sid=${cookieValue}; idx=${cookieValue}` }]) });
        const target = `https://app.example.com/cb?${new URLSearchParams(pairs)}&error=access_denied&error_description=${encodeURIComponent(pairs[0]![1])}#${new URLSearchParams(pairs)}`;
        const r = requestRedirected(pending, { ...d, statusCode: 302, redirectUrl: target, responseHeaders: [{ name: 'WWW-Authenticate', value: `Bearer error="${pairs[0]![1]}"` }] }, ctx);
        // What the popup shows and copies is built from the stored event alone.
        const events = [r.event!] as TimelineEvent[];
        const shown = [diagnosisReport(diagnose(events, { now: 10 }), 10), ...flows(events).map((f) => f.words)].join('\n');
        const stored = JSON.stringify([r.event, r.pending, pending]) + shown;
        for (const [, v] of pairs) expect(stored).not.toContain(v);
        expect(stored).not.toContain(hintUser);
        expect(stored).not.toContain(cookieValue);
        expect(requestEventSchema().safeParse(r.event).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
