// Diagnoses and flows in words: the Timeline's flow rows ("authorize (client …, scope …, PKCE S256) → Okta
// sign-in → redirect to https://app.example.com/callback with error=access_denied") and the plain-text report
// Copy diagnosis puts on the clipboard. Built only from event fields, which hold no secret (flow-facts.ts), so
// the text is redacted by construction.
import type { RequestEvent, TimelineEvent } from '../timeline/schema';
import { describeEvent } from '../timeline/view';
import type { Diagnosis } from './types';

const AUTHORIZE = /^\/oauth2\/(?:[^/]+\/)?v1\/authorize$/;
const SIGN_IN = /^\/(?:login\/login\.htm|signin|idp\/idx\/(?:introspect|identify))/;

/** "authorize (client 0oa1, scope openid profile, PKCE S256, prompt=none)". */
export function authorizeWords(e: RequestEvent): string {
  const o = e.oauth ?? {};
  const pkce = o.codeChallengeMethod ? `PKCE ${o.codeChallengeMethod}` : (o.sent ?? []).includes('code_challenge') ? 'PKCE' : 'no PKCE';
  const parts = [
    o.clientId ? `client ${o.clientId}` : 'no client_id',
    o.scope ? `scope ${o.scope}` : undefined,
    o.responseType && o.responseType !== 'code' ? `response_type ${o.responseType}` : undefined,
    pkce,
    o.prompt ? `prompt=${o.prompt}` : undefined,
    o.idp ? `idp ${o.idp}` : undefined,
    o.loginHint ? `login_hint ${o.loginHint}` : undefined,
    e.resourceType === 'sub_frame' ? 'in a hidden frame' : undefined,
  ];
  return `authorize (${parts.filter(Boolean).join(', ')})`;
}

/** "redirect to https://app.example.com/cb with error=access_denied" / "… with a code". */
export function backWords(e: RequestEvent): string | undefined {
  const b = e.back;
  if (!b) return undefined;
  const what = b.error ? `error=${b.error}` : b.code ? 'a code' : b.tokens ? 'tokens' : 'no code';
  return `redirect to ${b.to} with ${what}`;
}

export interface FlowRow {
  /** The authorize that started it. */
  start: RequestEvent;
  /** Its events, oldest first. */
  events: RequestEvent[];
  words: string;
  failed: boolean;
}

/**
 * The sign-in flows in the events: each authorize with the Okta sign-in steps after it (same org and store),
 * until Okta's answer back to the app or the next authorize. Newest first.
 */
export function flows(events: readonly TimelineEvent[]): FlowRow[] {
  const reqs = events.filter((e): e is RequestEvent => e.kind === 'request').sort((a, b) => a.at - b.at);
  const rows: FlowRow[] = [];
  let open: FlowRow | undefined;
  const close = () => {
    if (open) rows.push(open);
    open = undefined;
  };
  for (const r of reqs) {
    if (AUTHORIZE.test(r.path) && r.oauth) {
      close();
      open = { start: r, events: [r], words: '', failed: false };
    } else if (open && r.org === open.start.org && r.store === open.start.store && r.at - open.start.at < 30 * 60_000) {
      open.events.push(r);
    } else continue;
    if (r.back || (r.status !== undefined && r.status >= 400)) close();
  }
  close();
  for (const f of rows) {
    const steps = [authorizeWords(f.start)];
    if (f.events.some((e) => SIGN_IN.test(e.path))) steps.push('Okta sign-in');
    const last = f.events[f.events.length - 1]!;
    const back = backWords(last);
    if (back) steps.push(back);
    else if (last.status !== undefined && last.status >= 400) steps.push(`Okta's error page (${last.status})`);
    else if (last.status === 200 && last === f.start) steps.push('answered in the page (200)');
    f.words = steps.join(' → ');
    f.failed = !!last.back?.error || (last.status !== undefined && last.status >= 400);
  }
  return rows.reverse();
}

/** One event as a report line: its time, its line of words, and its flow words when it has any. */
export function eventLine(e: TimelineEvent): string {
  const time = new Date(e.at).toISOString().slice(11, 19);
  const extra = e.kind === 'request' ? [AUTHORIZE.test(e.path) && e.oauth ? authorizeWords(e) : undefined, backWords(e)].filter(Boolean).join(' → ') : '';
  return `${time} ${describeEvent(e)}${extra ? ` [${extra}]` : ''}`;
}

/** The plain-text report for a ticket: each diagnosis with Okta's words, the fix and the events behind it. */
export function diagnosisReport(list: readonly Diagnosis[], now: number): string {
  const lines = [`What went wrong (Okta Session Inspector, ${new Date(now).toISOString()})`];
  list.forEach((d, i) => {
    lines.push('', `${i + 1}. ${d.title} (${d.certainty}${d.unconfirmed ? ', rests on an unconfirmed fact' : ''})`, `   Org: ${d.org}`);
    if (d.okta) lines.push(`   ${d.oktaSaid ? 'Okta said' : "Okta's text for this case"}: "${d.okta}"${d.error ? ` (${d.error})` : ''}`);
    lines.push(`   What it means: ${d.meaning}`, `   Fix: ${d.fix}`, '   Events:');
    for (const e of d.events) lines.push(`     ${eventLine(e)}`);
  });
  lines.push('', 'No cookie value, token, code, state or header value is in this report.');
  return lines.join('\n');
}
