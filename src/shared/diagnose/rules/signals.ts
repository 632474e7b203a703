// Diagnoses 15-18 from statuses and headers: rate limit, blocked before Okta, an expired hosted page, a redirect loop.
import type { RequestEvent } from '../../timeline/schema';
import { OKTA } from '../okta-texts';
import type { Diagnosis } from '../types';
import { SIGN_IN_PAGE, isAuthorize, failed, app, make } from './common';

// ---- 15, 16, 17 ----

export function statusSignals(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
  if (e.status === 429) {
    const reset = e.signals?.rateLimit?.reset;
    return [
      make(
        {
          id: 'rate-limited',
          title: 'Rate limited by Okta',
          okta: OKTA.rateLimited,
          oktaSaid: false,
          meaning: `Okta refused ${e.method} ${e.path} with 429${e.signals?.rateLimit?.limit !== undefined ? ` (limit ${e.signals.rateLimit.limit} per window)` : ''}${reset !== undefined ? `; the limit resets at ${new Date(reset * 1000).toISOString()}` : ''}.`,
          fix: `Wait until the reset${reset !== undefined ? ` (${new Date(reset * 1000).toISOString()})` : ''}; then find the loop or burst that sends this request. Admin Console → Reports → Rate Limits shows the endpoint's limit and use.`,
          certainty: 'certain',
        },
        [e],
      ),
    ];
  }
  if (failed(e) && e.signals?.oktaRequestId === false) {
    return [
      make(
        {
          id: 'blocked-before-okta',
          title: 'Blocked before reaching Okta',
          meaning: `The ${e.status} answer to ${e.method} ${e.path} has no x-okta-request-id, which every Okta response carries: a proxy, VPN, firewall or WAF between this browser and Okta answered instead.`,
          fix: `Not an Okta setting: ask your network team which proxy or firewall blocks ${e.host}${e.path}; the Okta System Log will have no entry for it.`,
          certainty: e.status === 403 ? 'certain' : 'likely',
        },
        [e],
      ),
    ];
  }
  if (e.status === 403 && e.resourceType === 'main_frame' && SIGN_IN_PAGE.test(e.path)) {
    const start = reqs.find((r) => r.host === e.host && r.at < e.at && e.at - r.at < 60 * 60_000 && SIGN_IN_PAGE.test(r.path) && (r.resourceType === 'main_frame' || r.resourceType === undefined));
    if (!start || e.at - start.at >= 300_000) {
      return [
        make(
          {
            id: 'hosted-page-expired',
            title: "Okta's sign-in page expired",
            okta: OKTA.hostedExpired,
            oktaSaid: false,
            meaning: `The sign-in page was ${start ? `opened ${Math.round((e.at - start.at) / 60_000)} min before it was submitted` : 'left open'}; its state token lives 5 minutes, so Okta answered 403.`,
            fix: "Start the sign-in again from the app (don't reuse an old sign-in tab or a bookmarked sign-in URL). Nothing to change in the Admin Console.",
            certainty: 'likely',
          },
          start ? [start, e] : [e],
        ),
      ];
    }
  }
  return [];
}

// ---- 18: redirect loop ----

export function redirectLoops(reqs: readonly RequestEvent[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  const byClient = new Map<string, RequestEvent[]>();
  for (const r of reqs) {
    if (!isAuthorize(r) || r.resourceType === 'sub_frame') continue;
    const k = `${r.org} ${r.oauth?.clientId ?? ''} ${r.store ?? ''}`;
    const list = byClient.get(k);
    if (list) list.push(r);
    else byClient.set(k, [r]);
  }
  const answered = (r: RequestEvent) => r.status !== undefined && r.status >= 300 && r.status < 400;
  for (const list of byClient.values()) {
    // The newest run of three or more answered authorizes within 30 s (two pointers over the sorted list).
    let best: RequestEvent[] | undefined;
    let lo = 0;
    for (let hi = 0; hi < list.length; hi++) {
      if (!answered(list[hi]!)) {
        lo = hi + 1;
        continue;
      }
      while (list[hi]!.at - list[lo]!.at > 30_000) lo++;
      if (hi - lo + 1 >= 3) best = list.slice(lo, hi + 1);
    }
    if (!best) continue;
    const a = best[0]!;
    const z = best[best.length - 1]!;
    out.push(
      make(
        {
          id: 'redirect-loop',
          title: 'Redirect loop',
          meaning: `${app(a)} sent the browser to authorize ${best.length} times in ${Math.round((z.at - a.at) / 1000)} s, and Okta answered each time${a.back?.to ? ` (back to ${a.back.to})` : ''}: the app does not accept the result and starts over.`,
          fix: "Check the app's callback: it must exchange the code and store the tokens before its route guard runs again; with third-party cookies blocked, renew with refresh tokens. Also check the redirect URI's route is not itself protected.",
          certainty: 'certain',
        },
        best,
      ),
    );
  }
  return out;
}

