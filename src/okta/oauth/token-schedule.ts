// When to renew an access token. Pure, so the worker can set an alarm from it and tests need no clock.
import { challengeError } from './www-authenticate';

/** Renew this long before expiry, so a request in flight never carries a token that lapses on the way. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

export interface TokenTimes {
  obtainedAt: number;
  expiresAt: number;
}

/**
 * Epoch ms at which to renew: 60 s before expiry, or half-way through a lifetime shorter than two minutes (so a
 * short-lived token is not renewed the moment it arrives), and never earlier than `now`.
 */
export function renewalTime(t: TokenTimes, now: number): number {
  const lifetime = Math.max(0, t.expiresAt - t.obtainedAt);
  const lead = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetime / 2);
  return Math.max(now, Math.floor(t.expiresAt - lead));
}

/** True when the token should be renewed before it is used. */
export function isDueForRenewal(t: TokenTimes, now: number): boolean {
  return renewalTime(t, now) <= now;
}

export interface UnauthorizedReply {
  status: number;
  /** The reply's WWW-Authenticate header, if any. */
  wwwAuthenticate?: string | null;
  /** Okta's errorCode from the body, if read. */
  errorCode?: string;
}

/**
 * Whether a 401 should cost one renewal before the call is tried again: only for an invalid or expired token
 * (E0000011 / error="invalid_token"; a bare 401 counts as that), only with a refresh token, and only once per
 * call, so a token Okta keeps refusing does not loop. A nonce challenge or a bad DPoP proof is not a renewal.
 */
export function shouldRenewOn401(reply: UnauthorizedReply, state: { canRenew: boolean; renewedForThisCall: boolean }): boolean {
  if (reply.status !== 401 || !state.canRenew || state.renewedForThisCall) return false;
  if (reply.errorCode !== undefined && reply.errorCode !== 'E0000011') return false;
  const error = challengeError(reply.wwwAuthenticate ?? null);
  return error === undefined || error === 'invalid_token';
}
