import { describe, expect, it } from 'vitest';
import { decideOn429, parseDateHeader, parseEpochSecondsHeader, retryWaitFor429 } from './rate-limit';

const headers = (values: Record<string, string>) => new Headers(values);
const policy = { maxRetries: 2, maxRetryWaitMs: 5_000 };

// Okta's clock says 2024-01-01T00:00:00Z; ours runs 7 minutes fast, which the Date header must cancel out.
const OKTA_NOW_S = Date.UTC(2024, 0, 1) / 1000;
const OKTA_DATE = new Date(OKTA_NOW_S * 1000).toUTCString();
const OUR_NOW = OKTA_NOW_S * 1000 + 7 * 60_000;

describe('parseEpochSecondsHeader', () => {
  it('reads one value', () => expect(parseEpochSecondsHeader('1700000000')).toBe(1700000000));
  it('takes the smallest of duplicated values', () =>
    expect(parseEpochSecondsHeader('1700000060, 1700000003,1700000030')).toBe(1700000003));
  it.each([null, '', ' ', 'soon', '1700000000.5', '-5', '1700000000, later', '1700000000,', '0x10', '1e9'])(
    'gives undefined for %j',
    (value) => expect(parseEpochSecondsHeader(value)).toBeUndefined(),
  );
});

describe('parseDateHeader', () => {
  it('reads an IMF-fixdate', () =>
    expect(parseDateHeader('Mon, 01 Jan 2024 00:00:00 GMT')).toBe(Date.UTC(2024, 0, 1)));
  it('takes the earliest of duplicated Date headers (which contain commas themselves)', () =>
    expect(parseDateHeader('Mon, 01 Jan 2024 00:00:05 GMT, Mon, 01 Jan 2024 00:00:02 GMT')).toBe(
      Date.UTC(2024, 0, 1, 0, 0, 2),
    ));
  it.each([null, '', 'yesterday', '2024-01-01T00:00:00Z'])('gives undefined for %j', (value) =>
    expect(parseDateHeader(value)).toBeUndefined(),
  );
});

describe('retryWaitFor429', () => {
  it('waits reset - Date + 1 s, by Okta clock, and reports retryAt by ours', () => {
    const wait = retryWaitFor429(
      headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 3), Date: OKTA_DATE }),
      OUR_NOW,
    );
    expect(wait).toEqual({ waitMs: 4_000, retryAt: OUR_NOW + 4_000 });
  });

  it('falls back to the local clock when Date is missing', () => {
    const now = OKTA_NOW_S * 1000 + 500;
    expect(retryWaitFor429(headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 2) }), now)).toEqual({
      waitMs: 2_500,
      retryAt: now + 2_500,
    });
  });

  it('falls back to the local clock when Date is unreadable', () => {
    const now = OKTA_NOW_S * 1000;
    expect(retryWaitFor429(headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 2), Date: 'soon' }), now)?.waitMs).toBe(
      3_000,
    );
  });

  it('uses the smallest of duplicated reset values', () => {
    const wait = retryWaitFor429(
      headers({ 'X-Rate-Limit-Reset': `${OKTA_NOW_S + 60}, ${OKTA_NOW_S + 1}`, Date: OKTA_DATE }),
      OUR_NOW,
    );
    expect(wait?.waitMs).toBe(2_000);
  });

  it('never waits a negative time when the reset is already past', () => {
    const wait = retryWaitFor429(headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S - 30), Date: OKTA_DATE }), OUR_NOW);
    expect(wait).toEqual({ waitMs: 0, retryAt: OUR_NOW });
  });

  it('gives undefined with no usable reset header', () => {
    expect(retryWaitFor429(headers({ Date: OKTA_DATE }), OUR_NOW)).toBeUndefined();
    expect(retryWaitFor429(headers({ 'X-Rate-Limit-Reset': `${OKTA_NOW_S}, soon` }), OUR_NOW)).toBeUndefined();
  });

  it('reads headers case-insensitively through Headers, and from any get()', () => {
    const plain = { get: (name: string) => (name === 'x-rate-limit-reset' ? String(OKTA_NOW_S + 1) : null) };
    expect(retryWaitFor429(plain, OKTA_NOW_S * 1000)?.waitMs).toBe(2_000);
  });
});

describe('decideOn429', () => {
  const h = headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 1), Date: OKTA_DATE });

  it('retries while retries remain and the wait is short', () => {
    expect(decideOn429(h, 0, policy, OUR_NOW)).toEqual({ action: 'retry', waitMs: 2_000, retryAt: OUR_NOW + 2_000 });
    expect(decideOn429(h, 1, policy, OUR_NOW).action).toBe('retry');
  });

  it('gives up after maxRetries retries, saying when the limit resets', () => {
    expect(decideOn429(h, 2, policy, OUR_NOW)).toEqual({
      action: 'give-up',
      retryAt: OUR_NOW + 2_000,
      reason: 'retries-exhausted',
    });
    expect(decideOn429(h, 0, { ...policy, maxRetries: 0 }, OUR_NOW).action).toBe('give-up');
  });

  it('gives up at once when the wait is longer than allowed', () => {
    const long = headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 60), Date: OKTA_DATE });
    expect(decideOn429(long, 0, policy, OUR_NOW)).toEqual({
      action: 'give-up',
      retryAt: OUR_NOW + 61_000,
      reason: 'wait-too-long',
    });
  });

  it('allows a wait of exactly maxRetryWaitMs', () => {
    const edge = headers({ 'X-Rate-Limit-Reset': String(OKTA_NOW_S + 4), Date: OKTA_DATE });
    expect(decideOn429(edge, 0, policy, OUR_NOW)).toMatchObject({ action: 'retry', waitMs: 5_000 });
  });

  it('does not retry when the reset time is unknown', () => {
    expect(decideOn429(headers({ 'X-Rate-Limit-Reset': 'x' }), 0, policy, OUR_NOW)).toEqual({
      action: 'give-up',
      retryAt: undefined,
      reason: 'no-reset-time',
    });
  });
});
