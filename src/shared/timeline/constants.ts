// The timeline's constants, in a module of their own so pages can use them without loading the schemas.

/** Events kept before the oldest are dropped (and counted in `dropped`). */
export const TIMELINE_CAPACITY = 500;

/** The storage.session key of the TimelineState (pages may watch it with storage.onChanged). */
export const TIMELINE_STORAGE_KEY = 'timeline';

/** The session cookies the timeline follows. */
export const TIMELINE_COOKIES = ['sid', 'idx'] as const;
/** `replaced` is one overwrite: the browser's removed(overwrite) + set(explicit) pair, merged (cookie-events.ts). */
export const COOKIE_CHANGES = ['set', 'replaced', 'removed'] as const;
/** The browser's `cookies.onChanged` causes, as both Chrome and Firefox name them. */
export const COOKIE_CAUSES = ['explicit', 'expired', 'overwrite', 'evicted', 'expired_overwrite'] as const;
/** The extension's own Sessions API calls. */
export const API_ACTIONS = ['inspect', 'refresh', 'revoke', 'create'] as const;

/**
 * Secret-bearing OAuth parameters the flow facts record as "sent", never by value (flow-facts.ts): whether a
 * PKCE challenge, a state, a nonce, a verifier, an ID token hint, a code went out is what a diagnosis reads.
 */
export const SENT_PARAMS = [
  'code_challenge',
  'state',
  'nonce',
  'code_verifier',
  'code',
  'refresh_token',
  'client_secret',
  'id_token_hint',
  'post_logout_redirect_uri',
  'login_hint',
  'interaction_code',
] as const;
/** Okta's cookies whose NAME in a request's Cookie header tells whether the session went with it. */
export const OKTA_COOKIE_NAMES = ['sid', 'idx', 'DT'] as const;
