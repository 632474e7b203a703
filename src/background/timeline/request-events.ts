// webRequest (observe only) -> timeline request events for the sign-in requests the browser makes to a
// configured org. Only the redacted URL is kept, from the first listener on: the pending map holds what
// redact.ts let through, never a raw URL, header or body.
//
// One webRequest requestId can span several URLs: onBeforeRedirect ends one hop (recorded with its 3xx
// status) and the request continues at redirectUrl, which starts the next hop. The pending map is plain data
// so the worker can keep it in storage.session; when a start was not seen (the worker was stopped, or the
// request began before the listener), the end alone gives an event without a duration.
import type { FlowOAuth, FlowSignals, RequestEvent, SessionMark } from '../../shared/timeline/schema';
import { backFacts, oauthFacts, originOf, responseHeaderFacts, type HeaderLike } from './flow-facts';
import { isSignInRelated, redactError, redactUrl } from './redact';
import { orgForUrl, type TimelineOrg } from './orgs';

/** The fields of webRequest details these functions read (Chrome and Firefox both provide them). */
export interface WebRequestDetails {
  requestId: string;
  url: string;
  method: string;
  /** Epoch ms (fractional). */
  timeStamp: number;
  type?: string;
  /** Chrome: the origin that started the request. */
  initiator?: string;
  /** Firefox: the URL that started the request. */
  originUrl?: string;
  documentUrl?: string;
  /** onBeforeRedirect, onCompleted. */
  statusCode?: number;
  /** onBeforeRedirect. */
  redirectUrl?: string;
  /** onErrorOccurred. */
  error?: string;
  /** Firefox: the request's cookie store (a container, a private window). */
  cookieStoreId?: string;
  /** The tab that made the request; -1 for none. Chrome names no store, so the tab is looked up instead. */
  tabId?: number;
  /** onBeforeRequest: the form body's OAuth facts, already reduced by flow-facts.ts oauthFacts (no raw body). */
  bodyFacts?: FlowOAuth;
  /** onSendHeaders: the request headers' facts (flow-facts.ts requestHeaderFacts: Origin, cookie names). */
  sentFacts?: FlowSignals;
  /** onBeforeRedirect / onCompleted: only the response headers flow-facts.ts reads (none carries a secret). */
  responseHeaders?: HeaderLike[];
}

export interface RequestContext {
  orgs: readonly TimelineOrg[];
  /**
   * Origins whose requests are not recorded: the extension's own (`chrome-extension://<id>`,
   * `moz-extension://<uuid>`), whose Okta calls are recorded as api events instead.
   */
  ownOrigins?: readonly string[];
  /** The session the browser holds for a host now, in the request's store (ring.ts currentSession). */
  sessionFor?: (host: string) => SessionMark | undefined;
  /** The request's cookie store, when not the main one (cookie-store.ts). */
  store?: string;
}

export interface PendingRequest {
  at: number;
  org: string;
  host: string;
  method: string;
  path: string;
  params: string[];
  resourceType?: string;
  session?: SessionMark;
  store?: string;
  oauth?: FlowOAuth;
  signals?: FlowSignals;
}

export type PendingRequests = Record<string, PendingRequest>;

/** Bounds on the pending map: requests that never end must not pile up in storage. */
export const MAX_PENDING = 100;
export const PENDING_TTL_MS = 5 * 60_000;

const METHOD = /^[A-Z]{1,12}$/;
const RESOURCE_TYPE = /^[a-z_]{1,32}$/;

/** A request the extension made itself (its Sessions API calls are recorded as api events instead). */
export function isOwnRequest(d: WebRequestDetails, own: readonly string[]): boolean {
  return [d.initiator, d.originUrl, d.documentUrl].some(
    (src) => typeof src === 'string' && own.some((o) => o !== '' && (src === o || src.startsWith(`${o}/`))),
  );
}

/** The redacted start of a hop to `url`, or undefined when the timeline does not record it. */
function hopFor(url: string, method: string, at: number, d: WebRequestDetails, ctx: RequestContext): PendingRequest | undefined {
  if (isOwnRequest(d, ctx.ownOrigins ?? [])) return undefined;
  const r = redactUrl(url);
  if (!r) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const org = orgForUrl(parsed, ctx.orgs);
  if (!org || !isSignInRelated(parsed.pathname)) return undefined;
  const session = ctx.sessionFor?.(r.hostname);
  const upper = method.toUpperCase();
  // The flow's parameters: from the query, then (token requests) the form body's facts, which win for a field.
  // Only OAuth endpoints' parameters are flow parameters (a /login page's response_type is a passed-on value).
  const fromQuery = /^\/oauth2\//i.test(parsed.pathname) ? oauthFacts(parsed.searchParams) : undefined;
  const oauth = fromQuery || d.bodyFacts ? mergeOAuth(fromQuery, d.bodyFacts) : undefined;
  const initiator = originOf(d.initiator ?? d.originUrl);
  return {
    at: Math.round(at),
    org: org.origin,
    host: r.hostname,
    method: METHOD.test(upper) ? upper : 'OTHER',
    path: r.path,
    params: r.params,
    ...(d.type && RESOURCE_TYPE.test(d.type) ? { resourceType: d.type } : {}),
    ...(session ? { session: { key: session.key, hint: session.hint } } : {}),
    ...(ctx.store ? { store: ctx.store } : {}),
    ...(oauth ? { oauth } : {}),
    ...(initiator && initiator !== r.origin ? { signals: { initiator } } : {}),
  };
}

function leadsToOrg(url: string, ctx: RequestContext): boolean {
  try {
    return orgForUrl(new URL(url), ctx.orgs) !== undefined;
  } catch {
    return false;
  }
}

function mergeOAuth(a: FlowOAuth | undefined, b: FlowOAuth | undefined): FlowOAuth {
  const sent = [...new Set([...(a?.sent ?? []), ...(b?.sent ?? [])])];
  return { ...a, ...b, ...(sent.length ? { sent } : {}) };
}

/** The hop's signals with the response's (x-okta-request-id, rate limit, WWW-Authenticate, CORS) added. */
function withResponse(hop: PendingRequest, d: WebRequestDetails): FlowSignals | undefined {
  if (!d.responseHeaders) return hop.signals;
  const origin = hop.signals?.origin;
  // Only a cross-origin page's call is a CORS question; the org's own pages and navigations are not.
  const cors = origin !== undefined && origin !== hop.org && origin !== `https://${hop.host}` ? origin : undefined;
  return { ...hop.signals, ...responseHeaderFacts(d.responseHeaders, d.statusCode, cors) };
}

/** onSendHeaders: the request's Origin and which of Okta's cookies it carried, added to its open hop. */
export function requestHeadersSent(pending: PendingRequests, d: WebRequestDetails): PendingRequests {
  const hop = pending[d.requestId];
  if (!hop || !d.sentFacts) return pending;
  return { ...pending, [d.requestId]: { ...hop, signals: { ...hop.signals, ...d.sentFacts } } };
}

function prune(pending: PendingRequests, now: number): PendingRequests {
  const entries = Object.entries(pending).filter(([, p]) => now - p.at <= PENDING_TTL_MS);
  // Oldest beyond the bound go first; MAX_PENDING - 1 leaves room for the one being added.
  entries.sort((a, b) => a[1].at - b[1].at);
  return Object.fromEntries(entries.slice(Math.max(0, entries.length - (MAX_PENDING - 1))));
}

function toEvent(hop: PendingRequest, end: { at: number; status?: number; error?: string } | undefined, started: boolean): RequestEvent {
  const event: RequestEvent = { kind: 'request', ...hop, params: [...hop.params] };
  if (!event.signals || Object.keys(event.signals).length === 0) delete event.signals;
  if (end?.status !== undefined && Number.isInteger(end.status)) event.status = end.status;
  if (end?.error !== undefined) event.error = end.error;
  if (end && started) event.durationMs = Math.max(0, Math.round(end.at - hop.at));
  return event;
}

/** onBeforeRequest: remembers the redacted start of a recorded request. */
export function requestStarted(pending: PendingRequests, d: WebRequestDetails, ctx: RequestContext): PendingRequests {
  const hop = hopFor(d.url, d.method, d.timeStamp, d, ctx);
  const next = prune(pending, d.timeStamp);
  if (hop) next[d.requestId] = hop;
  else delete next[d.requestId];
  return next;
}

/**
 * Takes the request's open hop out of the pending map, or makes one from the details when its start was not
 * seen; `started` says whether a duration can be measured.
 */
function takeHop(
  pending: PendingRequests,
  d: WebRequestDetails,
  ctx: RequestContext,
): { next: PendingRequests; hop: PendingRequest | undefined; started: boolean } {
  const next = prune(pending, d.timeStamp);
  const held = next[d.requestId];
  delete next[d.requestId];
  return { next, hop: held ?? hopFor(d.url, d.method, d.timeStamp, d, ctx), started: held !== undefined };
}

/** Method of the next hop: 303, and 301/302 after POST, become GET (as browsers do); 307/308 keep it. */
function redirectedMethod(method: string, status: number | undefined): string {
  const m = method.toUpperCase();
  if (status === 303 && m !== 'HEAD') return 'GET';
  if ((status === 301 || status === 302) && m === 'POST') return 'GET';
  return m;
}

/** onBeforeRedirect: ends the current hop (event with its 3xx) and starts the next at redirectUrl. */
export function requestRedirected(
  pending: PendingRequests,
  d: WebRequestDetails,
  ctx: RequestContext,
): { pending: PendingRequests; event?: RequestEvent } {
  const { next, hop, started } = takeHop(pending, d, ctx);
  const signals = hop && withResponse(hop, d);
  const event = hop && toEvent({ ...hop, ...(signals ? { signals } : {}) }, { at: d.timeStamp, ...(d.statusCode !== undefined ? { status: d.statusCode } : {}) }, started);
  if (d.redirectUrl) {
    // The next hop has its own body and headers: this hop's are not carried over.
    const { bodyFacts: _b, sentFacts: _s, ...bare } = d;
    const following = hopFor(d.redirectUrl, redirectedMethod(d.method, d.statusCode), d.timeStamp, bare, ctx);
    if (following) next[d.requestId] = following;
    // Leaving the org: this is Okta's answer to the app, the end of the flow. (A redirect to one of the org's
    // own pages that the timeline does not record, such as /app/UserHome, is not.)
    else if (event && !leadsToOrg(d.redirectUrl, ctx)) {
      const back = backFacts(d.redirectUrl);
      if (back) event.back = back;
    }
  }
  return event ? { pending: next, event } : { pending: next };
}

/** onCompleted / onErrorOccurred: the event for the last hop, with status or error and duration. */
export function requestFinished(
  pending: PendingRequests,
  d: WebRequestDetails,
  ctx: RequestContext,
): { pending: PendingRequests; event?: RequestEvent } {
  const taken = takeHop(pending, d, ctx);
  const { next, started } = taken;
  if (!taken.hop) return { pending: next };
  const signals = withResponse(taken.hop, d);
  const hop = { ...taken.hop, ...(signals ? { signals } : {}) };
  const error = d.error !== undefined ? redactError(d.error) : undefined;
  const end = {
    at: d.timeStamp,
    ...(d.statusCode !== undefined && d.error === undefined ? { status: d.statusCode } : {}),
    ...(error !== undefined ? { error } : {}),
  };
  return { pending: next, event: toEvent(hop, end, started) };
}
