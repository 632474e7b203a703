// Okta's 429 policy, as its own SDKs apply it: wait until X-Rate-Limit-Reset (epoch seconds, Okta's clock)
// measured against the reply's Date header (Okta's clock too, so our clock's skew cancels out), plus one
// second for sub-second rounding. Pure: the client supplies the headers, the clock and the retry count.

/** The one method of Headers this needs, so tests can pass a plain object. */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * A header that may have arrived more than once: fetch joins duplicates with ", ". Every value must be a
 * non-negative integer and the smallest wins; any other value makes the whole header unusable (undefined).
 */
export function parseEpochSecondsHeader(value: string | null): number | undefined {
  if (value === null) return undefined;
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => !/^\d{1,15}$/.test(part))) return undefined;
  return Math.min(...parts.map(Number));
}

// IMF-fixdate, the form HTTP servers send ("Sun, 06 Nov 1994 08:49:37 GMT"). It contains a comma itself, so
// duplicated Date headers are found by pattern rather than by splitting on commas.
const HTTP_DATE = /[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT/g;

/** Epoch ms of a Date header; with several, the earliest (the longer, safer wait); undefined if none parse. */
export function parseDateHeader(value: string | null): number | undefined {
  if (value === null) return undefined;
  const times = (value.match(HTTP_DATE) ?? []).map((text) => Date.parse(text)).filter(Number.isFinite);
  if (times.length === 0) return undefined;
  return Math.min(...times);
}

export interface RetryWait {
  /** How long to wait before retrying, in ms (never negative). */
  waitMs: number;
  /** When the limit resets by the local clock, in epoch ms: what the UI shows. */
  retryAt: number;
}

/**
 * The wait a 429 reply asks for: `X-Rate-Limit-Reset - Date + 1 s`, with the local clock standing in for a
 * missing or unreadable Date. Undefined when the reset header is missing or unusable: then nobody knows
 * when to retry, and the caller should not guess.
 */
export function retryWaitFor429(headers: HeaderSource, nowMs: number): RetryWait | undefined {
  const resetSeconds = parseEpochSecondsHeader(headers.get('x-rate-limit-reset'));
  if (resetSeconds === undefined) return undefined;
  const serverNowMs = parseDateHeader(headers.get('date')) ?? nowMs;
  const waitMs = Math.max(0, resetSeconds * 1000 - serverNowMs + 1000);
  return { waitMs, retryAt: nowMs + waitMs };
}

export type RateLimitDecision =
  | { action: 'retry'; waitMs: number; retryAt: number }
  | {
      action: 'give-up';
      /** Undefined when the reply did not say when the limit resets. */
      retryAt: number | undefined;
      reason: 'retries-exhausted' | 'wait-too-long' | 'no-reset-time';
    };

export interface RateLimitPolicy {
  /** Retries allowed in all (Okta's SDKs: 2). */
  maxRetries: number;
  /** A longer wait is not slept through: the caller is told when to come back instead. */
  maxRetryWaitMs: number;
}

/** What to do about a 429, given how many retries this request has already made. */
export function decideOn429(
  headers: HeaderSource,
  retriesDone: number,
  policy: RateLimitPolicy,
  nowMs: number,
): RateLimitDecision {
  const wait = retryWaitFor429(headers, nowMs);
  if (!wait) return { action: 'give-up', retryAt: undefined, reason: 'no-reset-time' };
  if (retriesDone >= policy.maxRetries) return { action: 'give-up', retryAt: wait.retryAt, reason: 'retries-exhausted' };
  if (wait.waitMs > policy.maxRetryWaitMs) return { action: 'give-up', retryAt: wait.retryAt, reason: 'wait-too-long' };
  return { action: 'retry', waitMs: wait.waitMs, retryAt: wait.retryAt };
}
