// What every rule shares: path tests, the helpers that read an event's flow facts, and how a diagnosis is made.
import type { RequestEvent, TimelineEvent } from '../../timeline/schema';
import type { Diagnosis } from '../types';

export const AUTHORIZE = /^\/oauth2\/(?:([^/]+)\/)?v1\/authorize$/;
const TOKEN = /^\/oauth2\/(?:[^/]+\/)?v1\/token$/;
export const LOGOUT = /^\/oauth2\/(?:[^/]+\/)?v1\/logout$/;
export const USERINFO = /^\/oauth2\/(?:[^/]+\/)?v1\/userinfo$/;
export const SIGN_IN_PAGE = /^\/(?:login|signin|idp\/idx|oauth2\/(?:[^/]+\/)?v1\/authorize)(?:\/|$)/;
export const SIGN_OUT = /^\/(?:login\/signout|logout|signout|oauth2\/(?:[^/]+\/)?v1\/logout)$/;
/** Okta's standard OIDC scopes: anything else is a custom scope, refused by the org authorization server. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups', 'device_sso']);

/** Path tests, remembered per path: a ring of 500 events has few distinct paths, and rules test them often. */
const pathTests = new Map<string, { authorize: boolean; token: boolean }>();
function testsOf(path: string): { authorize: boolean; token: boolean } {
  let t = pathTests.get(path);
  if (!t) {
    if (pathTests.size > 2000) pathTests.clear();
    t = { authorize: AUTHORIZE.test(path), token: TOKEN.test(path) };
    pathTests.set(path, t);
  }
  return t;
}
export const isAuthorize = (e: RequestEvent) => testsOf(e.path).authorize;
export const isToken = (e: RequestEvent) => testsOf(e.path).token;
export const failed = (e: RequestEvent) => e.status !== undefined && e.status >= 400;
export const sent = (e: RequestEvent, p: string) => (e.oauth?.sent as readonly string[] | undefined)?.includes(p) ?? false;
/** The authorization server the path names: "default" for /oauth2/default, the org's for /oauth2/v1. */
export const serverOf = (e: RequestEvent): string | undefined => AUTHORIZE.exec(e.path)?.[1] ?? /^\/oauth2\/([^/]+)\/v1\//.exec(e.path)?.[1];
export const serverWords = (e: RequestEvent): string => {
  const s = serverOf(e);
  return s ? `the authorization server "${s}"` : 'the org authorization server';
};
export const app = (e: RequestEvent | undefined): string => (e?.oauth?.clientId ? `the app with Client ID ${e.oauth.clientId}` : 'the app');
/** A browser request: one with an Origin other than the org's own (Okta reads Origin exactly so). */
export const browserOrigin = (e: RequestEvent): string | undefined => {
  const o = e.signals?.origin;
  return o !== undefined && o !== e.org && o !== `https://${e.host}` ? o : undefined;
};
export const originOfAddress = (a: string | undefined): string | undefined => {
  if (!a) return undefined;
  try {
    return new URL(a).origin;
  } catch {
    return undefined;
  }
};

export type Draft = Omit<Diagnosis, 'org' | 'at' | 'events'>;

/**
 * Facts FLOW-ERRORS.md marks UNCONFIRMED that an event can carry: whether a fragment redirect's target keeps its
 * fragment (response_mode=fragment), and what the legacy /login/signout does.
 */
const restsOnUnconfirmed = (e: TimelineEvent): boolean => e.kind === 'request' && (e.back?.mode === 'fragment' || e.path === '/login/signout');

export function make(d: Draft, events: TimelineEvent[]): Diagnosis {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const unconfirmed = d.unconfirmed || sorted.some(restsOnUnconfirmed);
  return { ...d, ...(unconfirmed ? { unconfirmed: true, certainty: 'likely' as const } : {}), org: sorted[0]!.org, at: sorted[sorted.length - 1]!.at, events: sorted };
}

/** The authorize and token requests of an event list, computed once per list (rules ask for them per event). */
const authorizeLists = new WeakMap<readonly RequestEvent[], RequestEvent[]>();
const tokenLists = new WeakMap<readonly RequestEvent[], RequestEvent[]>();
export function authorizesOf(reqs: readonly RequestEvent[]): RequestEvent[] {
  let l = authorizeLists.get(reqs);
  if (!l) authorizeLists.set(reqs, (l = reqs.filter(isAuthorize)));
  return l;
}
export function tokensOf(reqs: readonly RequestEvent[]): RequestEvent[] {
  let l = tokenLists.get(reqs);
  if (!l) tokenLists.set(reqs, (l = reqs.filter(isToken)));
  return l;
}

/** The authorize a token request or a redirect belongs to: the newest before it for the same client. */
export function authorizeBefore(reqs: readonly RequestEvent[], e: RequestEvent): RequestEvent | undefined {
  let found: RequestEvent | undefined;
  for (const r of authorizesOf(reqs)) {
    if (r.at > e.at || r.org !== e.org) continue;
    if (e.oauth?.clientId && r.oauth?.clientId && r.oauth.clientId !== e.oauth.clientId) continue;
    if (!found || r.at >= found.at) found = r;
  }
  return found;
}

/** The redirect back to the app after an authorize: on the authorize itself, or on a later Okta hop. */
export function backAfter(reqs: readonly RequestEvent[], a: RequestEvent): RequestEvent | undefined {
  if (a.back) return a;
  return reqs.find((r) => r.at >= a.at && r.at - a.at < 30 * 60_000 && r.back && r.org === a.org && (!r.store || r.store === a.store));
}

/** A refusal the engine has no closer name for: Okta's code and words as they came, and where to look. */
export function generic(e: RequestEvent, basis: TimelineEvent[]): Diagnosis {
  return make(
    {
      id: 'okta-error',
      title: `Okta answered ${e.back?.error ?? e.signals?.wwwAuthenticate ?? `HTTP ${e.status}`}`,
      ...(e.back?.errorDescription ? { okta: e.back.errorDescription, oktaSaid: true } : {}),
      ...(e.back?.error ? { error: e.back.error } : {}),
      meaning: 'Okta refused this step of the sign-in.',
      fix: 'Admin Console → Reports → System Log: search for this time and client for the event that explains it.',
      certainty: 'likely',
    },
    basis,
  );
}

/** Chrome ends a call whose answer CORS refused with a bare network error, before any status reaches webRequest. */
const CORS_FAILURE = /^net::ERR_FAILED$|CORS|NS_ERROR_DOM_BAD_URI/;

export const corsBlocked = (e: RequestEvent): boolean =>
  browserOrigin(e) !== undefined && e.status === undefined && e.error !== undefined && CORS_FAILURE.test(e.error) && e.resourceType !== 'main_frame' && e.resourceType !== 'sub_frame';

