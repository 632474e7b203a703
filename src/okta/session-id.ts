// Session ids come from cookies, i.e. from whatever a page managed to set: they are validated before they go
// into a request path, and encoded anyway. Cookie values are bearer secrets, so no message here quotes one,
// and outside the worker a session is known only by its hint (to show) and its key (to name it in requests).
import { OktaError } from './errors';
import { base64urlFromBytes, textFromBase64url } from './oauth/base64url';

/** Okta session ids seen are 20-25 characters of base64url letters; this leaves room either side. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function isValidSessionId(raw: unknown): raw is string {
  return typeof raw === 'string' && raw !== 'me' && SESSION_ID_PATTERN.test(raw);
}

/** Returns the id unchanged when it is a plausible Okta session id; throws OktaError 'invalid_input' otherwise. */
export function validateSessionId(raw: string): string {
  if (!isValidSessionId(raw)) {
    throw new OktaError(
      'invalid_input',
      'That is not an Okta session id: an id is 16 to 64 letters, digits, "-" or "_".',
    );
  }
  return raw;
}

/** `/api/v1/sessions/<id>`: the only way a session id enters a URL. */
export function sessionPath(id: string): string {
  return `/api/v1/sessions/${encodeURIComponent(validateSessionId(id))}`;
}

/** An Okta Classic `sid` cookie's value is the session id itself (some clients wrap it in quotes). */
export function sessionIdFromSid(cookieValue: string): string | undefined {
  if (typeof cookieValue !== 'string') return undefined;
  let value = cookieValue.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return isValidSessionId(value) ? value : undefined;
}

const MAX_HEADER_SEGMENT = 8192;

function base64UrlToText(segment: string): string | undefined {
  if (!segment || segment.length > MAX_HEADER_SEGMENT) return undefined;
  try {
    return textFromBase64url(segment);
  } catch {
    return undefined;
  }
}

/**
 * Best effort, for Okta Identity Engine: the `idx` cookie is a JWE in compact form whose first segment, the
 * protected header, is readable base64url JSON; its `xsid` field appears to be the session id. This is not
 * documented by Okta, so callers should say the id was derived. Anything unexpected gives undefined.
 */
export function sessionIdFromIdx(cookieValue: string): string | undefined {
  const xsid = idxHeader(cookieValue)?.xsid;
  return isValidSessionId(xsid) ? xsid : undefined;
}

/** An Okta org id: `00o` and 17 more characters. */
const ORG_ID = /^00o[A-Za-z0-9]{17}$/;

/**
 * What the `idx` cookie's readable header says, for display: the derived session id and, when a header field
 * holds one, the org id (which field that is, is not documented either: any value shaped like an org id counts).
 */
export function idxHeaderFacts(cookieValue: string): { xsid?: string; orgId?: string } | undefined {
  const header = idxHeader(cookieValue);
  if (!header) return undefined;
  const facts: { xsid?: string; orgId?: string } = {};
  if (isValidSessionId(header.xsid)) facts.xsid = header.xsid;
  const orgId = Object.values(header).find((v): v is string => typeof v === 'string' && ORG_ID.test(v));
  if (orgId) facts.orgId = orgId;
  return facts;
}

function idxHeader(cookieValue: string): Record<string, unknown> | undefined {
  if (typeof cookieValue !== 'string') return undefined;
  const segments = cookieValue.trim().split('.');
  // A compact JWE has five segments (the second is empty when the key is direct); anything else is not one.
  if (segments.length !== 5) return undefined;
  const text = base64UrlToText(segments[0] ?? '');
  if (text === undefined) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
  return header as Record<string, unknown>;
}

/**
 * What may be shown of a session id: its first and last four characters. The id is the `sid` cookie's value
 * (and the key to the `idx` session), so whoever holds it is signed in as that user; eight characters of a
 * 20-25 character id leave far too many possibilities to guess. Ids shorter than 16 (never valid) show at most
 * their last four, and ids under eight nothing at all.
 */
export function sessionIdHint(id: string): string {
  if (id.length >= 16) return `${id.slice(0, 4)}…${id.slice(-4)}`;
  if (id.length >= 8) return `…${id.slice(-4)}`;
  return '…';
}

/** Domain separation: this hash is only ever a session handle, never comparable with another use of SHA-256. */
const SESSION_KEY_PREFIX = 'okta-session-inspector/session-key/v1\u0000';

/**
 * A stable handle for a session that the pages may hold and send back (refresh and revoke name the session the
 * user saw with it) without learning the id: base64url of the first 12 bytes of SHA-256(prefix + id). The same
 * id always gives the same key, across worker restarts too, so a cached view can be matched to the tab's session.
 */
export async function sessionKey(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(SESSION_KEY_PREFIX + id));
  return base64urlFromBytes(new Uint8Array(digest, 0, 12));
}
