// The Sessions client's AuthProvider for OAuth tokens: `Authorization: Bearer <token>`, or for a DPoP-bound
// token `Authorization: DPoP <token>` plus a fresh proof (with `ath`) on every request. On a 401 it asks for one
// retry when the resource server wants a DPoP nonce, or when the caller can renew an expired token.
import type { AuthProvider } from '../client';
import { OktaError } from '../errors';
import { createProof } from './dpop';
import type { TokenType } from './token-client';
import { shouldRenewOn401 } from './token-schedule';
import { challengeError } from './www-authenticate';

export interface CurrentToken {
  accessToken: string;
  tokenType: TokenType;
}

export interface OAuthAuthProviderOptions {
  /** The access token to use now (the caller may renew it first, e.g. when it is due). */
  token: () => CurrentToken | Promise<CurrentToken>;
  /** The key the token is bound to; required for DPoP tokens. */
  dpopKeyPair?: CryptoKeyPair;
  /**
   * Called on a 401 for an invalid or expired token (not a nonce challenge, not a bad proof): renew it and
   * return true to have the call sent once more. Throw (e.g. invalid_grant) to end the call with that error.
   */
  renew?: () => Promise<boolean>;
  now?: () => number;
}

export function createOAuthAuthProvider(options: OAuthAuthProviderOptions): AuthProvider {
  /** The resource server's nonce: separate from the token endpoint's, and learnt from its challenges. */
  let resourceNonce: string | undefined;

  return {
    async headers({ method, url }): Promise<Record<string, string>> {
      const { accessToken, tokenType } = await options.token();
      if (tokenType === 'Bearer') return { Authorization: `Bearer ${accessToken}` };
      if (!options.dpopKeyPair) {
        throw new OktaError('unauthorized', 'The DPoP key this sign-in is bound to is gone: sign in with Okta again.');
      }
      const proof = await createProof({
        keyPair: options.dpopKeyPair,
        htm: method,
        htu: url,
        accessToken,
        ...(resourceNonce !== undefined ? { nonce: resourceNonce } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      return { Authorization: `DPoP ${accessToken}`, DPoP: proof };
    },
    async onChallenge({ status, headers }) {
      if (status !== 401) return false;
      const nonce = headers.get('dpop-nonce');
      if (challengeError(headers.get('www-authenticate')) === 'use_dpop_nonce') {
        if (!nonce || nonce === resourceNonce) return false;
        resourceNonce = nonce;
        return true;
      }
      if (nonce) resourceNonce = nonce;
      const renew = options.renew;
      if (!renew) return false;
      // The client asks at most once per call, so "renewed for this call" is always false here.
      return shouldRenewOn401({ status, wwwAuthenticate: headers.get('www-authenticate') }, { canRenew: true, renewedForThisCall: false })
        ? renew()
        : false;
    },
  };
}
