// Fixed, obviously fake credentials for the demo orgs: tests, `npm start` and the CLI all use these, so a
// person trying the extension can paste them into the options page. They only ever reach the local mock.

export const DEMO_ORG_HOST = 'dev-123456.okta.com';
export const SECOND_ORG_HOST = 'acme.okta.com';

/** SSWS API token of DEMO_ORG_HOST (full rights on sessions). */
export const DEMO_API_TOKEN = '00DemoOrgApiToken_dev-123456_notASecret0001';
/** SSWS API token of SECOND_ORG_HOST; it is not valid on the demo org. */
export const SECOND_API_TOKEN = '00SecondOrgApiToken_acme_notASecret000000002';

/** Bearer access token of DEMO_ORG_HOST granted only `okta.sessions.read`. */
export const DEMO_READ_ONLY_ACCESS_TOKEN = 'demo-access-token.sessions-read-only.notASecret';
/** Bearer access token of DEMO_ORG_HOST granted `okta.sessions.manage`. */
export const DEMO_MANAGE_ACCESS_TOKEN = 'demo-access-token.sessions-manage.notASecret';

/** The user present in every default org. */
export const DEMO_USER = {
  login: 'demo.user@example.com',
  password: 'Demo-Passw0rd!',
  firstName: 'Demo',
  lastName: 'User',
} as const;

export const SESSION_SCOPES = {
  read: 'okta.sessions.read',
  manage: 'okta.sessions.manage',
} as const;

/** Okta's default session lifetime (2 hours). */
export const DEFAULT_SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;

/** The extension's Chrome redirect URL (its id is pinned by the manifest `key`). */
export const DEMO_CHROME_REDIRECT_URI = 'https://ggpnlkpakjjfpcofddpohjgcglckoakm.chromiumapp.org/';

/**
 * The demo org's OAuth app for "Sign in with Okta": a public client (PKCE, no secret) granted the session
 * scopes. Besides DEMO_CHROME_REDIRECT_URI it accepts any `https://*.chromiumapp.org/` and
 * `https://*.extensions.allizom.org/` (Firefox) redirect URL, so unpacked builds with another id work too.
 */
export const DEMO_CLIENT_ID = '0oaDemoSignIn0000001';
/** The same app with "Require DPoP header in token requests" on. */
export const DEMO_DPOP_CLIENT_ID = '0oaDemoSignInDpop001';

export const DEMO_OAUTH_SCOPES = ['openid', 'profile', 'email', 'offline_access', SESSION_SCOPES.read, SESSION_SCOPES.manage] as const;

export const DEMO_REDIRECT_URIS = [DEMO_CHROME_REDIRECT_URI, 'https://*.chromiumapp.org/', 'https://*.extensions.allizom.org/'] as const;
