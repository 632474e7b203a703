// Session ids come from cookies, i.e. from whatever a page managed to set: they are validated before they go
// into a request path, and encoded anyway. Cookie values are bearer secrets, so no message here quotes one.
import { OktaError } from './errors';

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
  if (!segment || segment.length > MAX_HEADER_SEGMENT || !/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  if (segment.length % 4 === 1) return undefined; // no base64 text has this length
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (segment.length % 4)) % 4);
  try {
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
  if (typeof cookieValue !== 'string') return undefined;
  const segments = cookieValue.trim().split('.');
  // A compact JWE has five segments (the second is empty when the key is direct); anything else is not one.
  if (segments.length !== 5) return undefined;
  const headerSegment = segments[0] ?? '';
  const text = base64UrlToText(headerSegment);
  if (text === undefined) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined;
  const xsid: unknown = (header as Record<string, unknown>).xsid;
  return isValidSessionId(xsid) ? xsid : undefined;
}
