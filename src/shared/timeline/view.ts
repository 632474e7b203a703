// How the timeline reads: events grouped by session for the popup, and one line of words per event (used by
// the popup and by the text export). Pure; built only from event fields.
import type { CookieCause, CookieEvent, SessionMark, TimelineEvent } from './schema';

export interface SessionGroup {
  /** Stable key: org and session key ('' for no session). */
  key: string;
  org: string;
  /** null: events recorded while the browser held no (valid) session cookie for the host. */
  session: SessionMark | null;
  /** The cookie that named this session, when a cookie event did. */
  cookie?: 'sid' | 'idx';
  /** The cookie store its cookie and request events happened in, when not the main one (schema.ts `store`). */
  store?: string;
  newestAt: number;
  oldestAt: number;
  /** A removal, a replacement by another session or a successful revoke is the newest thing seen of it. */
  ended: boolean;
  /** Newest first. */
  events: TimelineEvent[];
}

/**
 * A session is its own group whichever store its events came from (the extension's own calls name no store).
 * Events with no session are grouped per store: a private window's sign-in page is not the main window's.
 */
const groupKey = (org: string, session: SessionMark | undefined, store?: string): string =>
  `${org} ${session?.key ?? `~${store ?? ''}`}`;

const storeOf = (e: TimelineEvent): string | undefined => (e.kind === 'api' ? undefined : e.store);

/**
 * Groups newest first: each group ordered by its newest event, its events newest first. The popup marks the
 * group whose `session.key` is its session view's `key` as the current session.
 */
export function groupBySession(events: readonly TimelineEvent[]): SessionGroup[] {
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => b.e.at - a.e.at || b.i - a.i);
  const groups = new Map<string, SessionGroup>();
  const started = new Map<string, number>();
  const ended = new Map<string, number>();
  const mark = (map: Map<string, number>, key: string, at: number) => map.set(key, Math.max(map.get(key) ?? -Infinity, at));

  for (const { e } of ordered) {
    const key = groupKey(e.org, e.session, storeOf(e));
    let g = groups.get(key);
    if (!g) {
      g = { key, org: e.org, session: e.session ?? null, newestAt: e.at, oldestAt: e.at, ended: false, events: [] };
      groups.set(key, g);
    }
    g.store ??= storeOf(e);
    g.events.push(e);
    g.oldestAt = e.at;
    if (e.kind === 'cookie') {
      g.cookie ??= e.cookie;
      if (e.session) mark(e.change === 'removed' ? ended : started, key, e.at);
      if (e.change === 'replaced' && e.previous && e.previous.key !== e.session?.key) {
        mark(ended, groupKey(e.org, e.previous), e.at);
      }
    }
    if (e.kind === 'api' && e.action === 'revoke' && e.session && e.status !== undefined && e.status >= 200 && e.status < 300) {
      mark(ended, key, e.at);
    }
  }
  for (const g of groups.values()) {
    const end = ended.get(g.key);
    g.ended = g.session !== null && end !== undefined && end >= (started.get(g.key) ?? -Infinity);
  }
  return [...groups.values()];
}

/**
 * Where a store's events happened, in words (Firefox names its stores; Chrome's incognito store is '1').
 * Undefined for the main store.
 */
export function storeWords(store: string | undefined): string | undefined {
  if (store === undefined) return undefined;
  if (store === 'firefox-private') return 'in a private window';
  if (store.startsWith('firefox-container-')) return `in a container tab (${store})`;
  if (store === '1') return 'in an incognito window';
  return `in cookie store ${store}`;
}

/** The browser's removal causes in plain words. */
export const REMOVAL_WORDS: Readonly<Record<CookieCause, string>> = {
  explicit: 'removed',
  expired: 'removed: it expired',
  evicted: 'removed: the browser evicted it',
  expired_overwrite: 'removed: the site cleared it',
  overwrite: 'replaced',
};

export const API_ACTION_WORDS = {
  inspect: 'Inspect session',
  refresh: 'Refresh session',
  revoke: 'Revoke session',
  create: 'Create session',
} as const;

function cookieWords(e: CookieEvent): string {
  const what = e.change === 'removed' ? REMOVAL_WORDS[e.cause] : e.change;
  const session = e.session ? `session ${e.session.hint}` : 'no valid session id';
  const was = e.change === 'replaced' && e.previous ? ` (was ${e.previous.hint})` : '';
  return `${e.cookie} cookie ${what}: ${session}${was}`;
}

const outcome = (status: number | undefined, durationMs: number | undefined): string =>
  [status !== undefined ? `→ ${status}` : '', durationMs !== undefined ? `${durationMs} ms` : ''].filter(Boolean).join(', ');

/** One line describing an event, without its time and org, e.g. `POST /api/v1/authn → 200, 45 ms`. */
export function describeEvent(e: TimelineEvent): string {
  switch (e.kind) {
    case 'cookie':
      return cookieWords(e);
    case 'request': {
      const query = e.params.length ? `?${e.params.join('&')}` : '';
      const end = e.error !== undefined ? `failed: ${e.error}` : outcome(e.status, e.durationMs);
      return [`${e.method} ${e.path}${query}`, end].filter(Boolean).join(' ');
    }
    case 'api': {
      const err = [e.errorCode, e.error].filter(Boolean).join(' ');
      return [`${API_ACTION_WORDS[e.action]}: ${e.method} ${e.path}`, outcome(e.status, e.durationMs), err ? `(${err})` : '']
        .filter(Boolean)
        .join(' ');
    }
  }
}

/** How a session's group ended: when, how, and (replaced) by which session. */
export interface SessionEnd {
  at: number;
  how: 'removed' | 'replaced' | 'revoked';
  /** replaced: the session that took its place. */
  by?: SessionMark;
}

/**
 * The newest event that ended a group's session, looked for in all events (a replacement is recorded in the new
 * session's group). Undefined for a group that has not ended or has no session.
 */
export function sessionEnd(group: SessionGroup, events: readonly TimelineEvent[]): SessionEnd | undefined {
  const key = group.session?.key;
  if (!group.ended || key === undefined) return undefined;
  let end: SessionEnd | undefined;
  for (const e of events) {
    if (e.org !== group.org || (end && e.at < end.at)) continue;
    if (e.kind === 'cookie' && e.change === 'removed' && e.session?.key === key) end = { at: e.at, how: 'removed' };
    else if (e.kind === 'cookie' && e.change === 'replaced' && e.previous?.key === key && e.session && e.session.key !== key) {
      end = { at: e.at, how: 'replaced', by: e.session };
    } else if (e.kind === 'api' && e.action === 'revoke' && e.session?.key === key && e.status !== undefined && e.status >= 200 && e.status < 300) {
      end = { at: e.at, how: 'revoked' };
    }
  }
  return end;
}
