// The diagnosis engine: reads the Timeline's events (what webRequest and cookies.onChanged showed, already
// redacted) and names each failure it can, in Okta's words, with the fix. Pure TypeScript, no browser API, one
// pass per rule over at most 500 events. The facts each rule rests on, and which are UNCONFIRMED, are those of
// shared/okta/FLOW-ERRORS.md; a rule that cannot see the whole answer (a status-only JSON reply, an error page)
// says `likely`.
import type { TimelineEvent, CookieEvent, RequestEvent } from '../timeline/schema';
import type { Diagnosis, DiagnoseContext } from './types';
import { USERINFO, isAuthorize, isToken, failed, generic } from './rules/common';
import { errorPage, fromRedirectError, silent } from './rules/authorize';
import { cors, tokenRefused } from './rules/token';
import { sessionEnded, signOut } from './rules/session';
import { redirectLoops, statusSignals } from './rules/signals';

/**
 * Every diagnosis the events support, newest first, one per failure (the newest of a kind for the same
 * cause). `ctx.org` narrows to one org's events.
 */
export function diagnose(all: readonly TimelineEvent[], ctx: DiagnoseContext): Diagnosis[] {
  const events = (ctx.org ? all.filter((e) => e.org === ctx.org) : [...all]).sort((a, b) => a.at - b.at);
  const reqs = events.filter((e): e is RequestEvent => e.kind === 'request');
  const cookies = events.filter((e): e is CookieEvent => e.kind === 'cookie');
  const found: Diagnosis[] = [];
  for (const e of reqs) {
    const signals = statusSignals(reqs, e);
    if (signals.length) {
      found.push(...signals);
      continue;
    }
    if (e.back?.error) found.push(...fromRedirectError(reqs, e));
    else if (isAuthorize(e) && e.oauth?.prompt === 'none') found.push(...silent(e));
    found.push(...errorPage(reqs, e), ...tokenRefused(reqs, e), ...cors(e), ...signOut(e, cookies, ctx.now));
    if (USERINFO.test(e.path) && failed(e) && e.signals?.wwwAuthenticate) found.push(generic(e, [e]));
  }
  found.push(...redirectLoops(reqs), ...sessionEnded(events, reqs, ctx));
  // One entry per title and org: the newest.
  const newest = new Map<string, Diagnosis>();
  for (const d of found) {
    const k = `${d.org} ${d.title}`;
    const had = newest.get(k);
    if (!had || d.at >= had.at) newest.set(k, d);
  }
  return [...newest.values()].sort((a, b) => b.at - a.at);
}

/**
 * The diagnoses the What went wrong region shows: those of the tab's latest flow. A failure older than the
 * newest successful end of a flow (a code back to the app, or a token 200) is stale and left out; a session
 * end stays until a new session is set.
 */
export function latestProblems(all: readonly TimelineEvent[], ctx: DiagnoseContext): Diagnosis[] {
  const list = diagnose(all, ctx);
  const events = ctx.org ? all.filter((e) => e.org === ctx.org) : all;
  let success = -Infinity;
  for (const e of events) {
    if (e.kind === 'request' && ((e.back?.code && !e.back.error) || (isToken(e) && e.status === 200))) success = Math.max(success, e.at);
  }
  return list.filter((d) => d.id === 'session-ended' || d.id === 'redirect-loop' || d.id === 'silent-cookie-blocked' || d.at > success);
}

