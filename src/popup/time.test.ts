import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatCountdown,
  formatExpiry,
  formatRateLimitReset,
  formatSpan,
  formatWhen,
  msToNextSecond,
  parseTime,
} from './time';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
// A fixed local time, so the clock strings do not depend on the machine's time zone.
const now = new Date(2026, 2, 14, 14, 1, 30).getTime();

describe('parseTime', () => {
  it('reads ISO date-times and rejects the rest', () => {
    expect(parseTime('2021-10-07T18:22:07.000Z')).toBe(Date.UTC(2021, 9, 7, 18, 22, 7));
    expect(parseTime('not a date')).toBeUndefined();
    expect(parseTime('')).toBeUndefined();
    expect(parseTime(null)).toBeUndefined();
    expect(parseTime(undefined)).toBeUndefined();
  });
});

describe('formatCountdown', () => {
  it('shows every unit from the largest present down to seconds', () => {
    expect(formatCountdown(1 * H + 52 * MIN + 10 * S)).toBe('1 h 52 min 10 s');
    expect(formatCountdown(2 * H)).toBe('2 h 0 min 0 s');
    expect(formatCountdown(4 * MIN)).toBe('4 min 0 s');
    expect(formatCountdown(9 * S)).toBe('9 s');
    expect(formatCountdown(26 * H + 5 * S)).toBe('1 d 2 h 0 min 5 s');
  });

  it('rounds a part second up, so it reaches 0 s only at the deadline', () => {
    expect(formatCountdown(9 * S + 1)).toBe('10 s');
    expect(formatCountdown(1)).toBe('1 s');
    expect(formatCountdown(0)).toBe('0 s');
    expect(formatCountdown(-5 * S)).toBe('0 s');
  });
});

describe('formatSpan and formatAge', () => {
  it('keeps the two largest units', () => {
    expect(formatSpan(40 * S)).toBe('40 s');
    expect(formatSpan(12 * MIN + 59 * S)).toBe('12 min');
    expect(formatSpan(3 * H + 5 * MIN + 20 * S)).toBe('3 h 5 min');
    expect(formatSpan(3 * H + 20 * S)).toBe('3 h');
    expect(formatSpan(2 * 24 * H + 4 * H + 30 * MIN)).toBe('2 d 4 h');
  });

  it('says how long ago, never for null, and copes with a clock behind Okta', () => {
    expect(formatAge(now - 12 * MIN, now)).toBe('12 min ago');
    expect(formatAge(now - 400, now)).toBe('just now');
    expect(formatAge(null, now)).toBe('never');
    expect(formatAge(undefined, now)).toBe('never');
    expect(formatAge(now + 3 * MIN, now)).toBe('in 3 min');
  });
});

describe('formatExpiry', () => {
  it('counts down while the session lives', () => {
    expect(formatExpiry(now + 1 * H + 52 * MIN + 10 * S, now)).toBe('expires in 1 h 52 min 10 s');
    expect(formatExpiry(now + 1, now)).toBe('expires in 1 s');
  });

  it('says how long ago it expired once the moment has passed', () => {
    expect(formatExpiry(now - 3 * MIN - 10 * S, now)).toBe('expired 3 min ago');
    expect(formatExpiry(now, now)).toBe('expired just now');
  });
});

describe('formatClock and formatWhen', () => {
  it('prints local 24-hour time with padded fields', () => {
    expect(formatClock(new Date(2026, 0, 2, 9, 5, 7).getTime())).toBe('09:05:07');
    expect(formatClock(new Date(2026, 0, 2, 23, 59, 59).getTime())).toBe('23:59:59');
  });

  it('adds the date only when it is not today', () => {
    expect(formatWhen(new Date(2026, 2, 14, 8, 0, 0).getTime(), now)).toBe('08:00:00');
    expect(formatWhen(new Date(2026, 2, 13, 23, 0, 0).getTime(), now)).toBe('2026-03-13 23:00:00');
  });
});

describe('formatRateLimitReset', () => {
  it('names the reset time and how long until it', () => {
    const retryAt = new Date(2026, 2, 14, 14, 2, 10).getTime();
    expect(formatRateLimitReset(retryAt, now)).toBe("Okta's rate limit resets at 14:02:10 (in 40 s)");
    expect(formatRateLimitReset(retryAt, now + 39_500)).toBe("Okta's rate limit resets at 14:02:10 (in 1 s)");
  });

  it('says the user can retry once it has passed', () => {
    const retryAt = now - 5 * S;
    expect(formatRateLimitReset(retryAt, now)).toBe("Okta's rate limit reset at 14:01:25: you can retry now.");
  });
});

describe('msToNextSecond', () => {
  it('waits until the next whole second, a full second when on one', () => {
    expect(msToNextSecond(now + 250)).toBe(750);
    expect(msToNextSecond(now)).toBe(1000);
    expect(msToNextSecond(now + 999)).toBe(1);
  });
});
