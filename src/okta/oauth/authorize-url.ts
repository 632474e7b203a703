// The authorize request to the org authorization server (never a custom server: only the org server issues
// tokens for Okta's own APIs) and the reading of the redirect the browser's sign-in window resolves with.
import { OktaError } from '../errors';
import { normalizeOrgUrl } from '../org';
import { oauthError, type OAuthContext } from './oauth-errors';

export interface AuthorizeParams {
  /** A normalised org origin, e.g. https://acme.okta.com. */
  origin: string;
  clientId: string;
  redirectUri: string;
  scopes: readonly string[];
  state: string;
  nonce: string;
  /** S256 challenge of the code verifier. */
  codeChallenge: string;
  /** 'none' for a silent attempt that must not show a page; 'login' to force the sign-in form. */
  prompt?: 'none' | 'login';
}

/** Okta client ids are 20 characters (`0oa…`), but any id of the printable URL-safe kind is passed through. */
const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/; // RFC 6749 scope-token
const RANDOM = /^[A-Za-z0-9_-]{22,128}$/;

export function authorizeEndpoint(origin: string): string {
  return `${origin}/oauth2/v1/authorize`;
}

export function validateClientId(clientId: string): string {
  const id = clientId.trim();
  if (!CLIENT_ID.test(id)) {
    throw new OktaError('invalid_input', "The Client ID is empty or has characters a Client ID cannot have: copy it from the app's General tab.");
  }
  return id;
}

function checkOrigin(origin: string): void {
  if (normalizeOrgUrl(origin).origin !== origin) {
    throw new OktaError('invalid_input', `Sign-in needs a normalised org origin such as ${normalizeOrgUrl(origin).origin}.`);
  }
}

export function buildAuthorizeUrl(p: AuthorizeParams): string {
  checkOrigin(p.origin);
  const clientId = validateClientId(p.clientId);
  let redirect: URL;
  try {
    redirect = new URL(p.redirectUri);
  } catch {
    throw new OktaError('invalid_input', 'The redirect URI is not a URL.');
  }
  if (redirect.protocol !== 'https:' || redirect.hash) {
    throw new OktaError('invalid_input', 'The redirect URI must be an https URL without a fragment.');
  }
  if (!p.scopes.length || !p.scopes.every((s) => SCOPE.test(s))) {
    throw new OktaError('invalid_input', 'Sign-in needs at least one scope, each without spaces or quotes.');
  }
  if (!RANDOM.test(p.state) || !RANDOM.test(p.nonce) || !/^[A-Za-z0-9_-]{43}$/.test(p.codeChallenge)) {
    throw new OktaError('invalid_input', 'Sign-in needs a fresh state, nonce and S256 code challenge.');
  }
  const url = new URL(authorizeEndpoint(p.origin));
  const q = url.searchParams;
  q.set('client_id', clientId);
  q.set('response_type', 'code');
  q.set('scope', p.scopes.join(' '));
  q.set('redirect_uri', p.redirectUri);
  q.set('state', p.state);
  q.set('nonce', p.nonce);
  q.set('code_challenge', p.codeChallenge);
  q.set('code_challenge_method', 'S256');
  if (p.prompt) q.set('prompt', p.prompt);
  return url.toString();
}

export type RedirectOutcome = { ok: true; code: string } | { ok: false; error: OktaError };

const fail = (error: OktaError): RedirectOutcome => ({ ok: false, error });

/**
 * Reads the URL the sign-in window ended on. The window resolves (it does not reject) when Okta redirects with
 * `?error=access_denied&error_description=...`, so errors are read here. The state is checked before anything
 * else: a reply that does not carry this sign-in's state is not ours, whatever it says.
 */
export function parseRedirect(url: string, expectedState: string, ctx?: OAuthContext): RedirectOutcome {
  const context: OAuthContext = ctx ?? { origin: '' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(new OktaError('malformed', 'The sign-in window did not end on a URL the extension can read. Start the sign-in again.'));
  }
  if (context.redirectUri) {
    const expected = new URL(context.redirectUri);
    if (parsed.origin !== expected.origin || parsed.pathname !== expected.pathname) {
      return fail(new OktaError('oauth', 'The sign-in window ended somewhere other than the extension. Start the sign-in again.'));
    }
  }
  // response_mode=query is what is asked for; a fragment is read too in case an org answers that way.
  const params = parsed.searchParams.has('state') || parsed.searchParams.has('code') || parsed.searchParams.has('error')
    ? parsed.searchParams
    : new URLSearchParams(parsed.hash.slice(1));
  const state = params.get('state');
  if (state !== expectedState) {
    return fail(
      new OktaError(
        'oauth',
        "The sign-in reply does not belong to the sign-in the extension started (its state differs), so it was ignored. Start the sign-in again.",
      ),
    );
  }
  const error = params.get('error');
  if (error) return fail(oauthError(error, params.get('error_description') ?? undefined, context));
  const code = params.get('code');
  if (!code) return fail(new OktaError('malformed', 'Okta redirected back without a sign-in code. Start the sign-in again.'));
  return { ok: true, code };
}
