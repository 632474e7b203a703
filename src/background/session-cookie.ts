// Which Okta session the browser holds for an origin: the Classic `sid` cookie, else the OIE `idx` cookie's
// derived `xsid`. Cookie values are secrets: they leave this module only as validated session ids, which are
// secrets too (a Classic id IS the sid value), so each comes with the hint and key that pages may see instead.
import { sessionIdFromIdx, sessionIdFromSid, sessionIdHint, sessionKey } from '../okta/session-id';
import type { SessionSource } from '../shared/protocol';
import type { CookieReader } from './deps';
import { WorkerError } from './worker-error';

export interface SessionRef {
  /** Worker only: goes into the request path and nowhere else. */
  id: string;
  /** `sessionKey(id)`: what pages send back to name this session. */
  key: string;
  /** `sessionIdHint(id)`: what pages show. */
  hint: string;
  source: SessionSource;
}

/**
 * The session id the browser holds for `url` in a cookie store (absent: the main one), or null when neither
 * cookie yields a valid one.
 */
export async function readSessionRef(cookies: CookieReader, url: string, storeId?: string): Promise<SessionRef | null> {
  const sid = sessionIdFromSid((await readCookie(cookies, url, 'sid', storeId)) ?? '');
  if (sid) return sessionRef(sid, 'sid');
  const idx = sessionIdFromIdx((await readCookie(cookies, url, 'idx', storeId)) ?? '');
  if (idx) return sessionRef(idx, 'idx');
  return null;
}

async function sessionRef(id: string, source: SessionSource): Promise<SessionRef> {
  return { id, key: await sessionKey(id), hint: sessionIdHint(id), source };
}

async function readCookie(cookies: CookieReader, url: string, name: string, storeId: string | undefined): Promise<string | undefined> {
  let cookie: { value: string } | null;
  try {
    cookie = await cookies.get(storeId === undefined ? { url, name } : { url, name, storeId });
  } catch {
    // The browser refuses cookie access for hosts the extension has no permission for (a custom domain the
    // user has not granted yet).
    throw new WorkerError(
      'permission',
      `The browser has not given this extension access to ${new URL(url).host}. Grant it on the options page, then try again.`,
    );
  }
  return typeof cookie?.value === 'string' && cookie.value !== '' ? cookie.value : undefined;
}
