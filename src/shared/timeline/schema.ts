// What the session timeline records, as zod schemas both sides parse: the worker builds events, keeps them in
// storage.session, and the popup renders them. Every field is a name, a number, a short redacted text or a
// session mark; no field can hold a cookie value, a token, a session id or a query value outside a short
// allow-list, and objects parse with z.object, which drops any key not listed here.
// Built on first use, one kind of event at a time (src/okta/lazy.ts): recording an API call does not build the
// request event's schema, and a worker woken for something else builds none.
import * as z from 'zod/mini';
import { lazy } from '../../okta/lazy';
import { int, matches } from '../checks';

import { API_ACTIONS, COOKIE_CAUSES, COOKIE_CHANGES, OKTA_COOKIE_NAMES, SENT_PARAMS, TIMELINE_COOKIES } from './constants';

export { TIMELINE_CAPACITY, TIMELINE_STORAGE_KEY } from './constants';

const at = () => z.number().check(z.nonnegative()); // epoch ms
const origin = () => z.string().check(z.maxLength(300));
const host = () => z.string().check(z.maxLength(255));

/**
 * A session as pages may know it (see protocol.ts): never its id, which is the sid cookie's value. `key` is
 * sessionKey(id), the handle the popup's session view carries too, so a group can be matched to the tab's
 * session; `hint` is sessionIdHint(id), what is shown. Both come from src/okta/session-id.ts.
 */
const sessionMarkSchema = () => z.object({
  key: z.string().check(matches(/^[A-Za-z0-9_-]{8,64}$/)),
  // 12 characters at most: a full id (16 or more) cannot parse here even if one were put in by mistake.
  hint: z.string().check(z.maxLength(12)),
});
export type SessionMark = z.infer<ReturnType<typeof sessionMarkSchema>>;
const shortText = () => z.string().check(z.maxLength(300));
/**
 * The cookie store the event happened in, when it is not the browser's main one: a Firefox container
 * (firefox-container-N), a private window (firefox-private), Chrome's incognito store ('1'). Absent: the main one.
 */
const store = () => z.optional(z.string().check(matches(/^[A-Za-z0-9_-]{1,64}$/)));

const timelineCookieSchema = () => z.enum(TIMELINE_COOKIES);
export type TimelineCookie = z.infer<ReturnType<typeof timelineCookieSchema>>;

const cookieChangeSchema = () => z.enum(COOKIE_CHANGES);
export type CookieChange = z.infer<ReturnType<typeof cookieChangeSchema>>;

const cookieCauseSchema = () => z.enum(COOKIE_CAUSES);
export type CookieCause = z.infer<ReturnType<typeof cookieCauseSchema>>;

export const cookieEventSchema = /* @__PURE__ */ lazy(() => z.object({
  kind: z.literal('cookie'),
  at: at(),
  /** The configured org's origin. */
  org: origin(),
  /** The host the cookie lives on: the org host, its -admin host or a custom domain. */
  host: host(),
  cookie: timelineCookieSchema(),
  change: cookieChangeSchema(),
  cause: cookieCauseSchema(),
  /** The session the cookie names after the change (set, replaced) or named before it (removed). */
  session: z.optional(sessionMarkSchema()),
  /** replaced only: the session the cookie named before. */
  previous: z.optional(sessionMarkSchema()),
  store: store(),
}));
export type CookieEvent = z.infer<ReturnType<typeof cookieEventSchema>>;

const plain = () => z.optional(z.string().check(matches(/^[A-Za-z0-9 ._:-]{1,200}$/)));
/** scheme://host[:port]/path: never a query or fragment (flow-facts.ts originAndPath). */
const address = () => z.optional(z.string().check(z.maxLength(320), matches(/^https?:\/\/[^?#\s]+$/)));
const count = () => z.optional(z.number().check(int(), z.nonnegative()));

/** An authorize, token or logout request's OAuth parameters (flow-facts.ts oauthFacts). */
const flowOAuthSchema = () => z.object({
  clientId: z.optional(z.string().check(matches(/^[A-Za-z0-9_-]{1,64}$/))),
  responseType: plain(),
  responseMode: plain(),
  scope: plain(),
  prompt: plain(),
  maxAge: plain(),
  acrValues: plain(),
  idp: plain(),
  codeChallengeMethod: plain(),
  grantType: plain(),
  /** Secret-bearing parameters that were sent: names only. */
  sent: z.optional(z.array(z.enum(SENT_PARAMS)).check(z.maxLength(SENT_PARAMS.length))),
  redirectUri: address(),
  postLogoutRedirectUri: address(),
  /** Masked: first character and the email domain ("j…@example.com"). */
  loginHint: z.optional(z.string().check(z.maxLength(64), matches(/^[^@]?…(@[a-z0-9.…-]{1,60})?$/))),
});
export type FlowOAuth = z.infer<ReturnType<typeof flowOAuthSchema>>;

/** Okta's redirect back to the app, the end of a flow (flow-facts.ts backFacts). */
const flowBackSchema = () => z.object({
  to: z.string().check(z.maxLength(320), matches(/^https?:\/\/[^?#\s]+$/)),
  mode: z.optional(z.literal('fragment')),
  error: z.optional(z.string().check(matches(/^[a-z][a-z0-9_]{0,63}$/))),
  /** Okta's own text, kept only when it has the shape of Okta's messages. */
  errorDescription: z.optional(z.string().check(z.maxLength(300), matches(/^[A-Za-z0-9 ,.'":;()[\]_/-]{1,300}$/))),
  code: z.optional(z.boolean()),
  state: z.optional(z.boolean()),
  tokens: z.optional(z.boolean()),
});
export type FlowBack = z.infer<ReturnType<typeof flowBackSchema>>;

export type OktaCookieName = (typeof OKTA_COOKIE_NAMES)[number];

/** What the request and response headers said (flow-facts.ts), never a header value but these. */
const flowSignalsSchema = () => z.object({
  /** The request headers were seen (with 'extraHeaders' where the browser needs it): `cookies` is evidence. */
  headersSeen: z.optional(z.boolean()),
  /** The page's Origin header. */
  origin: z.optional(origin()),
  /** The origin that started the request (webRequest initiator / originUrl). */
  initiator: z.optional(origin()),
  /** Names of Okta's cookies the request carried. */
  cookies: z.optional(z.array(z.enum(OKTA_COOKIE_NAMES)).check(z.maxLength(OKTA_COOKIE_NAMES.length))),
  oktaRequestId: z.optional(z.boolean()),
  rateLimit: z.optional(z.object({ limit: count(), remaining: count(), reset: count() })),
  wwwAuthenticate: z.optional(z.string().check(matches(/^[a-z_]{1,40}$/))),
  /** The answer's Access-Control-Allow-Origin allowed the request's Origin. */
  corsAllowed: z.optional(z.boolean()),
});
export type FlowSignals = z.infer<ReturnType<typeof flowSignalsSchema>>;

export const requestEventSchema = /* @__PURE__ */ lazy(() => z.object({
  kind: z.literal('request'),
  /** When the request started (or, when its start was not seen, when it ended). */
  at: at(),
  org: origin(),
  host: host(),
  method: z.string().check(matches(/^[A-Z]{1,12}$/)),
  /** The URL path, with token-shaped segments and `;params` replaced by [redacted]. */
  path: z.string().check(z.maxLength(600)),
  /** Query parameter names in order; `name=value` only for the harmless names of redact.ts's allow-list. */
  params: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(40)),
  /** webRequest's resource type: main_frame, xmlhttprequest, ... */
  resourceType: z.optional(z.string().check(matches(/^[a-z_]{1,32}$/))),
  status: z.optional(z.number().check(int())),
  durationMs: z.optional(z.number().check(z.nonnegative())),
  /** The browser's network error (net::ERR_..., NS_ERROR_...), redacted. */
  error: z.optional(shortText()),
  /** The session the browser held for this host, in the request's cookie store, when the request started. */
  session: z.optional(sessionMarkSchema()),
  store: store(),
  oauth: z.optional(flowOAuthSchema()),
  back: z.optional(flowBackSchema()),
  signals: z.optional(flowSignalsSchema()),
}));
export type RequestEvent = z.infer<ReturnType<typeof requestEventSchema>>;

const apiActionSchema = () => z.enum(API_ACTIONS);
export type ApiAction = z.infer<ReturnType<typeof apiActionSchema>>;

/** A call the extension itself made to Okta's Sessions API. */
export const apiEventSchema = /* @__PURE__ */ lazy(() => z.object({
  kind: z.literal('api'),
  at: at(),
  org: origin(),
  action: apiActionSchema(),
  method: z.string().check(matches(/^[A-Z]{1,12}$/)),
  /** e.g. /api/v1/sessions/102X…CU-Q/lifecycle/refresh: the id shown by its hint. */
  path: z.string().check(z.maxLength(600)),
  status: z.optional(z.number().check(int())),
  durationMs: z.optional(z.number().check(z.nonnegative())),
  /** Okta's errorCode, e.g. E0000007. */
  errorCode: z.optional(z.string().check(matches(/^[A-Za-z0-9_.-]{1,40}$/))),
  /** A plain-words failure, redacted. */
  error: z.optional(shortText()),
  /** The session acted on (create: the new one). */
  session: z.optional(sessionMarkSchema()),
}));
export type ApiEvent = z.infer<ReturnType<typeof apiEventSchema>>;

/** Told apart by `kind` (a plain z.union, as in protocol.ts). */
export type TimelineEvent = CookieEvent | RequestEvent | ApiEvent;

const eventSchemas = { cookie: cookieEventSchema, request: requestEventSchema, api: apiEventSchema } as const;

/** One event, read with its own kind's schema alone; undefined for anything that is not a valid event. */
export function parseTimelineEvent(raw: unknown): TimelineEvent | undefined {
  const kind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
  const schema = kind === 'cookie' || kind === 'request' || kind === 'api' ? eventSchemas[kind] : undefined;
  const parsed = schema?.().safeParse(raw);
  return parsed?.success ? parsed.data : undefined;
}

/**
 * The sessions the browser holds per host, as the recorded cookie changes left them. A store other than the main
 * one comes before the host in the key (ring.ts).
 */
export type CurrentSessions = Record<string, HostSessions>;
const hostSessionsSchema = /* @__PURE__ */ lazy(() => z.object({ sid: z.optional(sessionMarkSchema()), idx: z.optional(sessionMarkSchema()) }));
type HostSessions = z.infer<ReturnType<typeof hostSessionsSchema>>;

/**
 * The host -> sessions map, read by hand rather than with z.record (which alone would add 0.7 KB gzip of zod to
 * the worker): a plain object whose every key is a host name and every value parses; anything else is undefined.
 */
export function parseCurrentSessions(raw: unknown): CurrentSessions | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: CurrentSessions = {};
  for (const [key, value] of Object.entries(raw)) {
    // Skipped as z.record skips it: assigning it would set the prototype of `out` rather than add an entry.
    if (key === '__proto__') continue;
    const parsed = hostSessionsSchema().safeParse(value);
    // A host (255 at most), after a store id (64) and a space.
    if (key.length > 320 || !parsed.success) return undefined;
    out[key] = parsed.data;
  }
  return out;
}

export interface TimelineState {
  /** Oldest first. */
  events: TimelineEvent[];
  /** Events dropped from the front since the last clear, because the ring was full. */
  dropped: number;
  /** While paused nothing is recorded (current sessions are still tracked). */
  paused: boolean;
  current: CurrentSessions;
}

export function emptyTimeline(paused = false): TimelineState {
  return { events: [], dropped: 0, paused, current: {} };
}

/**
 * Reads a stored or received TimelineState. Anything that does not parse keeps what does: valid events in their
 * order, the counters when they are sane. Garbage gives an empty timeline, never a throw.
 */
export function parseTimelineState(raw: unknown): TimelineState {
  if (typeof raw !== 'object' || raw === null) return emptyTimeline();
  const r = raw as Record<string, unknown>;
  const events = Array.isArray(r.events)
    ? r.events.flatMap((e) => {
        const event = parseTimelineEvent(e);
        return event ? [event] : [];
      })
    : [];
  const dropped = typeof r.dropped === 'number' && Number.isSafeInteger(r.dropped) && r.dropped >= 0 ? r.dropped : 0;
  return { events, dropped, paused: r.paused === true, current: parseCurrentSessions(r.current) ?? {} };
}
