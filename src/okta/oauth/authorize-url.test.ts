import { describe, expect, it } from 'vitest';
import { OktaError } from '../errors';
import { buildAuthorizeUrl, parseRedirect } from './authorize-url';
import { authFlowFailure } from './oauth-errors';

const ORIGIN = 'https://acme.okta.com';
const REDIRECT = 'https://ggpnlkpakjjfpcofddpohjgcglckoakm.chromiumapp.org/';
const STATE = 'state-ABCDEFGHIJKLMNOPQRSTUV';
const base = {
  origin: ORIGIN,
  clientId: '0oa1abcdefghijklmnop',
  redirectUri: REDIRECT,
  scopes: ['openid', 'okta.sessions.manage'],
  state: STATE,
  nonce: 'nonce-ABCDEFGHIJKLMNOPQRSTUV',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

function expectError(outcome: ReturnType<typeof parseRedirect>): OktaError {
  expect(outcome.ok).toBe(false);
  if (outcome.ok) throw new Error('unreachable');
  expect(outcome.error).toBeInstanceOf(OktaError);
  return outcome.error;
}

describe('buildAuthorizeUrl', () => {
  it('asks the org authorization server for a code with PKCE S256', () => {
    const url = new URL(buildAuthorizeUrl(base));
    expect(`${url.origin}${url.pathname}`).toBe(`${ORIGIN}/oauth2/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: base.clientId,
      response_type: 'code',
      scope: 'openid okta.sessions.manage',
      redirect_uri: REDIRECT,
      state: STATE,
      nonce: base.nonce,
      code_challenge: base.codeChallenge,
      code_challenge_method: 'S256',
    });
  });

  it('adds prompt only when asked', () => {
    expect(new URL(buildAuthorizeUrl({ ...base, prompt: 'none' })).searchParams.get('prompt')).toBe('none');
  });

  it.each([
    ['an origin with a path', { origin: `${ORIGIN}/oauth2/default` }],
    ['an -admin origin', { origin: 'https://acme-admin.okta.com' }],
    ['an empty client id', { clientId: '  ' }],
    ['a client id with a space', { clientId: '0oa1 abc' }],
    ['an http redirect', { redirectUri: 'http://x.chromiumapp.org/' }],
    ['no scopes', { scopes: [] }],
    ['a scope with a quote', { scopes: ['a"b'] }],
    ['a short state', { state: 'abc' }],
    ['a challenge that is not S256-shaped', { codeChallenge: 'plain' }],
  ])('refuses %s', (_, patch) => {
    expect(() => buildAuthorizeUrl({ ...base, ...patch })).toThrow(OktaError);
  });
});

describe('parseRedirect', () => {
  const ctx = { origin: ORIGIN, clientId: base.clientId, redirectUri: REDIRECT, scopes: base.scopes };

  it('returns the code when the state matches', () => {
    expect(parseRedirect(`${REDIRECT}?code=abc123&state=${STATE}`, STATE, ctx)).toEqual({ ok: true, code: 'abc123' });
  });

  it('refuses a reply carrying another state, even a successful one', () => {
    const error = expectError(parseRedirect(`${REDIRECT}?code=abc123&state=other`, STATE, ctx));
    expect(error.kind).toBe('oauth');
    expect(error.message).toMatch(/state/);
    expectError(parseRedirect(`${REDIRECT}?code=abc123`, STATE, ctx));
  });

  it('reads access_denied (the sign-in window resolves with it) as a typed error with Okta words', () => {
    const error = expectError(
      parseRedirect(`${REDIRECT}?error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=${STATE}`, STATE, ctx),
    );
    expect(error.kind).toBe('oauth');
    expect(error.okta).toEqual({ errorCode: 'access_denied', errorSummary: 'User is not assigned to the client application.' });
    expect(error.message).toMatch(/not assigned to the app/);
  });

  it('explains invalid_scope with the scopes asked for and where to grant them', () => {
    const error = expectError(parseRedirect(`${REDIRECT}?error=invalid_scope&error_description=nope&state=${STATE}`, STATE, ctx));
    expect(error.message).toContain('(openid okta.sessions.manage)');
    expect(error.message).toContain('Okta API Scopes');
  });

  it('explains a redirect_uri complaint with the exact URI to register', () => {
    const error = expectError(
      parseRedirect(`${REDIRECT}?error=invalid_request&error_description=The+%27redirect_uri%27+is+wrong&state=${STATE}`, STATE, ctx),
    );
    expect(error.message).toContain(REDIRECT);
    expect(error.message).toContain('Sign-in redirect URIs');
  });

  it('reads a fragment response too', () => {
    expect(parseRedirect(`${REDIRECT}#code=frag&state=${STATE}`, STATE, ctx)).toEqual({ ok: true, code: 'frag' });
  });

  it('refuses a redirect elsewhere, a missing code and a non-URL', () => {
    expect(expectError(parseRedirect(`https://evil.example/?code=x&state=${STATE}`, STATE, ctx)).kind).toBe('oauth');
    expect(expectError(parseRedirect(`${REDIRECT}?state=${STATE}`, STATE, ctx)).kind).toBe('malformed');
    expect(expectError(parseRedirect('not a url', STATE, ctx)).kind).toBe('malformed');
  });
});

describe('authFlowFailure', () => {
  const ctx = { origin: ORIGIN, redirectUri: REDIRECT };
  it.each([
    ['The user did not approve access.', /window was closed/],
    ['User cancelled or denied access.', /window was closed/],
    ['Authorization page could not be loaded.', /Sign-in redirect URIs/],
    ['User interaction required. Something', /sign in/],
    ['Something new', /"Something new"/],
  ])('explains %j', (message, expected) => {
    const error = authFlowFailure(message, ctx);
    expect(error.kind).toBe('oauth');
    expect(error.message).toMatch(expected);
  });
});
