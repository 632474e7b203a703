// Sign in with Okta (authorization code + PKCE, optional DPoP) for the worker. Pure TypeScript: WebCrypto and
// fetch only, no browser extension API.
export { startSignIn, finishSignIn, sessionAccess, DEFAULT_SCOPES, SESSION_SCOPES, type PendingSignIn, type SignInResult } from './sign-in';
export { buildAuthorizeUrl, parseRedirect, validateClientId, authorizeEndpoint, type AuthorizeParams, type RedirectOutcome } from './authorize-url';
export { createTokenClient, tokenResponseSchema, oauthErrorBodySchema, type TokenClient, type TokenClientOptions, type TokenSet, type TokenType } from './token-client';
export { createOAuthAuthProvider, type OAuthAuthProviderOptions, type CurrentToken } from './auth-provider';
export { generateDpopKeyPair, createProof, publicJwkOf, jwkThumbprint, htuOf, accessTokenHash, type ProofParams, type EcPublicJwk } from './dpop';
export { renewalTime, isDueForRenewal, shouldRenewOn401, RENEW_BEFORE_EXPIRY_MS, type TokenTimes, type UnauthorizedReply } from './token-schedule';
export { readIdToken, checkIdToken, signedInAs, type IdTokenClaims, type SignedInUser } from './id-token';
export { authFlowFailure, oauthError, originRefused, type OAuthContext } from './oauth-errors';
export { createCodeVerifier, codeChallengeS256, createState, createNonce, createPkce, type Pkce } from './pkce';
export { challengeError } from './www-authenticate';
