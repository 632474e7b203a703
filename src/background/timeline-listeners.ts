// The browser events the timeline records, registered synchronously when the worker starts (an event that
// starts a stopped worker is delivered only to listeners added in its first turn). webRequest is observe-only:
// no extraInfoSpec, so no header or body ever reaches the extension; the URL is redacted in the first step.
import type Browser from 'webextension-polyfill';
import type { WorkerDeps } from './deps';
import type { CookieChangeInfo } from './timeline/cookie-events';
import type { WebRequestDetails } from './timeline/request-events';
import { isSessionCookieChange, recordCookieChange, recordRequest, TIMELINE_URL_PATTERNS, type RequestPhase } from './timeline-recorder';

/** The named fields the mappers read, copied one by one, whatever else the browser puts in the details. */
function requestDetails(d: Record<string, unknown>): WebRequestDetails {
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
  return out;
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
  api.webRequest.onBeforeRequest.addListener(on('start'), filter);
  api.webRequest.onBeforeRedirect.addListener(on('redirect'), filter);
  api.webRequest.onCompleted.addListener(on('end'), filter);
  api.webRequest.onErrorOccurred.addListener(on('end'), filter);
}
