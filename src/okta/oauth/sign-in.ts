// One sign-in from start to tokens, split where the browser's sign-in window sits in between:
// startSignIn -> (worker: identity.launchWebAuthFlow(url)) -> finishSignIn. The pending state is plain JSON so
// the worker can keep it in storage.session and still finish if it was stopped while the window was open.
import { OktaError } from '../errors';
import { buildAuthorizeUrl, parseRedirect } from './authorize-url';
import { checkIdToken, readIdToken, signedInAs, type SignedInUser } from './id-token';
import type { OAuthContext } from './oauth-errors';
import { createNonce, createPkce, createState } from './pkce';
import type { TokenClient, TokenSet } from './token-client';

export const SESSION_SCOPES = { read: 'okta.sessions.read', manage: 'okta.sessions.manage' } as const;

/** openid + profile name the user; offline_access brings a refresh token; manage covers refresh and revoke. */
export const DEFAULT_SCOPES: readonly string[] = ['openid', 'profile', 'offline_access', SESSION_SCOPES.read, SESSION_SCOPES.manage];

export interface PendingSignIn {
  origin: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce: string;
  /** A secret until the code is exchanged: keep it out of logs, like a token. */
  codeVerifier: string;
  startedAt: number;
}

export async function startSignIn(p: {
  origin: string;
  clientId: string;
  redirectUri: string;
  scopes?: readonly string[];
  prompt?: 'none' | 'login';
  now?: () => number;
}): Promise<{ url: string; pending: PendingSignIn }> {
  const pkce = await createPkce();
  const pending: PendingSignIn = {
    origin: p.origin,
    clientId: p.clientId.trim(),
    redirectUri: p.redirectUri,
    scopes: [...(p.scopes ?? DEFAULT_SCOPES)],
    state: createState(),
    nonce: createNonce(),
    codeVerifier: pkce.verifier,
    startedAt: (p.now ?? Date.now)(),
  };
  const url = buildAuthorizeUrl({ ...pending, codeChallenge: pkce.challenge, ...(p.prompt ? { prompt: p.prompt } : {}) });
  return { url, pending };
}

/** What the granted scopes allow on sessions. */
export function sessionAccess(scopes: readonly string[]): 'manage' | 'read' | 'none' {
  if (scopes.includes(SESSION_SCOPES.manage)) return 'manage';
  return scopes.includes(SESSION_SCOPES.read) ? 'read' : 'none';
}

export interface SignInResult {
  tokens: TokenSet;
  /** From the id_token; undefined when `openid` was not asked for. */
  user: SignedInUser | undefined;
}

/** Reads the redirect, exchanges the code, and names the user. Throws OktaError ('oauth' for refusals). */
export async function finishSignIn(pending: PendingSignIn, redirectUrl: string, tokenClient: TokenClient): Promise<SignInResult> {
  if (tokenClient.origin !== pending.origin || tokenClient.clientId !== pending.clientId) {
    throw new OktaError('invalid_input', 'The sign-in was finished with a token client for another org or app.');
  }
  const ctx: OAuthContext = { origin: pending.origin, clientId: pending.clientId, redirectUri: pending.redirectUri, scopes: pending.scopes };
  const outcome = parseRedirect(redirectUrl, pending.state, ctx);
  if (!outcome.ok) throw outcome.error;
  const tokens = await tokenClient.exchangeCode({
    code: outcome.code,
    codeVerifier: pending.codeVerifier,
    redirectUri: pending.redirectUri,
    scopes: pending.scopes,
  });
  if (sessionAccess(tokens.scopes) === 'none') {
    // Useless tokens are not kept, so they should not stay alive at Okta either (best effort).
    await tokenClient.revoke(tokens.refreshToken ?? tokens.accessToken, tokens.refreshToken ? 'refresh_token' : 'access_token').catch(() => {});
    throw new OktaError(
      'oauth',
      `Signed in, but Okta granted neither ${SESSION_SCOPES.read} nor ${SESSION_SCOPES.manage}: grant them on the ` +
        `app's Okta API Scopes tab, then sign in again.`,
    );
  }
  let user: SignedInUser | undefined;
  if (tokens.idToken) {
    const claims = readIdToken(tokens.idToken);
    checkIdToken(claims, { issuer: pending.origin, clientId: pending.clientId, nonce: pending.nonce });
    user = signedInAs(claims);
  }
  return { tokens, user };
}
