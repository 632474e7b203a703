// Which browser events may change the session a live view (the side panel, an open popup) shows. Only these
// make it look again, so other cookies, other sites and other cookie stores cost nothing. Pure: the events
// arrive as `unknown` and are read field by field (a boundary, like a message).
// The cookie's value is never read here: whether the session really changed is the worker's call
// (session/cached answers only while the tab holds the session its cached view was made from).
import { storeKey } from './cookie-store';

/** What a live view watches: the host whose session cookies are the tab's, in the tab's cookie store. */
export interface Watched {
  /** Lower-case hostname; absent when the page may not see the tab's URL (then no cookie can be its session). */
  host?: string | undefined;
  /** The browser's id of the tab's store; absent: the main one. */
  storeId?: string | undefined;
}

export interface CookieChange {
  removed: boolean;
  cause: string;
  name: string;
  /** As the browser reports it: a leading dot for a domain cookie. */
  domain: string;
  storeId?: string;
}

const SESSION_COOKIES: ReadonlySet<string> = new Set(['sid', 'idx']);

/** cookies.onChanged's changeInfo, or undefined when it does not have the expected shape. */
export function parseCookieChange(raw: unknown): CookieChange | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { removed, cause, cookie } = raw as Record<string, unknown>;
  if (typeof removed !== 'boolean' || typeof cause !== 'string' || typeof cookie !== 'object' || cookie === null) return undefined;
  const { name, domain, storeId } = cookie as Record<string, unknown>;
  if (typeof name !== 'string' || typeof domain !== 'string') return undefined;
  return typeof storeId === 'string' ? { removed, cause, name, domain, storeId } : { removed, cause, name, domain };
}

/** True when `domain` (a cookie's) is sent to `host`: the host itself, or a parent domain of a domain cookie. */
export function cookieDomainMatches(domain: string, host: string): boolean {
  const d = domain.toLowerCase();
  const h = host.toLowerCase();
  if (!d.startsWith('.')) return d === h;
  const bare = d.slice(1);
  return bare !== '' && (h === bare || h.endsWith(d));
}

/**
 * True when the change may have set, replaced or removed the watched tab's session cookie. The first half of an
 * overwrite (removed, cause 'overwrite') is skipped: its set follows at once, so one replacement is one look.
 */
export function touchesSession(change: CookieChange, watched: Watched): boolean {
  if (!SESSION_COOKIES.has(change.name)) return false;
  if (change.removed && change.cause === 'overwrite') return false;
  if (watched.host === undefined || !cookieDomainMatches(change.domain, watched.host)) return false;
  return storeKey(change.storeId) === storeKey(watched.storeId);
}

/** The origin of a tab's URL as a page sees it: undefined when hidden (no host access) or not a web page. */
export function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}
