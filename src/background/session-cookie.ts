// Which Okta session the browser holds for an origin: the Classic `sid` cookie, else the OIE `idx` cookie's
// derived `xsid`. Cookie values are secrets: they leave this module only as validated session ids.
import { sessionIdFromIdx, sessionIdFromSid } from '../okta/session-id';
import type { SessionSource } from '../shared/protocol';
import type { CookieReader } from './deps';
import { WorkerError } from './worker-error';

export interface SessionRef {
  id: string;
  source: SessionSource;
}

/** The session id the browser holds for `url`, or null when neither cookie yields a valid one. */
export async function readSessionRef(cookies: CookieReader, url: string): Promise<SessionRef | null> {
  const sid = sessionIdFromSid((await readCookie(cookies, url, 'sid')) ?? '');
  if (sid) return { id: sid, source: 'sid' };
  const idx = sessionIdFromIdx((await readCookie(cookies, url, 'idx')) ?? '');
  if (idx) return { id: idx, source: 'idx' };
  return null;
}

async function readCookie(cookies: CookieReader, url: string, name: string): Promise<string | undefined> {
  let cookie: { value: string } | null;
  try {
    cookie = await cookies.get({ url, name });
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
