// The one definition of every message between the extension's pages and its worker. Both sides parse with
// these schemas; the TypeScript types derive from them, so a field cannot drift between sender and receiver.
// zod/mini keeps the popup bundle small.
// A namespace import, not `{ z }`: bundling the `z` object pulls in every zod locale (popup: 94 KB gzip, not 17 KB).
//
// Every schema is built on first use (`lazy`, src/okta/lazy.ts), not when the module loads: a stopped worker woken
// by one message builds that message's schema and the views it reads, not the whole protocol. Requests are
// parsed per `type`, for the same reason. The builders are marked pure, so a bundle that never reads one (the
// worker never parses a reply, pages never parse a request but the options page's check) drops it. zod marks its
// own builders side-effect free, but esbuild does not carry that mark across modules (evanw/esbuild#4369).
// Objects told apart by a literal field (`type`, `state`) are a plain z.union: each option's literal already
// rejects the others' messages, and z.discriminatedUnion would add half a kilobyte (gzip) of zod to every bundle.
import * as z from 'zod/mini';
import { lazy } from '../okta/lazy';
import { int } from './checks';

const origin = () => z.string().check(z.maxLength(300));
/**
 * A session id is the `sid` cookie's value, a bearer secret, so it never leaves the worker. Pages know a session
 * by its key (a one-way handle, sent back to name the session in refresh and revoke) and show its hint (a few
 * characters at either end). The hint's length limit makes a full id fail to parse even if one were put there.
 */
const sessionKey = () => z.string().check(z.maxLength(64));
const idHint = () => z.string().check(z.maxLength(12));

// ---- Views the worker sends back -------------------------------------------------------------------------

/** A session as the popup shows it: identifiers and timestamps, never its id, a cookie value or a credential. */
export const sessionViewSchema = /* @__PURE__ */ lazy(() => z.object({
  /** The session id masked for display, e.g. `102X…CU-Q`. */
  idHint: idHint(),
  /** Names this session in refresh and revoke requests; cannot be turned back into the id. */
  key: sessionKey(),
  userId: z.optional(z.string()),
  login: z.optional(z.string()),
  status: z.optional(z.string()),
  createdAt: z.optional(z.string()),
  expiresAt: z.optional(z.string()),
  lastPasswordVerification: z.optional(z.nullable(z.string())),
  lastFactorVerification: z.optional(z.nullable(z.string())),
  amr: z.optional(z.array(z.string())),
  idp: z.optional(z.object({ id: z.optional(z.string()), type: z.optional(z.string()) })),
  mfaActive: z.optional(z.boolean()),
}));
export type SessionView = z.infer<ReturnType<typeof sessionViewSchema>>;

const orgRefSchema = () =>
  z.object({
    /** The org's Okta origin, e.g. https://acme.okta.com: where its credential may be sent. */
    origin: origin(),
    /** The origin of the tab when it differs (a custom domain or the -admin host). */
    via: z.optional(origin()),
  });
export type OrgRef = z.infer<ReturnType<typeof orgRefSchema>>;

/** Which cookie the session id came from; `idx` ids are derived from an undocumented header field. */
const sessionSourceSchema = () => z.enum(['sid', 'idx']);
export type SessionSource = z.infer<ReturnType<typeof sessionSourceSchema>>;

/**
 * One of Okta's cookies as the browser holds it for the tab's host (**In this browser**): its name and attributes,
 * never its value. For `idx`, what its readable JWE header says: the derived session id, masked, and the org id.
 */
const browserCookieSchema = () => z.object({
  name: z.enum(['sid', 'idx', 'DT', 'JSESSIONID']),
  domain: z.string().check(z.maxLength(300)),
  path: z.string().check(z.maxLength(300)),
  hostOnly: z.boolean(),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  /** The browser's words: no_restriction (None), lax, strict, unspecified. */
  sameSite: z.string().check(z.maxLength(20)),
  /** Epoch ms; absent for a session cookie (gone when the browser closes). */
  expiresAt: z.optional(z.number()),
  partitioned: z.boolean(),
  idx: z.optional(z.object({ xsidHint: z.optional(idHint()), orgId: z.optional(z.string().check(z.maxLength(40))) })),
});
export type BrowserCookie = z.infer<ReturnType<typeof browserCookieSchema>>;

/**
 * How the session was read when the org has no credential: `cookie`, with the browser's own session cookie
 * (`/api/v1/sessions/me`), which any signed-in user may do.
 */
const readWith = () => z.optional(z.literal('cookie'));
const cookies = () => z.optional(z.array(browserCookieSchema()).check(z.maxLength(8)));
/** Present, and false, only when the tab's Okta org is not in the options: the popup offers **Add this org**. */
const configured = () => z.optional(z.literal(false));

const orgSummarySchema = () =>
  z.object({
    origin: origin(),
    hasCredential: z.boolean(),
    /** The cookie that carries this browser's session for the org, if any. */
    sessionCookie: z.nullable(sessionSourceSchema()),
  });
export type OrgSummary = z.infer<ReturnType<typeof orgSummarySchema>>;

export const inspectViewSchema = /* @__PURE__ */ lazy(() => z.union([
  z.object({
    state: z.literal('session'),
    org: orgRefSchema(),
    session: sessionViewSchema(),
    source: sessionSourceSchema(),
    /** Epoch ms when the worker received this from Okta. */
    fetchedAt: z.number(),
    readWith: readWith(),
    cookies: cookies(),
    configured: configured(),
  }),
  z.object({ state: z.literal('no-cookie'), org: orgRefSchema(), hasCredential: z.boolean(), cookies: cookies(), configured: configured() }),
  z.object({
    state: z.literal('ended'),
    org: orgRefSchema(),
    sessionKey: sessionKey(),
    idHint: idHint(),
    source: sessionSourceSchema(),
    readWith: readWith(),
    cookies: cookies(),
    configured: configured(),
  }),
  z.object({
    state: z.literal('no-credential'),
    org: orgRefSchema(),
    source: z.nullable(sessionSourceSchema()),
    cookies: cookies(),
    /** Why the session could not be read with the browser's cookie: turned off, another cookie store, or refused. */
    cookieRead: z.optional(
      z.object({
        status: z.enum(['off', 'other-store', 'refused']),
        message: z.string().check(z.maxLength(2000)),
        errorCode: z.optional(z.string().check(z.maxLength(40))),
        requestId: z.optional(z.string().check(z.maxLength(100))),
        httpStatus: z.optional(z.number()),
      }),
    ),
    configured: configured(),
  }),
  z.object({
    state: z.literal('not-okta'),
    /** The tab's host, when it has one, so the popup can say what it is looking at. */
    host: z.optional(z.string()),
    orgs: z.array(orgSummarySchema()),
  }),
]));
export type InspectView = z.infer<ReturnType<typeof inspectViewSchema>>;

const errorKindSchema = () => z.enum([
  // from the Okta client
  'okta',
  'not_found',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'network',
  'timeout',
  'malformed',
  'invalid_input',
  // from the worker
  'bad_request', // a message that does not match this protocol
  'bad_sender', // a message from anything but this extension's own pages
  'no_credential',
  'stale', // the tab's session changed since the popup showed it
  'permission', // the browser has not granted the host permission the action needs
  'oauth',
  'internal',
]);
export type ErrorKind = z.infer<ReturnType<typeof errorKindSchema>>;

export const errorInfoSchema = /* @__PURE__ */ lazy(() => z.object({
  kind: errorKindSchema(),
  message: z.string(),
  status: z.optional(z.number()),
  okta: z.optional(
    z.object({
      errorCode: z.optional(z.string()),
      errorSummary: z.optional(z.string()),
      errorId: z.optional(z.string()),
      requestId: z.optional(z.string()),
    }),
  ),
  /** Epoch ms when a rate limit resets. */
  retryAt: z.optional(z.number()),
  org: z.optional(orgRefSchema()),
}));
export type ErrorInfo = z.infer<ReturnType<typeof errorInfoSchema>>;

const credentialKindSchema = () => z.enum(['api-token', 'access-token', 'oauth']);
export type CredentialKind = z.infer<ReturnType<typeof credentialKindSchema>>;

/** What the options page may know of a stored credential: its kind and last four characters. */
const credentialSummarySchema = () => z.object({
  kind: credentialKindSchema(),
  hint: z.string(),
  remember: z.boolean(),
  /** OAuth only. */
  signedInAs: z.optional(z.string()),
  expiresAt: z.optional(z.number()),
  scopes: z.optional(z.array(z.string())),
  canRenew: z.optional(z.boolean()),
  /** OAuth: the tokens are DPoP-bound. */
  dpop: z.optional(z.boolean()),
});
export type CredentialSummary = z.infer<ReturnType<typeof credentialSummarySchema>>;

const orgSettingsViewSchema = () => z.object({
  origin: origin(),
  customDomains: z.array(origin()),
  clientId: z.optional(z.string()),
  /** Sign in with Okta: the choices of the last sign-in. */
  oauth: z.optional(z.object({ dpop: z.union([z.boolean(), z.literal('auto')]), staySignedIn: z.boolean() })),
  credential: z.nullable(credentialSummarySchema()),
  /** Whether the popup may read the session with the browser's cookie (/api/v1/sessions/me); absent: yes. */
  readWithCookie: z.optional(z.boolean()),
});
export type OrgSettingsView = z.infer<ReturnType<typeof orgSettingsViewSchema>>;

// ---- Requests ------------------------------------------------------------------------------------------

/** One schema per request `type`, each built when a message of that type first arrives. */
const requestSchemas = /* @__PURE__ */ (() => {
  /** Which session a request is about: a tab's, or a configured org's (from the not-okta list). */
  const target = () => ({
    tabId: z.optional(z.number().check(int(), z.nonnegative())),
    org: z.optional(origin()),
  });
  const token = () => z.string().check(z.minLength(1), z.maxLength(4096));
  return {
    'session/cached': lazy(() => z.object({ type: z.literal('session/cached'), ...target() })),
    'session/inspect': lazy(() => z.object({ type: z.literal('session/inspect'), ...target() })),
    // Refresh and revoke name the session the user saw (by its key), so a tab that changed meanwhile cannot
    // redirect them; the worker acts on the tab's own session id only when its key is this one.
    // `readWith: 'cookie'` acts through /api/v1/sessions/me, as the view the user saw was read.
    'session/refresh': lazy(() => z.object({ type: z.literal('session/refresh'), ...target(), sessionKey: sessionKey(), readWith: readWith() })),
    'session/revoke': lazy(() => z.object({ type: z.literal('session/revoke'), ...target(), sessionKey: sessionKey(), confirmed: z.literal(true), readWith: readWith() })),
    'settings/get': lazy(() => z.object({ type: z.literal('settings/get') })),
    'settings/save-org': lazy(() => z.object({
      type: z.literal('settings/save-org'),
      /** As typed by the user; the worker normalises it. */
      orgUrl: z.string().check(z.maxLength(300)),
      customDomains: z.array(z.string().check(z.maxLength(300))).check(z.maxLength(20)),
      /** Omitted to keep the stored credential. */
      credential: z.optional(
        z.object({ kind: z.enum(['api-token', 'access-token']), token: token() }),
      ),
      remember: z.boolean(),
      /** Read the session with the browser's own cookie when no credential can; omitted: keep the setting. */
      readWithCookie: z.optional(z.boolean()),
    })),
    'settings/remove-org': lazy(() => z.object({ type: z.literal('settings/remove-org'), origin: origin() })),
    // ---- Sign in with Okta (OAuth helper) ----
    // The worker opens the browser's sign-in window and answers when it is done (or closed).
    'oauth/sign-in': lazy(() => z.object({
      type: z.literal('oauth/sign-in'),
      orgUrl: z.string().check(z.maxLength(300)),
      customDomains: z.array(z.string().check(z.maxLength(300))).check(z.maxLength(20)),
      clientId: z.string().check(z.minLength(1), z.maxLength(128)),
      /** 'auto': DPoP only when the app turns out to require it. */
      dpop: z.union([z.boolean(), z.literal('auto')]),
      /** Asks for offline_access, so the access token renews without the user. */
      staySignedIn: z.boolean(),
      remember: z.boolean(),
    })),
    'oauth/sign-out': lazy(() => z.object({ type: z.literal('oauth/sign-out'), origin: origin() })),
    // ---- Timeline and session creation (timeline helper) ----
    'timeline/get': lazy(() => z.object({ type: z.literal('timeline/get') })),
    'timeline/clear': lazy(() => z.object({ type: z.literal('timeline/clear') })),
    'timeline/pause': lazy(() => z.object({ type: z.literal('timeline/pause'), paused: z.boolean() })),
    // The session token is a one-time credential: the worker never stores, logs or echoes it. `use` sets the org's
    // sid cookie to the new session, so this browser adopts it.
    'session/create': lazy(() => z.object({ type: z.literal('session/create'), ...target(), sessionToken: token(), use: z.boolean() })),
  };
})();
type RequestSchemas = typeof requestSchemas;
export type RequestType = keyof RequestSchemas;
export type Request = { [K in RequestType]: z.infer<ReturnType<RequestSchemas[K]>> }[RequestType];

/**
 * Reads a message as a request: by its `type` first, then with that type's schema alone. Parsed by the worker,
 * and by the options page before it sends (a form bug shows there, not as the worker's bad_request).
 */
export function parseRequest(message: unknown): { success: true; data: Request } | { success: false } {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  const schema = typeof type === 'string' && Object.hasOwn(requestSchemas, type) ? requestSchemas[type as RequestType] : undefined;
  const parsed = schema?.().safeParse(message);
  return parsed?.success ? { success: true, data: parsed.data as Request } : { success: false };
}

// ---- Replies -------------------------------------------------------------------------------------------

export type Failure = { ok: false; error: ErrorInfo };
type Ok<T> = { ok: true } & T;

export interface ReplyMap {
  'session/cached': Ok<{ view: InspectView | null }>;
  'session/inspect': Ok<{ view: InspectView }>;
  'session/refresh': Ok<{ view: InspectView }>;
  'session/revoke': Ok<{ view: InspectView }>;
  'settings/get': Ok<{ orgs: OrgSettingsView[] }>;
  'settings/save-org': Ok<{ org: OrgSettingsView }>;
  'settings/remove-org': Ok<{ orgs: OrgSettingsView[] }>;
  'oauth/sign-in': Ok<{ org: OrgSettingsView }>;
  'oauth/sign-out': Ok<{ orgs: OrgSettingsView[] }>;
  // The worker sends a TimelineState; pages read it with readTimelineReply (src/shared/timeline/page-schema.ts),
  // which keeps the valid events of a damaged one and loads with the Timeline view, not the popup's first paint.
  'timeline/get': Ok<{ timeline: unknown }>;
  'timeline/clear': Ok<{ timeline: unknown }>;
  'timeline/pause': Ok<{ timeline: unknown }>;
  'session/create': Ok<{ view: InspectView }>;
}
export type ReplyFor<T extends RequestType> = ReplyMap[T] | Failure;
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** Reply schemas, so pages parse what the worker sends too: a boundary is a boundary in both directions. */
export const replySchemas: () => { [K in RequestType]: z.ZodMiniType<ReplyFor<K>> } = /* @__PURE__ */ lazy(() => {
  const failureSchema = z.object({ ok: z.literal(false), error: errorInfoSchema() });
  const orgsReply = z.object({ ok: z.literal(true), orgs: z.array(orgSettingsViewSchema()) });
  const viewReply = z.object({ ok: z.literal(true), view: inspectViewSchema() });
  const timelineReply = z.union([z.object({ ok: z.literal(true), timeline: z.unknown() }), failureSchema]);
  return {
    'session/cached': z.union([z.object({ ok: z.literal(true), view: z.nullable(inspectViewSchema()) }), failureSchema]),
    'session/inspect': z.union([viewReply, failureSchema]),
    'session/refresh': z.union([viewReply, failureSchema]),
    'session/revoke': z.union([viewReply, failureSchema]),
    'settings/get': z.union([orgsReply, failureSchema]),
    'settings/save-org': z.union([z.object({ ok: z.literal(true), org: orgSettingsViewSchema() }), failureSchema]),
    'settings/remove-org': z.union([orgsReply, failureSchema]),
    'oauth/sign-in': z.union([z.object({ ok: z.literal(true), org: orgSettingsViewSchema() }), failureSchema]),
    'oauth/sign-out': z.union([orgsReply, failureSchema]),
    'timeline/get': timelineReply,
    'timeline/clear': timelineReply,
    'timeline/pause': timelineReply,
    'session/create': z.union([viewReply, failureSchema]),
  } as never;
});

export function failure(kind: ErrorKind, message: string, extra: Partial<ErrorInfo> = {}): Failure {
  return { ok: false, error: { ...extra, kind, message } };
}
