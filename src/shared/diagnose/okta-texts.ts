// Okta's own words for the failures the engine names, verbatim from Okta's OAuth error catalogue
// (okta-developer-docs data/oauth2-error-codes.json, see shared/okta/FLOW-ERRORS.md). They are shown when Okta's
// answer itself carried no text the extension could see (an error page, a status-only JSON answer), marked as
// what Okta says for this case; a text Okta did send (error_description on the redirect) is shown instead.

export const OKTA = {
  notAssigned: 'User is not assigned to the client application.',
  policyFailed: 'Policy evaluation failed for this request, please check the policy configurations.',
  scopesRejected: 'Policy evaluation succeeded, but all the requested scopes were rejected.',
  scopeNotConfigured: 'One or more scopes are not configured for the authorization server resource.',
  openidMissing: "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.",
  customScopeOrgAs: 'Custom scopes are not allowed for this request.',
  redirectUri: "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
  clientId: "Invalid value for 'client_id' parameter.",
  responseType: 'The response type is not supported by the authorization server. Configured response types: [{0}].',
  grantType: 'The client is not authorized to use the provided grant type. Configured grant types: [{0}].',
  pkceRequired: 'PKCE code challenge is required by the application.',
  pkceFailed: 'PKCE verification failed.',
  verifierNoChallenge: 'PKCE code challenge should be specified in the authorize request for code verification.',
  codeInvalid: 'The authorization code is invalid or has expired.',
  browserPkce: 'Browser requests to the token endpoint must use Proof Key for Code Exchange.',
  browserRedirectUri: 'Browser requests to the token endpoint must be part of at least one whitelisted redirect_uri.',
  browserTrusted: 'Browser requests to the token endpoint must be made from one of the registered Trusted Origins.',
  loginRequired: 'The client specified not to prompt, but the user is not logged in.',
  postLogout: "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.",
  rateLimited: 'API call exceeded rate limit due to too many requests.',
  hostedExpired: '403 Access Forbidden',
  corsBrowser: "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
} as const;
