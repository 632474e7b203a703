// The browser events the timeline records, registered synchronously when the worker starts (an event that
// starts a stopped worker is delivered only to listeners added in its first turn). webRequest is observe-only
// (never 'blocking'). The form body, the request headers and the response headers are asked for, and reduced
// to flow facts (timeline/flow-facts.ts) right here, before anything is queued or stored: a body becomes
// allow-listed OAuth fields and presence flags, the Cookie header the names of Okta's cookies, the response
// headers the few Okta signals. The URL is redacted in the first step of the mapper.
import type Browser from 'webextension-polyfill';
import type { WorkerDeps } from './deps';
import type { CookieChangeInfo } from './timeline/cookie-events';
import { formPairs, oauthFacts, rawFormPairs, requestHeaderFacts, type HeaderLike } from './timeline/flow-facts';
import type { WebRequestDetails } from './timeline/request-events';
import { isSessionCookieChange, recordCookieChange, recordRequest, TIMELINE_URL_PATTERNS, type RequestPhase } from './timeline-recorder';

/** The named fields the mappers read, copied one by one, whatever else the browser puts in the details. */
export function requestDetails(d: Record<string, unknown>): WebRequestDetails {
  const text = (k: string): string | undefined => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  const out: WebRequestDetails = {
    requestId: String(d.requestId),
    url: text('url') ?? '',
    method: text('method') ?? 'GET',
    timeStamp: typeof d.timeStamp === 'number' ? d.timeStamp : Date.now(),
  };
  for (const k of ['type', 'initiator', 'originUrl', 'documentUrl', 'redirectUrl', 'error', 'cookieStoreId'] as const) {
    const v = text(k);
    if (v !== undefined) out[k] = v;
  }
  if (typeof d.statusCode === 'number') out.statusCode = d.statusCode;
  if (typeof d.tabId === 'number') out.tabId = d.tabId;
  const body = d.requestBody as { formData?: unknown; raw?: unknown } | undefined;
  if (body && typeof body === 'object') {
    const pairs = body.formData !== undefined ? formPairs(body.formData) : rawFormPairs(body.raw);
    const facts = oauthFacts(pairs);
    if (facts) out.bodyFacts = facts;
  }
  if (Array.isArray(d.requestHeaders)) out.sentFacts = requestHeaderFacts(headerList(d.requestHeaders));
  if (Array.isArray(d.responseHeaders)) {
    out.responseHeaders = headerList(d.responseHeaders).filter((h) => RESPONSE_HEADERS.has(h.name.toLowerCase()));
  }
  return out;
}

/** The only response headers kept past the listener: none of them carries a secret. */
const RESPONSE_HEADERS = new Set([
  'x-okta-request-id',
  'x-rate-limit-limit',
  'x-rate-limit-remaining',
  'x-rate-limit-reset',
  'www-authenticate',
  'access-control-allow-origin',
]);

function headerList(raw: unknown[]): HeaderLike[] {
  return raw.flatMap((h) => {
    const r = h as { name?: unknown; value?: unknown };
    return typeof r.name === 'string' ? [{ name: r.name, ...(typeof r.value === 'string' ? { value: r.value } : {}) }] : [];
  });
}

/**
 * addListener with 'extraHeaders' where the browser knows it (Chrome lists Cookie and Origin only then), and
 * without it where it does not (Firefox rejects the unknown value and lists every header anyway).
 */
function addWithExtra(event: { addListener(cb: (d: unknown) => void, filter: { urls: string[] }, spec: string[]): void }, cb: (d: unknown) => void, filter: { urls: string[] }, spec: string[]): void {
  try {
    event.addListener(cb, filter, [...spec, 'extraHeaders']);
  } catch {
    event.addListener(cb, filter, spec);
  }
}

/** A failure to record is dropped: the timeline must never disturb the browser or the rest of the worker. */
const quietly = (p: Promise<unknown>): void => void p.catch(() => undefined);

export function listenForTimeline(api: Browser.Browser, deps: () => WorkerDeps): void {
  api.cookies.onChanged.addListener((info) => {
    if (!isSessionCookieChange(info)) return;
    quietly(recordCookieChange(deps(), info as CookieChangeInfo, Date.now()));
  });

  const filter = { urls: [...TIMELINE_URL_PATTERNS] };
  const on = (phase: RequestPhase) => (details: unknown) => {
    quietly(recordRequest(deps(), phase, requestDetails(details as Record<string, unknown>)));
  };
  const wr = api.webRequest as unknown as Record<string, { addListener(cb: (d: unknown) => void, filter: { urls: string[] }, spec?: string[]): void }>;
  wr.onBeforeRequest!.addListener(on('start'), filter, ['requestBody']);
  addWithExtra(wr.onSendHeaders!, on('headers'), filter, ['requestHeaders']);
  wr.onBeforeRedirect!.addListener(on('redirect'), filter, ['responseHeaders']);
  wr.onCompleted!.addListener(on('end'), filter, ['responseHeaders']);
  wr.onErrorOccurred!.addListener(on('end'), filter);
}
