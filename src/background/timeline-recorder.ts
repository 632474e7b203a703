// The worker side of the session timeline: cookie changes, the browser's sign-in requests and the extension's
// own Okta calls become events in a bounded ring kept in storage.session (it outlives a stopped worker and is
// gone when the browser closes). The worker may be stopped between any two events, so every step loads the
// configured orgs, the ring and the pending halves (an overwrite's removal, a request's start) from storage
// and writes them back. Steps run one at a time through one queue: each takes what the previous one stored.
import { parseTimelineState, TIMELINE_STORAGE_KEY, type SessionMark, type TimelineEvent, type TimelineState } from '../shared/timeline/schema';
import type { WorkerDeps } from './deps';
import { readSessionRef } from './session-cookie';
import { loadOrgs } from './settings-store';
import { apiEvent, type ApiCall } from './timeline/api-events';
import { cookieChangeToEvent, type CookieChangeInfo, type PendingOverwrites } from './timeline/cookie-events';
import { orgForUrl, type TimelineOrg } from './timeline/orgs';
import { isSignInRelated } from './timeline/redact';
import {
  requestFinished,
  requestHeadersSent,
  requestRedirected,
  requestStarted,
  isOwnRequest,
  type PendingRequests,
  type RequestContext,
  type WebRequestDetails,
} from './timeline/request-events';
import { append, clear, currentSession, noteCurrentSession, setPaused } from './timeline/ring';
import { storeKey } from './cookie-store';

/** storage.session key of the halves waiting for their other half. Holds redacted data and session marks only. */
export const TIMELINE_PENDING_KEY = 'timeline:pending';

interface Pending {
  cookies: PendingOverwrites;
  requests: PendingRequests;
}

export type RequestPhase = 'start' | 'headers' | 'redirect' | 'end';

let queue: Promise<unknown> = Promise.resolve();

/** One step at a time, in the order they were asked for; a failed step does not stop the ones after it. */
function serial<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

async function loadState(deps: WorkerDeps): Promise<TimelineState> {
  return parseTimelineState((await deps.storageSession.get(TIMELINE_STORAGE_KEY))[TIMELINE_STORAGE_KEY]);
}

async function saveState(deps: WorkerDeps, state: TimelineState): Promise<void> {
  await deps.storageSession.set({ [TIMELINE_STORAGE_KEY]: state });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The pending maps as stored. Their entries are the redacted halves the pure mappers made; a map that is not an
 * object is dropped, and the mappers only ever read the named fields of an entry.
 */
async function loadPending(deps: WorkerDeps): Promise<Pending> {
  const raw = (await deps.storageSession.get(TIMELINE_PENDING_KEY))[TIMELINE_PENDING_KEY];
  const r = isRecord(raw) ? raw : {};
  return {
    cookies: (isRecord(r.cookies) ? r.cookies : {}) as PendingOverwrites,
    requests: (isRecord(r.requests) ? r.requests : {}) as PendingRequests,
  };
}

async function savePending(deps: WorkerDeps, pending: Pending): Promise<void> {
  await deps.storageSession.set({ [TIMELINE_PENDING_KEY]: pending });
}

const clock = (deps: WorkerDeps): number => (deps.now ?? Date.now)();

/** Only the session cookies are worth a storage round trip; every other cookie change is dropped at once. */
export function isSessionCookieChange(info: { cookie?: { name?: unknown } }): boolean {
  const name = info.cookie?.name;
  return name === 'sid' || name === 'idx';
}

/** cookies.onChanged: `at` is when the browser told us, taken before the step waits its turn. */
export function recordCookieChange(deps: WorkerDeps, info: CookieChangeInfo, at: number = clock(deps)): Promise<void> {
  if (!isSessionCookieChange(info)) return Promise.resolve();
  return serial(async () => {
    const orgs = await loadOrgs(deps);
    const pending = await loadPending(deps);
    const result = await cookieChangeToEvent(pending.cookies, info, orgs, at);
    if (result.event) await saveState(deps, append(await loadState(deps), result.event));
    if (JSON.stringify(result.pending) !== JSON.stringify(pending.cookies)) {
      await savePending(deps, { ...pending, cookies: result.pending });
    }
  });
}

/** The configured org and sign-in path a URL is recorded under, or undefined (then nothing is read or written). */
function recordedHost(url: string | undefined, orgs: readonly TimelineOrg[]): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return orgForUrl(parsed, orgs) && isSignInRelated(parsed.pathname) ? parsed.hostname.toLowerCase() : undefined;
}

/**
 * The session the browser holds for `host` in `store`: as the recorded cookie changes left it, else read from
 * the cookie jar (the worker may have started after the cookie was set). Only the mark leaves here; the id is
 * dropped.
 */
async function sessionFor(
  deps: WorkerDeps,
  state: TimelineState,
  host: string,
  store: string | undefined,
): Promise<{ state: TimelineState; mark?: SessionMark }> {
  const tracked = currentSession(state, host, store);
  if (tracked) return { state, mark: tracked };
  const ref = await readSessionRef(deps.cookies, `https://${host}`, store).catch(() => null);
  if (!ref) return { state };
  const mark = { key: ref.key, hint: ref.hint };
  return { state: noteCurrentSession(state, host, ref.source, mark, store), mark };
}

/**
 * The request's cookie store: Firefox says so on the request; Chrome does not, and only a tab in an incognito
 * window can use another store than the main one, found (as for the popup's tab) among the stores' tab lists.
 */
async function requestStore(deps: WorkerDeps, d: WebRequestDetails): Promise<string | undefined> {
  if (d.cookieStoreId !== undefined) return storeKey(d.cookieStoreId);
  const tabId = d.tabId;
  if (tabId === undefined || tabId < 0 || !deps.cookieStores) return undefined;
  const stores = await deps.cookieStores().catch(() => []);
  return storeKey(stores.find((s) => s.tabIds.includes(tabId))?.id);
}

/** webRequest onBeforeRequest ('start'), onBeforeRedirect ('redirect'), onCompleted / onErrorOccurred ('end'). */
export function recordRequest(deps: WorkerDeps, phase: RequestPhase, details: WebRequestDetails): Promise<void> {
  // The extension's own Okta calls (recorded as api events) are dropped before any storage is read: each popup
  // opening makes one, and reading the ring for it cost a cold worker as much as the rest of its start.
  if (isOwnRequest(details, [deps.extensionOrigin])) return Promise.resolve();
  return serial(async () => {
    const orgs = await loadOrgs(deps);
    if (orgs.length === 0) return;
    const pending = await loadPending(deps);
    // Headers only add to a hop already open: no session lookup, no event.
    if (phase === 'headers') {
      const requests = requestHeadersSent(pending.requests, details);
      if (requests !== pending.requests) await savePending(deps, { ...pending, requests });
      return;
    }
    const hosts = [recordedHost(details.url, orgs), phase === 'redirect' ? recordedHost(details.redirectUrl, orgs) : undefined];
    // Nothing to start, nothing to end: the common case for a request to an org that is not a sign-in step.
    if (hosts.every((h) => h === undefined) && !(details.requestId in pending.requests)) return;

    const before = await loadState(deps);
    if (before.paused) return;
    let state = before;
    const store = hosts.some((h) => h !== undefined) ? await requestStore(deps, details) : undefined;
    const marks = new Map<string, SessionMark>();
    for (const host of hosts) {
      if (host === undefined || marks.has(host)) continue;
      const found = await sessionFor(deps, state, host, store);
      state = found.state;
      if (found.mark) marks.set(host, found.mark);
    }
    const ctx: RequestContext = {
      orgs,
      ownOrigins: [deps.extensionOrigin],
      sessionFor: (h) => marks.get(h),
      ...(store ? { store } : {}),
    };

    let requests: PendingRequests;
    let event: TimelineEvent | undefined;
    if (phase === 'start') requests = requestStarted(pending.requests, details, ctx);
    else ({ pending: requests, event } = (phase === 'redirect' ? requestRedirected : requestFinished)(pending.requests, details, ctx));

    if (event) state = append(state, event);
    if (state !== before) await saveState(deps, state);
    if (JSON.stringify(requests) !== JSON.stringify(pending.requests)) await savePending(deps, { ...pending, requests });
  });
}

/** Resolves in a later task: after the reply that is being sent in this one has gone. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The extension's own Sessions API call. Queued at once (the call may still be computing its session key), so
 * a timeline read sent after the reply is queued behind it and sees it. The ring is read one task later: reading
 * and parsing it (up to TIMELINE_CAPACITY events) would otherwise run between Okta's answer and the popup's reply.
 */
export function recordApiCall(deps: WorkerDeps, call: ApiCall | Promise<ApiCall>): Promise<void> {
  return serial(async () => {
    const event = apiEvent(await call);
    await nextTask();
    await saveState(deps, append(await loadState(deps), event));
  });
}

export function readTimeline(deps: WorkerDeps): Promise<TimelineState> {
  return serial(() => loadState(deps));
}

export function clearTimeline(deps: WorkerDeps): Promise<TimelineState> {
  return serial(async () => {
    const state = clear(await loadState(deps));
    await saveState(deps, state);
    return state;
  });
}

export function pauseTimeline(deps: WorkerDeps, paused: boolean): Promise<TimelineState> {
  return serial(async () => {
    const state = setPaused(await loadState(deps), paused);
    await saveState(deps, state);
    return state;
  });
}

/**
 * The URLs the webRequest listeners ask for: the sign-in paths (redact.ts isSignInRelated) on https hosts, never
 * <all_urls>. The browser reports a request only where the extension has host permission, so these are the
 * Okta domains of the manifest's host permissions and the custom domains the user granted; the paths keep the
 * worker asleep through an Okta dashboard's other API calls.
 */
export const TIMELINE_URL_PATTERNS: readonly string[] = [
  '/oauth2*',
  '/idp/idx*',
  '/api/v1/authn*',
  '/api/v1/sessions*',
  '/login*',
  '/signin*',
  '/sso*',
  '/app/*/sso*',
  '/logout*',
  '/signout*',
].map((path) => `https://*${path}`);
