// The timeline as pages read it from the worker's replies. Same fields and kinds as schema.ts (a test holds them
// equal), checked with the rules the rest of protocol.ts uses (lengths and enums, no patterns, no record): every
// zod feature a page loads lands in the popup's first-paint chunk, and these are already there. The worker's
// strict schema.ts is what keeps secrets out of what it stores; a page only renders the text it is sent.
import * as z from 'zod/mini';
import { int } from '../checks';
import { API_ACTIONS, COOKIE_CAUSES, COOKIE_CHANGES, OKTA_COOKIE_NAMES, SENT_PARAMS, TIMELINE_COOKIES } from './constants';
import type { TimelineEvent, TimelineState } from './schema';

const at = z.number().check(z.nonnegative());
const origin = z.string().check(z.maxLength(300));
const host = z.string().check(z.maxLength(255));
const shortText = z.string().check(z.maxLength(300));
const method = z.string().check(z.minLength(1), z.maxLength(12));
const path = z.string().check(z.maxLength(600));
const mark = z.optional(z.object({ key: z.string().check(z.minLength(8), z.maxLength(64)), hint: z.string().check(z.maxLength(12)) }));
const status = z.optional(z.number().check(int()));
const durationMs = z.optional(z.number().check(z.nonnegative()));
const store = z.optional(z.string().check(z.minLength(1), z.maxLength(64)));

export const PageCookieEventSchema = z.object({
  kind: z.literal('cookie'),
  at,
  org: origin,
  host,
  cookie: z.enum(TIMELINE_COOKIES),
  change: z.enum(COOKIE_CHANGES),
  cause: z.enum(COOKIE_CAUSES),
  session: mark,
  previous: mark,
  store,
});

const text = (max: number) => z.optional(z.string().check(z.maxLength(max)));
const count = z.optional(z.number().check(int(), z.nonnegative()));

export const PageFlowOAuthSchema = z.object({
  clientId: text(64),
  responseType: text(200),
  responseMode: text(200),
  scope: text(200),
  prompt: text(200),
  maxAge: text(200),
  acrValues: text(200),
  idp: text(200),
  codeChallengeMethod: text(200),
  grantType: text(200),
  sent: z.optional(z.array(z.enum(SENT_PARAMS)).check(z.maxLength(SENT_PARAMS.length))),
  redirectUri: text(320),
  postLogoutRedirectUri: text(320),
  loginHint: text(64),
});

export const PageFlowBackSchema = z.object({
  to: z.string().check(z.maxLength(320)),
  mode: z.optional(z.literal('fragment')),
  error: text(64),
  errorDescription: text(300),
  code: z.optional(z.boolean()),
  state: z.optional(z.boolean()),
  tokens: z.optional(z.boolean()),
});

export const PageFlowSignalsSchema = z.object({
  headersSeen: z.optional(z.boolean()),
  origin: z.optional(origin),
  initiator: z.optional(origin),
  cookies: z.optional(z.array(z.enum(OKTA_COOKIE_NAMES)).check(z.maxLength(OKTA_COOKIE_NAMES.length))),
  oktaRequestId: z.optional(z.boolean()),
  rateLimit: z.optional(z.object({ limit: count, remaining: count, reset: count })),
  wwwAuthenticate: text(40),
  corsAllowed: z.optional(z.boolean()),
});

export const PageRequestEventSchema = z.object({
  kind: z.literal('request'),
  at,
  org: origin,
  host,
  method,
  path,
  params: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(40)),
  resourceType: z.optional(z.string().check(z.maxLength(32))),
  status,
  durationMs,
  error: z.optional(shortText),
  session: mark,
  store,
  oauth: z.optional(PageFlowOAuthSchema),
  back: z.optional(PageFlowBackSchema),
  signals: z.optional(PageFlowSignalsSchema),
});

export const PageApiEventSchema = z.object({
  kind: z.literal('api'),
  at,
  org: origin,
  action: z.enum(API_ACTIONS),
  method,
  path,
  status,
  durationMs,
  errorCode: z.optional(z.string().check(z.maxLength(40))),
  error: z.optional(shortText),
  session: mark,
});

const PageEventSchema = z.union([PageCookieEventSchema, PageRequestEventSchema, PageApiEventSchema]);

/**
 * A timeline from a worker reply: the valid events in their order (an invalid one is left out, not fatal), the
 * counters when they are sane. `current` is the worker's bookkeeping and is not read: it comes back empty.
 */
export function readTimelineReply(raw: unknown): TimelineState {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const events: TimelineEvent[] = Array.isArray(r.events)
    ? r.events.flatMap((e) => {
        const p = PageEventSchema.safeParse(e);
        return p.success ? [p.data as TimelineEvent] : [];
      })
    : [];
  const dropped = typeof r.dropped === 'number' && Number.isInteger(r.dropped) && r.dropped >= 0 ? r.dropped : 0;
  return { events, dropped, paused: r.paused === true, current: {} };
}
