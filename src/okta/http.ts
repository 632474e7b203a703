// One HTTP exchange with an org, made the same way by the Sessions client and the token client: no cookies (but
// for the /me calls, authenticated by the browser's session cookie alone), no cache, redirects not followed (a
// credential must not follow one elsewhere), and the body read under the same timeout as the headers, so a reply
// that stalls half-way is a timeout too. Failures are OktaErrors in plain words.
import { OktaError } from './errors';

export interface Reply {
  status: number;
  headers: Headers;
  /** Empty for a redirect, whose body is not read. */
  text: string;
  /** A redirect that was not followed (a browser reports it as an opaque redirect with status 0). */
  redirect: boolean;
}

export interface ExchangeOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** The org's origin, named in the messages. */
  origin: string;
  /** What the timeout message adds after the wait, e.g. ' while signing in'. */
  during?: string;
  /** The error for no reply at all; `reason` is the fetch error's own words (never request headers). */
  unreachable(reason: string, cause: unknown): OktaError;
}

export function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s === 1 ? '1 second' : `${s} seconds`;
}

/** Plain reason for a failed fetch (e.g. ECONNREFUSED, a certificate error); never includes request headers. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const source = (cause ?? error) as { code?: unknown; message?: unknown } | null;
  const code = typeof source?.code === 'string' ? source.code : undefined;
  const message = typeof source?.message === 'string' ? source.message : undefined;
  return (code && message && !message.includes(code) ? `${code}: ${message}` : (message ?? code)) ?? 'no details';
}

/** The reply body as JSON, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function exchange(
  o: ExchangeOptions,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | undefined; credentials?: RequestCredentials },
): Promise<Reply> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const or = (error: OktaError) =>
    timedOut ? new OktaError('timeout', `Okta did not answer within ${seconds(o.timeoutMs)}${o.during ?? ''} (${o.origin}). Try again.`) : error;
  try {
    let response: Response;
    try {
      response = await o.fetch(url, { credentials: 'omit', ...init, cache: 'no-store', redirect: 'manual', signal: controller.signal });
    } catch (error) {
      throw or(o.unreachable(networkReason(error), error));
    }
    const reply = { status: response.status, headers: response.headers, text: '', redirect: false };
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      void response.body?.cancel().catch(() => {});
      return { ...reply, redirect: true };
    }
    try {
      return { ...reply, text: await response.text() };
    } catch (error) {
      throw or(
        new OktaError('network', `The connection to ${o.origin} broke while reading Okta's reply (${networkReason(error)}).`, { cause: error }),
      );
    }
  } finally {
    clearTimeout(timer);
  }
}
