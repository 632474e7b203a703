import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  SECRET_PARAMS,
  VALUE_ALLOWED_PARAMS,
  formatRedactedUrl,
  isSignInRelated,
  redactError,
  redactUrl,
} from './redact';

const ORIGINS = ['https://dev-123456.okta.com', 'https://login.example.com', 'http://127.0.0.1:8443'];
const PATHS = [
  '/oauth2/v1/authorize',
  '/oauth2/default/v1/authorize/callback',
  '/login/sessionCookieRedirect',
  '/login/token/redirect',
  '/idp/idx/identify',
  '/api/v1/authn',
  '/sso/idps/0oa1',
];
/** Every generated value starts with this; nothing else in the inputs contains it, so it must never appear. */
const MARK = 'Zq9';
const secretValue = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => MARK + s);
const nonAllowedName = fc.oneof(
  fc.constantFrom(...SECRET_PARAMS),
  fc.stringMatching(/^[a-z_]{1,12}$/).filter((n) => !VALUE_ALLOWED_PARAMS.has(n)),
);

/** All of what a redaction produced, as one searchable text. */
const everything = (url: string): string => {
  const r = redactUrl(url);
  return r ? `${formatRedactedUrl(r)} ${JSON.stringify(r)}` : '';
};

describe('redactUrl', () => {
  it('never returns a value of a parameter outside the allow-list, whatever the value (5000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORIGINS),
        fc.constantFrom(...PATHS),
        fc.array(fc.tuple(nonAllowedName, secretValue), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.constantFrom(...VALUE_ALLOWED_PARAMS), fc.stringMatching(/^[a-z ]{0,20}$/)), { maxLength: 3 }),
        secretValue,
        (origin, path, secrets, harmless, fragment) => {
          const query = new URLSearchParams([...secrets, ...harmless]).toString();
          const out = everything(`${origin}${path}?${query}#${encodeURIComponent(fragment)}`);
          expect(out).not.toContain(MARK);
          expect(out).toContain(path);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('drops even an allow-listed value when it is long or has odd characters (3000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALUE_ALLOWED_PARAMS),
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((s) => /[^A-Za-z0-9 ._:-]/.test(s)),
          fc.stringMatching(/^[A-Za-z0-9]{101,140}$/),
        ),
        (name, value) => {
          const r = redactUrl(`https://dev-123456.okta.com/oauth2/v1/authorize?${new URLSearchParams([[name, MARK + value]])}`);
          expect(r!.params).toEqual([name]);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps values only of the form name=value for allow-listed names (3000 cases)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 45 }), fc.string({ maxLength: 30 })), { maxLength: 40 }), (pairs) => {
        const r = redactUrl(`https://a.okta.com/login/x?${new URLSearchParams(pairs)}`)!;
        expect(r.params.length).toBeLessThanOrEqual(31);
        for (const p of r.params) {
          if (p === REDACTED || p === '…') continue;
          const eq = p.indexOf('=');
          if (eq < 0) expect(p).toMatch(/^[A-Za-z_][A-Za-z0-9_.[\]-]{0,39}$/);
          else {
            expect(VALUE_ALLOWED_PARAMS.has(p.slice(0, eq))).toBe(true);
            expect(p.slice(eq + 1)).toMatch(/^[A-Za-z0-9 ._:-]{1,100}$/);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('replaces token-shaped path segments and whatever follows a secret-bearing segment (2000 cases)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^[A-Za-z0-9_-]{37,80}$/).map((s) => `/login/step-up/${MARK}${s}`),
          fc.stringMatching(/^[A-Za-z0-9_-]{9,30}$/).map((s) => `/signin/refresh-auth-state/${MARK}${s}`),
          fc.tuple(fc.stringMatching(/^[A-Za-z0-9_-]{5,30}$/), fc.stringMatching(/^[A-Za-z0-9_-]{5,30}$/)).map(
            ([a, b]) => `/oauth2/v1/x/${MARK}${a}.${b}.sig`,
          ),
          fc.stringMatching(/^[A-Za-z0-9]{4,30}$/).map((s) => `/login/login.htm;jsessionid=${MARK}${s}`),
        ),
        (path) => {
          expect(everything(`https://dev-123456.okta.com${path}`)).not.toContain(MARK);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    [
      'https://dev-123456.okta.com/login/sessionCookieRedirect?token=20111abcDEF&redirectUrl=https%3A%2F%2Fapp%2Fx',
      'https://dev-123456.okta.com/login/sessionCookieRedirect?token&redirectUrl',
    ],
    [
      'https://dev-123456.okta.com/oauth2/v1/authorize/callback?code=abc123&state=xyz#frag=1',
      'https://dev-123456.okta.com/oauth2/v1/authorize/callback?code&state',
    ],
    [
      'https://dev-123456.okta.com/oauth2/v1/authorize?client_id=0oa1b2c3&response_type=code&scope=openid%20okta.sessions.read&state=s&nonce=n&code_challenge=cc&code_challenge_method=S256&redirect_uri=https%3A%2F%2Fx',
      'https://dev-123456.okta.com/oauth2/v1/authorize?client_id=0oa1b2c3&response_type=code&scope=openid okta.sessions.read&state&nonce&code_challenge&code_challenge_method=S256&redirect_uri',
    ],
    ['https://user:pw@dev-123456.okta.com/login/login.htm', 'https://dev-123456.okta.com/login/login.htm'],
    ['https://dev-123456.okta.com/api/v1/authn?code=1&code=2&Code=3', 'https://dev-123456.okta.com/api/v1/authn?code&Code'],
    // A query that is only a token has it as its "name": refused as a name.
    ['https://dev-123456.okta.com/login/x?eyJhbGciOiJSUzI1NiJ9eyJzdWIiOiIxIn0abcdefgh', `https://dev-123456.okta.com/login/x?${REDACTED}`],
    // A session id in the Sessions API path is shown by its hint (it is the sid cookie's value).
    [
      'https://dev-123456.okta.com/api/v1/sessions/102XV1tNvxsTm69-StW_BCU-Q/lifecycle/refresh',
      'https://dev-123456.okta.com/api/v1/sessions/102X…CU-Q/lifecycle/refresh',
    ],
    ['https://dev-123456.okta.com/api/v1/sessions/me', 'https://dev-123456.okta.com/api/v1/sessions/me'],
    ['https://dev-123456.okta.com/signin/reset-password/VBQ0gwBXhCYjljMx2IbU', `https://dev-123456.okta.com/signin/reset-password/${REDACTED}`],
  ])('%s', (input, expected) => {
    expect(formatRedactedUrl(redactUrl(input)!)).toBe(expected);
  });

  it('refuses what is not an http(s) URL', () => {
    for (const u of ['not a url', 'javascript:alert(1)', 'data:text/plain,x', 'chrome-extension://abc/popup.html']) {
      expect(redactUrl(u)).toBeUndefined();
    }
  });

  it('no allow-listed name is a known secret', () => {
    for (const s of SECRET_PARAMS) expect(VALUE_ALLOWED_PARAMS.has(s)).toBe(false);
  });
});

describe('isSignInRelated', () => {
  it.each([
    '/oauth2/v1/authorize',
    '/oauth2/aus1/v1/token',
    '/oauth2/v1/logout',
    '/idp/idx/introspect',
    '/idp/idx/challenge/answer',
    '/api/v1/authn',
    '/api/v1/authn/factors/abc/verify',
    '/api/v1/sessions',
    '/api/v1/sessions/me',
    '/login/login.htm',
    '/login/sessionCookieRedirect',
    '/login/signout',
    '/login/token/redirect',
    '/signin/verify/okta/push',
    '/sso/idps/0oa1',
    '/app/salesforce/exk1/sso/saml',
    '/logout',
    '/LOGIN/Login.htm',
  ])('records %s', (path) => expect(isSignInRelated(path)).toBe(true));

  it.each(['/', '/app/UserHome', '/api/v1/users/me', '/api/v1/authnx', '/api/v1/sessionsx', '/idp/idxfoo', '/oauth2x', '/favicon.ico', '/app/x/y/z/sso'])(
    'ignores %s',
    (path) => expect(isSignInRelated(path)).toBe(false),
  );
});

describe('redactError', () => {
  it('keeps plain network errors as they are', () => {
    for (const e of ['net::ERR_CONNECTION_REFUSED', 'net::ERR_CERT_AUTHORITY_INVALID', 'NS_ERROR_NET_INTERRUPT', 'net::ERR_ABORTED']) {
      expect(redactError(e)).toBe(e);
    }
  });

  it('redacts URLs, name=value pairs and token-shaped runs', () => {
    expect(redactError('Not found: Resource not found: 102XV1tNvxsTm69-StW_BCU-Q (Session)')).toBe(
      `Not found: Resource not found: ${REDACTED} (Session)`,
    );
    expect(redactError('failed at https://a.okta.com/login/sessionCookieRedirect?token=abc')).toBe(
      'failed at https://a.okta.com/login/sessionCookieRedirect?token',
    );
    expect(redactError('bad sessionToken=secretvalue here')).toBe(`bad sessionToken=${REDACTED} here`);
  });

  // Shapes a and b hold for any value; c and d rely on the token heuristic, which the marker's digit meets (as
  // session ids and Okta tokens nearly always do).
  it('never keeps a marked secret given as a value, in a URL or as a token (3000 cases)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{13,60}$/).map((s) => MARK + s),
        fc.constantFrom(...SECRET_PARAMS),
        fc.constantFrom('a', 'b', 'c', 'd'),
        (secret, name, shape) => {
          const text =
            shape === 'a'
              ? `error ${name}=${secret} happened`
              : shape === 'b'
                ? `at https://x.okta.com/oauth2/v1/authorize?${name}=${encodeURIComponent(secret)}`
                : shape === 'c'
                  ? `Resource not found: ${secret} (Session)`
                  : `token ${secret}`;
          expect(redactError(text) ?? '').not.toContain(MARK);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('is bounded and ignores non-strings', () => {
    expect(redactError('x'.repeat(1000))!.length).toBeLessThanOrEqual(201);
    expect(redactError(undefined)).toBeUndefined();
    expect(redactError(42)).toBeUndefined();
    expect(redactError('   ')).toBeUndefined();
  });
});
