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
