import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDueForRenewal, renewalTime, RENEW_BEFORE_EXPIRY_MS, shouldRenewOn401 } from './token-schedule';

const HOUR = 3_600_000;

describe('renewalTime', () => {
  it('is 60 s before expiry for Okta’s one-hour tokens', () => {
    expect(renewalTime({ obtainedAt: 0, expiresAt: HOUR }, 0)).toBe(HOUR - RENEW_BEFORE_EXPIRY_MS);
    expect(isDueForRenewal({ obtainedAt: 0, expiresAt: HOUR }, HOUR - 60_001)).toBe(false);
    expect(isDueForRenewal({ obtainedAt: 0, expiresAt: HOUR }, HOUR - 60_000)).toBe(true);
  });

  it('is half-way through a lifetime under two minutes, not at once', () => {
    expect(renewalTime({ obtainedAt: 1000, expiresAt: 61_000 }, 1000)).toBe(31_000);
    expect(isDueForRenewal({ obtainedAt: 1000, expiresAt: 61_000 }, 1000)).toBe(false);
  });

  it('is now, never in the past, for an expired or nearly expired token', () => {
    expect(renewalTime({ obtainedAt: 0, expiresAt: HOUR }, 2 * HOUR)).toBe(2 * HOUR);
    expect(isDueForRenewal({ obtainedAt: 0, expiresAt: HOUR }, 2 * HOUR)).toBe(true);
  });

  it('is never before now nor after expiry (or now, when expired)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: -1e8, max: 1e8 }), (obtainedAt, lifetime, offset) => {
        const t = { obtainedAt, expiresAt: obtainedAt + lifetime };
        const now = obtainedAt + offset;
        const at = renewalTime(t, now);
        expect(at).toBeGreaterThanOrEqual(now);
        expect(at).toBeLessThanOrEqual(Math.max(now, t.expiresAt));
      }),
    );
  });
});

describe('shouldRenewOn401', () => {
  const fresh = { canRenew: true, renewedForThisCall: false };
  it('renews once for an invalid or expired token', () => {
    expect(shouldRenewOn401({ status: 401, errorCode: 'E0000011' }, fresh)).toBe(true);
    expect(shouldRenewOn401({ status: 401, wwwAuthenticate: 'Bearer realm="IdpError", error="invalid_token", error_description="x"' }, fresh)).toBe(true);
    expect(shouldRenewOn401({ status: 401 }, fresh)).toBe(true);
    expect(shouldRenewOn401({ status: 401, errorCode: 'E0000011' }, { canRenew: true, renewedForThisCall: true })).toBe(false);
  });

  it('does not renew without a refresh token, for other statuses, or for other failures', () => {
    expect(shouldRenewOn401({ status: 401, errorCode: 'E0000011' }, { canRenew: false, renewedForThisCall: false })).toBe(false);
    expect(shouldRenewOn401({ status: 403, errorCode: 'E0000006' }, fresh)).toBe(false);
    expect(shouldRenewOn401({ status: 401, errorCode: 'E0000004' }, fresh)).toBe(false);
    expect(shouldRenewOn401({ status: 401, wwwAuthenticate: 'DPoP error="use_dpop_nonce", error_description="x"' }, fresh)).toBe(false);
    expect(shouldRenewOn401({ status: 401, wwwAuthenticate: 'DPoP error="invalid_dpop_proof"' }, fresh)).toBe(false);
  });
});
