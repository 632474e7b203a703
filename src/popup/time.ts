// Every time the popup shows, as plain words. Pure functions of a timestamp and `now`, so tests pin the clock
// and the live countdown is just these functions called again each second.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Epoch ms of an ISO date-time, or undefined when it is missing or not a date. */
export function parseTime(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Every unit down to seconds, as a countdown reads: "1 h 52 min 10 s", "4 min 0 s", "9 s". */
export function formatCountdown(ms: number): string {
  let s = Math.max(0, Math.ceil(ms / SECOND));
  const parts: string[] = [];
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'min']];
  for (const [size, name] of units) {
    if (s >= size || parts.length) parts.push(`${Math.floor(s / size)} ${name}`);
    s %= size;
  }
  parts.push(`${s} s`);
  return parts.join(' ');
}

/** The two largest units, as an age reads: "40 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  const [big, bigName, small, smallName] = abs < DAY ? [HOUR, 'h', MINUTE, 'min'] : [DAY, 'd', HOUR, 'h'];
  const rest = Math.floor((abs % big) / small);
  return `${Math.floor(abs / big)} ${bigName}` + (rest ? ` ${rest} ${smallName}` : '');
}

/** "12 min ago", "just now", "in 3 min" (a clock slightly ahead of Okta's), or "never" for null. */
export function formatAge(at: number | null | undefined, now: number): string {
  if (at === null || at === undefined) return 'never';
  const diff = now - at;
  if (Math.abs(diff) < SECOND) return 'just now';
  return diff > 0 ? `${formatSpan(diff)} ago` : `in ${formatSpan(diff)}`;
}

/** "expires in 1 h 52 min 10 s" while the session lives, "expired 3 min ago" after. */
export function formatExpiry(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  return left > 0 ? `expires in ${formatCountdown(left)}` : `expired ${formatAge(expiresAt, now)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, 24-hour: "14:02:10". */
export function formatClock(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The clock alone for today, else the local date before it: "14:02:10", "2026-03-01 14:02:10". */
export function formatWhen(at: number, now: number): string {
  const d = new Date(at);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return new Date(now).toDateString() === d.toDateString() ? formatClock(at) : `${date} ${formatClock(at)}`;
}

/** "Okta's rate limit resets at 14:02:10 (in 40 s)", or that it has reset once the time has passed. */
export function formatRateLimitReset(retryAt: number, now: number): string {
  const left = retryAt - now;
  return left > 0
    ? `Okta's rate limit resets at ${formatClock(retryAt)} (in ${formatSpan(Math.ceil(left / SECOND) * SECOND)})`
    : `Okta's rate limit reset at ${formatClock(retryAt)}: you can retry now.`;
}

/** Milliseconds until the wall clock next turns a whole second, so ticks land as the digits change. */
export function msToNextSecond(now: number): number {
  return SECOND - (((now % SECOND) + SECOND) % SECOND);
}
