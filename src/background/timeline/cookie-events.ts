// cookies.onChanged -> timeline cookie events, in two steps so the raw value goes no further than the first:
// 1. observeCookieChange (async, for the hash): keeps the cookie's name, place and cause, and turns the value
//    into a SessionMark {key, hint} (sessionKey / sessionIdHint of the derived id). Value and id are dropped
//    there: a Classic id IS the sid value, so not even the id is kept.
// 2. cookieChangeEvent (sync): the observed change + configured orgs -> an event, or none.
//
// An overwrite reaches listeners as two changes, in this order, in both Chrome and Firefox:
//   { removed: true,  cause: 'overwrite', cookie: <old> }   then   { removed: false, cause: 'explicit', cookie: <new> }
// Step 2 holds the removal in PendingOverwrites (plain data, keyed by store, host, path and name) and the set
// that follows within OVERWRITE_WINDOW_MS completes it as ONE event: change 'replaced', cause 'overwrite',
// session = new, previous = old. A set with nothing pending is 'set'. If the worker is stopped between the two
// (they arrive back to back, so this is unlikely), the set is recorded as a plain 'set'. `expired_overwrite`
// is a removal, not a replacement: it is how a server deletes a cookie (Set-Cookie with Max-Age=0).
// Calls must be serialised (the worker's timeline queue), as each takes the pending map the previous returned.
import { sessionIdFromIdx, sessionIdFromSid, sessionIdHint, sessionKey } from '../../okta/session-id';
import type { CookieCause, CookieEvent, SessionMark, TimelineCookie } from '../../shared/timeline/schema';
import { orgForHostname, type TimelineOrg } from './orgs';
import { storeKey } from '../cookie-store';

/** The fields of `cookies.onChanged`'s changeInfo this reads. */
export interface CookieChangeInfo {
  removed: boolean;
  cause: string;
  cookie: { name: string; value: string; domain: string; path?: string; storeId?: string };
}

/** A cookie change with its value already reduced to a session mark. */
export interface ObservedCookieChange {
  removed: boolean;
  cause: CookieCause;
  name: TimelineCookie;
  /** Lower-case, leading dot removed. */
  host: string;
  path: string;
  /** Absent: the browser's main store (cookie-store.ts). */
  store?: string;
  /** Absent when the value yields no valid session id (or the cookie was emptied). */
  session?: SessionMark;
}

/** Removals by overwrite waiting for their set, by cookie key. Holds session marks only. */
export type PendingOverwrites = Record<string, { at: number; session?: SessionMark }>;

export const OVERWRITE_WINDOW_MS = 5_000;

const CAUSES: ReadonlySet<string> = new Set<CookieCause>(['explicit', 'expired', 'overwrite', 'evicted', 'expired_overwrite']);

/** The session mark of an id (or nothing), computed where the id is known and nowhere else. */
export async function sessionMark(id: string | undefined): Promise<SessionMark | undefined> {
  return id === undefined ? undefined : { key: await sessionKey(id), hint: sessionIdHint(id) };
}

/** Step 1: undefined for cookies other than sid and idx. */
export async function observeCookieChange(info: CookieChangeInfo): Promise<ObservedCookieChange | undefined> {
  const { name, value, domain } = info.cookie;
  if (name !== 'sid' && name !== 'idx') return undefined;
  const raw = typeof value === 'string' ? value : '';
  const session = await sessionMark(name === 'sid' ? sessionIdFromSid(raw) : sessionIdFromIdx(raw));
  const store = storeKey(info.cookie.storeId);
  return {
    removed: info.removed === true,
    cause: CAUSES.has(info.cause) ? (info.cause as CookieCause) : 'explicit',
    name,
    host: String(domain).toLowerCase().replace(/^\./, ''),
    path: info.cookie.path ?? '/',
    ...(store ? { store } : {}),
    ...(session ? { session } : {}),
  };
}

const keyOf = (c: ObservedCookieChange): string => `${c.store ?? ''}|${c.host}|${c.path}|${c.name}`;

function withoutStale(pending: PendingOverwrites, at: number): PendingOverwrites {
  const out: PendingOverwrites = {};
  for (const [k, v] of Object.entries(pending)) if (at - v.at <= OVERWRITE_WINDOW_MS && v.at <= at) out[k] = v;
  return out;
}

/**
 * Step 2: one observed change -> an event, or none (an unconfigured host, the first half of an overwrite).
 * Returns the new pending map; the input is not modified.
 */
export function cookieChangeEvent(
  pending: PendingOverwrites,
  change: ObservedCookieChange,
  orgs: readonly TimelineOrg[],
  at: number,
): { pending: PendingOverwrites; event?: CookieEvent } {
  const next = withoutStale(pending, at);
  const org = orgForHostname(change.host, orgs);
  if (!org) return { pending: next };
  const key = keyOf(change);
  const base = {
    kind: 'cookie' as const,
    at: Math.round(at),
    org: org.origin,
    host: change.host,
    cookie: change.name,
    ...(change.store ? { store: change.store } : {}),
  };
  const session = change.session ? { session: { key: change.session.key, hint: change.session.hint } } : {};

  if (change.removed && change.cause === 'overwrite') {
    next[key] = change.session ? { at, session: change.session } : { at };
    return { pending: next };
  }
  if (change.removed) return { pending: next, event: { ...base, change: 'removed', cause: change.cause, ...session } };
  const held = next[key];
  if (held) {
    delete next[key];
    const previous = held.session ? { previous: { key: held.session.key, hint: held.session.hint } } : {};
    return { pending: next, event: { ...base, change: 'replaced', cause: 'overwrite', ...session, ...previous } };
  }
  return { pending: next, event: { ...base, change: 'set', cause: change.cause, ...session } };
}

/** Both steps, for a listener: `await cookieChangeToEvent(pending, info, orgs, Date.now())`. */
export async function cookieChangeToEvent(
  pending: PendingOverwrites,
  info: CookieChangeInfo,
  orgs: readonly TimelineOrg[],
  at: number,
): Promise<{ pending: PendingOverwrites; event?: CookieEvent }> {
  const observed = await observeCookieChange(info);
  return observed ? cookieChangeEvent(pending, observed, orgs, at) : { pending: withoutStale(pending, at) };
}
