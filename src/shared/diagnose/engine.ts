// The diagnosis engine: reads the Timeline's events (what webRequest and cookies.onChanged showed, already
// redacted) and names each failure it can, in Okta's words, with the fix. Pure TypeScript, no browser API, one
// pass per rule over at most 500 events. The facts each rule rests on, and which are UNCONFIRMED, are those of
// shared/okta/FLOW-ERRORS.md; a rule that cannot see the whole answer (a status-only JSON reply, an error page)
// says `likely`.
import type { ApiEvent, CookieEvent, RequestEvent, TimelineEvent } from '../timeline/schema';
import { OKTA } from './okta-texts';
import type { Diagnosis, DiagnoseContext } from './types';

const AUTHORIZE = /^\/oauth2\/(?:([^/]+)\/)?v1\/authorize$/;
const TOKEN = /^\/oauth2\/(?:[^/]+\/)?v1\/token$/;
const LOGOUT = /^\/oauth2\/(?:[^/]+\/)?v1\/logout$/;
const USERINFO = /^\/oauth2\/(?:[^/]+\/)?v1\/userinfo$/;
const SIGN_IN_PAGE = /^\/(?:login|signin|idp\/idx|oauth2\/(?:[^/]+\/)?v1\/authorize)(?:\/|$)/;
const SIGN_OUT = /^\/(?:login\/signout|logout|signout|oauth2\/(?:[^/]+\/)?v1\/logout)$/;
/** Okta's standard OIDC scopes: anything else is a custom scope, refused by the org authorization server. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups', 'device_sso']);

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
const isAuthorize = (e: RequestEvent) => testsOf(e.path).authorize;
const isToken = (e: RequestEvent) => testsOf(e.path).token;
const failed = (e: RequestEvent) => e.status !== undefined && e.status >= 400;
const sent = (e: RequestEvent, p: string) => (e.oauth?.sent as readonly string[] | undefined)?.includes(p) ?? false;
/** The authorization server the path names: "default" for /oauth2/default, the org's for /oauth2/v1. */
const serverOf = (e: RequestEvent): string | undefined => AUTHORIZE.exec(e.path)?.[1] ?? /^\/oauth2\/([^/]+)\/v1\//.exec(e.path)?.[1];
const serverWords = (e: RequestEvent): string => {
  const s = serverOf(e);
  return s ? `the authorization server "${s}"` : 'the org authorization server';
};
const app = (e: RequestEvent | undefined): string => (e?.oauth?.clientId ? `the app with Client ID ${e.oauth.clientId}` : 'the app');
/** A browser request: one with an Origin other than the org's own (Okta reads Origin exactly so). */
const browserOrigin = (e: RequestEvent): string | undefined => {
  const o = e.signals?.origin;
  return o !== undefined && o !== e.org && o !== `https://${e.host}` ? o : undefined;
};
const originOfAddress = (a: string | undefined): string | undefined => {
  if (!a) return undefined;
  try {
    return new URL(a).origin;
  } catch {
    return undefined;
  }
};

type Draft = Omit<Diagnosis, 'org' | 'at' | 'events'>;

/**
 * Facts FLOW-ERRORS.md marks UNCONFIRMED that an event can carry: whether a fragment redirect's target keeps its
 * fragment (response_mode=fragment), and what the legacy /login/signout does.
 */
const restsOnUnconfirmed = (e: TimelineEvent): boolean => e.kind === 'request' && (e.back?.mode === 'fragment' || e.path === '/login/signout');

function make(d: Draft, events: TimelineEvent[]): Diagnosis {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const unconfirmed = d.unconfirmed || sorted.some(restsOnUnconfirmed);
  return { ...d, ...(unconfirmed ? { unconfirmed: true, certainty: 'likely' as const } : {}), org: sorted[0]!.org, at: sorted[sorted.length - 1]!.at, events: sorted };
}

/** The authorize and token requests of an event list, computed once per list (rules ask for them per event). */
const authorizeLists = new WeakMap<readonly RequestEvent[], RequestEvent[]>();
const tokenLists = new WeakMap<readonly RequestEvent[], RequestEvent[]>();
function authorizesOf(reqs: readonly RequestEvent[]): RequestEvent[] {
  let l = authorizeLists.get(reqs);
  if (!l) authorizeLists.set(reqs, (l = reqs.filter(isAuthorize)));
  return l;
}
function tokensOf(reqs: readonly RequestEvent[]): RequestEvent[] {
  let l = tokenLists.get(reqs);
  if (!l) tokenLists.set(reqs, (l = reqs.filter(isToken)));
  return l;
}

/** The authorize a token request or a redirect belongs to: the newest before it for the same client. */
function authorizeBefore(reqs: readonly RequestEvent[], e: RequestEvent): RequestEvent | undefined {
  let found: RequestEvent | undefined;
  for (const r of authorizesOf(reqs)) {
    if (r.at > e.at || r.org !== e.org) continue;
    if (e.oauth?.clientId && r.oauth?.clientId && r.oauth.clientId !== e.oauth.clientId) continue;
    if (!found || r.at >= found.at) found = r;
  }
  return found;
}

/** The redirect back to the app after an authorize: on the authorize itself, or on a later Okta hop. */
function backAfter(reqs: readonly RequestEvent[], a: RequestEvent): RequestEvent | undefined {
  if (a.back) return a;
  return reqs.find((r) => r.at >= a.at && r.at - a.at < 30 * 60_000 && r.back && r.org === a.org && (!r.store || r.store === a.store));
}

// ---- 1-7, 11: what Okta said on its redirect back to the app ----

function fromRedirectError(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
  const back = e.back;
  if (!back?.error) return [];
  const a = isAuthorize(e) ? e : authorizeBefore(reqs, e);
  const basis = a && a !== e ? [a, e] : [e];
  const said = back.errorDescription;
  const words = (fallback: string) => ({ okta: said ?? fallback, oktaSaid: said !== undefined, error: back.error! });
  const to = back.to;
  const text = said ?? '';
  switch (back.error) {
    case 'access_denied':
      if (/not assigned/i.test(text) || !said) {
        return [
          make(
            {
              id: 'not-assigned',
              title: 'User not assigned to the app',
              ...words(OKTA.notAssigned),
              meaning: `Okta signed the user in, then refused to give ${app(a)} a code: the user is not assigned to it (directly or through a group).`,
              fix: `Admin Console → Applications → Applications → ${app(a)} → Assignments → Assign → Assign to People (or Groups), then sign in again.`,
              certainty: said ? 'certain' : 'likely',
            },
            basis,
          ),
        ];
      }
      if (/polic/i.test(text) || /scopes/i.test(text)) {
        return [
          make(
            {
              id: 'policy-denied',
              title: /scope/i.test(text) ? 'Scopes denied by the access policy' : 'No access policy rule matched',
              ...words(OKTA.policyFailed),
              meaning: `${serverWords(e)}'s access policies have no rule that lets ${app(a)} get ${a?.oauth?.scope ? `the scopes "${a.oauth.scope}"` : 'these scopes'} with this grant type for this user.`,
              fix: `Admin Console → Security → API → Authorization Servers → ${serverOf(e) ?? 'default'} → Access Policies: add a policy assigned to ${app(a)}, with a rule that allows this grant type, this user or group, and the scopes asked for.`,
              certainty: 'certain',
            },
            basis,
          ),
        ];
      }
      return [generic(e, basis)];
    case 'invalid_scope': {
      const scopes = (a?.oauth?.scope ?? '').split(' ').filter(Boolean);
      const custom = scopes.filter((s) => !OIDC_SCOPES.has(s));
      if (/'openid'/.test(text) || (!said && scopes.length > 0 && !scopes.includes('openid'))) {
        return [
          make(
            {
              id: 'scope',
              title: "The 'openid' scope is missing",
              ...words(OKTA.openidMissing),
              meaning: `The authorize asked for ${scopes.length ? `"${scopes.join(' ')}"` : 'OpenID scopes'} without "openid".`,
              fix: 'Add openid to the scope parameter of the app\'s authorize request (its OIDC client configuration, e.g. scopes: ["openid", …]).',
              certainty: said ? 'certain' : 'likely',
            },
            basis,
          ),
        ];
      }
      if (/Custom scopes/i.test(text) || (!said && !serverOf(e) && custom.length > 0)) {
        return [
          make(
            {
              id: 'scope',
              title: 'Custom scope asked of the org authorization server',
              ...words(OKTA.customScopeOrgAs),
              meaning: `The org authorization server (${e.org}/oauth2/v1) serves only Okta's own scopes; ${custom.length ? `"${custom.join(' ')}"` : 'a custom scope'} needs a custom authorization server.`,
              fix: 'Use a custom authorization server as issuer (e.g. /oauth2/default): Admin Console → Security → API → Authorization Servers → default → Scopes; point the app at https://<org>/oauth2/default.',
              certainty: said ? 'certain' : 'likely',
            },
            basis,
          ),
        ];
      }
      return [
        make(
          {
            id: 'scope',
            title: 'Scope not configured on the authorization server',
            ...words(OKTA.scopeNotConfigured),
            meaning: `${serverWords(e)} does not know one of the scopes asked for${scopes.length ? ` ("${scopes.join(' ')}")` : ''}.`,
            fix: `Admin Console → Security → API → Authorization Servers → ${serverOf(e) ?? 'default'} → Scopes → Add Scope, or stop asking for that scope in the app (e.g. groups).`,
            certainty: 'certain',
          },
          basis,
        ),
      ];
    }
    case 'unsupported_response_type':
    case 'unauthorized_client':
      return [
        make(
          {
            id: 'response-grant-type',
            title: 'Response type or grant type not enabled for the app',
            ...words(back.error === 'unsupported_response_type' ? OKTA.responseType : OKTA.grantType),
            meaning: `${app(a)} asked for response_type "${a?.oauth?.responseType ?? '?'}", which needs a grant type the app does not have enabled (or the app is of the wrong kind: SPA vs Web).`,
            fix: `Admin Console → Applications → Applications → ${app(a)} → General → General Settings → Edit → Grant type: tick the grant (Authorization Code, Implicit, Refresh Token), or use a client of the right type.`,
            certainty: 'certain',
          },
          basis,
        ),
      ];
    case 'invalid_request':
      if (/PKCE|code.challenge/i.test(text) || (!said && a && !sent(a, 'code_challenge'))) {
        return [
          make(
            {
              id: 'pkce',
              title: 'PKCE required: the authorize sent no code challenge',
              ...words(OKTA.pkceRequired),
              meaning: `${app(a)} requires PKCE and the authorize request had ${a && sent(a, 'code_challenge') ? 'a challenge Okta refused' : 'no code_challenge'}.`,
              fix: `Send code_challenge (base64url SHA-256 of the verifier) and code_challenge_method=S256 on the authorize; or, if the app should not need it, Admin Console → Applications → Applications → ${app(a)} → General → Client Credentials → Proof Key for Code Exchange (PKCE).`,
              certainty: said ? 'certain' : 'likely',
              // Whether Okta answers this on the redirect or on its error page is UNCONFIRMED.
              unconfirmed: true,
            },
            basis,
          ),
        ];
      }
      return [generic(e, basis)];
    case 'invalid_client':
      return [clientId(basis, 'certain', said)];
    case 'login_required':
      return a && a.oauth?.prompt === 'none' ? silent(a, e) : [generic(e, basis)];
    default:
      return [generic(e, basis)];
  }
}

function generic(e: RequestEvent, basis: TimelineEvent[]): Diagnosis {
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

function clientId(basis: TimelineEvent[], certainty: 'certain' | 'likely', said?: string): Diagnosis {
  const a = basis.find((x): x is RequestEvent => x.kind === 'request' && isAuthorize(x));
  return make(
    {
      id: 'client-id',
      title: 'Unknown client_id',
      okta: said ?? OKTA.clientId,
      oktaSaid: said !== undefined,
      error: 'invalid_client',
      meaning: `No app ${a ? `on ${serverWords(a)} ` : ''}has the Client ID ${a?.oauth?.clientId ?? '(none sent)'}: a typo, an app of another org, or the wrong issuer.`,
      fix: 'Copy the Client ID from Admin Console → Applications → Applications → (your app) → General → Client Credentials, and use the issuer of the same org.',
      certainty,
    },
    basis,
  );
}

// ---- 4, 5: Okta's own 400 page on authorize (no redirect: it does not trust the return address) ----

function errorPage(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
  if (!isAuthorize(e) || e.status !== 400 || e.back) return [];
  const clientIdSent = e.oauth?.clientId;
  if (!clientIdSent) return [clientId([e], 'certain')];
  // The client is known to Okta when another authorize of it came back to the app.
  const worked = authorizesOf(reqs).filter((r) => r !== e && r.oauth?.clientId === clientIdSent && r.org === e.org && (r.back || (r.status !== undefined && r.status < 400)));
  const redirect = make(
    {
      id: 'redirect-uri',
      title: 'redirect_uri not registered for the app',
      okta: OKTA.redirectUri,
      oktaSaid: false,
      error: 'invalid_request',
      meaning: `Okta showed its own 400 page instead of redirecting: ${e.oauth?.redirectUri ?? 'the redirect_uri'} is not one of ${app(e)}'s Sign-in redirect URIs (the match is exact: scheme, host, port, path, trailing slash).`,
      fix: `Admin Console → Applications → Applications → ${app(e)} → General → Login → Sign-in redirect URIs → add ${e.oauth?.redirectUri ?? 'the exact redirect_uri'}.`,
      certainty: worked.length ? 'certain' : 'likely',
    },
    [e],
  );
  return worked.length ? [redirect] : [redirect, clientId([e], 'likely')];
}

// ---- 10, 11: silent renewal in a hidden frame ----

function silent(a: RequestEvent, end: RequestEvent = a): Diagnosis[] {
  const cookieSent = (a.signals?.cookies ?? []).some((c) => c === 'sid' || c === 'idx');
  const basis = a === end ? [a] : [a, end];
  // The browser held a session for Okta's host (the event's session mark), yet the request went without it.
  if (a.signals?.headersSeen && !cookieSent && a.session && a.resourceType === 'sub_frame') {
    return [
      make(
        {
          id: 'silent-cookie-blocked',
          title: "Silent renewal failed: the browser did not send Okta's session cookie",
          okta: end.back?.errorDescription ?? OKTA.loginRequired,
          oktaSaid: end.back?.errorDescription !== undefined,
          ...(end.back?.error ? { error: end.back.error } : {}),
          meaning: `The hidden frame's authorize (prompt=none) from ${a.signals.initiator ?? 'the app'} went to Okta without its session cookie, though this browser holds one (${a.session.hint}): third-party cookies are blocked for ${a.host} in this frame, so Okta sees no session. To the app it looks exactly like an expired session.`,
          fix: `Okta's three fixes: use refresh tokens instead of the hidden frame (Admin Console → Applications → Applications → ${app(a)} → General → Grant type → Refresh Token, rotate after every use, and offline_access); or a custom URL domain on the app's own site (Admin Console → Customizations → Brands → (brand) → Domains, e.g. login.company.com for app.company.com); or renew with a full-page redirect instead of an iframe.`,
          certainty: 'certain',
        },
        basis,
      ),
    ];
  }
  const err = end.back?.error;
  if (err !== 'login_required') return [];
  return [
    make(
      {
        id: 'login-required',
        title: 'Silent sign-in found no Okta session (login_required)',
        okta: end.back?.errorDescription ?? OKTA.loginRequired,
        oktaSaid: end.back?.errorDescription !== undefined,
        error: 'login_required',
        meaning: cookieSent
          ? "The authorize with prompt=none carried Okta's session cookie, but Okta has no live session for it: the session ended (idle or lifetime limit, sign-out, revoke)."
          : 'The authorize with prompt=none found no Okta session in this browser: nobody is signed in to Okta here, so Okta may not prompt.',
        fix: 'Expected when no one is signed in: fall back to an interactive sign-in (the same authorize without prompt=none). If sessions end too soon: Admin Console → Security → Global Session Policy → (rule) → Maximum Okta global session idle time.',
        certainty: 'certain',
      },
      basis,
    ),
  ];
}

// ---- 7, 8, 9: the token endpoint (status only; its body is invisible) ----

function tokenRefused(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
  // Okta's error answers to an untrusted origin carry no CORS headers: Chrome then reports a bare network error.
  const hidden = corsBlocked(e);
  if (!isToken(e) || (!failed(e) && !hidden) || e.status === 429) return [];
  const a = authorizeBefore(reqs, e);
  const basis = a ? [a, e] : [e];
  const origin = browserOrigin(e);
  const verifier = sent(e, 'code_verifier');
  const grant = e.oauth?.grantType;
  if (origin && e.status === 401 && !verifier) {
    return [
      make(
        {
          id: 'token-browser',
          title: 'Token endpoint refused a browser request: no PKCE',
          okta: OKTA.browserPkce,
          oktaSaid: false,
          error: 'invalid_client',
          meaning: `A page on ${origin} called the token endpoint (Okta treats any request with an Origin header as a browser request) without a code_verifier: a Web app's client used from the browser, or a server call that leaks Origin.`,
          fix: `Use a Single-Page App client with PKCE (Admin Console → Applications → Applications → Create App Integration → OIDC → Single-Page Application), or make the token call from your backend without an Origin header.`,
          certainty: 'certain',
        },
        basis,
      ),
    ];
  }
  if (e.status === 400 && verifier && a && !sent(a, 'code_challenge')) {
    return [
      make(
        {
          id: 'pkce',
          title: 'Code verifier sent without a challenge',
          okta: OKTA.verifierNoChallenge,
          oktaSaid: false,
          error: 'invalid_request',
          meaning: 'The token request sent a code_verifier, but the authorize it belongs to sent no code_challenge.',
          fix: 'Send code_challenge and code_challenge_method=S256 on the authorize request of the same flow.',
          certainty: 'certain',
        },
        basis,
      ),
    ];
  }
  if (e.status === 400 && (grant === 'authorization_code' || sent(e, 'code'))) {
    const back = a && backAfter(reqs, a);
    const earlier = tokensOf(reqs).filter((r) => r !== e && r.at < e.at && a && r.at >= a.at && r.org === e.org && (r.oauth?.grantType === 'authorization_code' || sent(r, 'code')));
    if (earlier.length) {
      return [
        make(
          {
            id: 'code-reused',
            title: 'Authorization code reused',
            okta: OKTA.codeInvalid,
            oktaSaid: false,
            error: 'invalid_grant',
            meaning: `The app exchanged the code of one authorize ${earlier.length + 1} times; Okta accepts a code once. A callback page that runs twice (a double render, a reload, two listeners) does this.`,
            fix: 'Exchange each code exactly once: guard the callback handler, and do not reload the callback URL. Nothing to change in the Admin Console.',
            certainty: 'certain',
          },
          [...basis, ...earlier],
        ),
      ];
    }
    const from = back ?? a;
    if (from && e.at - from.at > 300_000) {
      return [
        make(
          {
            id: 'code-reused',
            title: 'Authorization code expired',
            okta: OKTA.codeInvalid,
            oktaSaid: false,
            error: 'invalid_grant',
            meaning: `The code was exchanged ${Math.round((e.at - from.at) / 1000)} s after Okta issued it; a code lives 300 s.`,
            fix: 'Exchange the code as soon as the callback loads. Nothing to change in the Admin Console.',
            certainty: 'certain',
          },
          back && back !== a ? [...basis, back] : basis,
        ),
      ];
    }
  }
  if (origin) {
    const client = e.oauth?.clientId ?? a?.oauth?.clientId;
    const redirectOrigins = new Set<string | undefined>();
    for (const r of authorizesOf(reqs)) if (r.oauth?.clientId === client) redirectOrigins.add(originOfAddress(r.oauth?.redirectUri));
    const notRedirect = redirectOrigins.size > 0 && !redirectOrigins.has(origin);
    if (e.signals?.corsAllowed === false || notRedirect || hidden) {
      return [
        make(
          {
            id: 'token-browser',
            title: notRedirect ? "Token endpoint refused a browser request: origin is not one of the app's redirect URIs" : 'Token endpoint refused a browser request: origin not trusted',
            okta: notRedirect ? OKTA.browserRedirectUri : OKTA.browserTrusted,
            oktaSaid: false,
            error: 'invalid_request',
            meaning: hidden
              ? `The browser refused the token endpoint's answer to a call from ${origin} (${e.error}): Okta's error answers to an origin it does not trust carry no CORS headers, so the page sees a CORS error and never the real 400.`
              : `The token endpoint answered ${e.status} to a call from ${origin}${e.signals?.corsAllowed === false ? ', without allowing that origin (so the page sees a CORS error, but the real answer is the status)' : ''}.`,
            fix: notRedirect
              ? `Admin Console → Applications → Applications → ${app(a)} → General → Login → Sign-in redirect URIs: add a redirect URI on ${origin}.`
              : `Admin Console → Security → API → Trusted Origins → Add Origin: ${origin}, type CORS (and Redirect).`,
            certainty: 'likely',
          },
          basis,
        ),
      ];
    }
    if (e.status === 400 && verifier) {
      return [
        make(
          {
            id: 'pkce',
            title: 'PKCE check failed',
            okta: OKTA.pkceFailed,
            oktaSaid: false,
            error: 'invalid_grant',
            meaning: "The token endpoint refused the exchange (400; its body is invisible to the browser extension). With a verifier and a challenge both sent, the usual cause is a code_verifier that does not match the authorize's code_challenge (a verifier from another flow, or storage lost between the two); Okta answers the same 400 for a redirect_uri that differs from the authorize's.",
            fix: 'Keep the verifier of this flow (sessionStorage of the same origin) and send exactly it; the challenge is base64url(SHA-256(verifier)) with S256.',
            certainty: 'likely',
          },
          basis,
        ),
      ];
    }
  }
  return [];
}

// ---- 12: CORS ----

/** Chrome ends a call whose answer CORS refused with a bare network error, before any status reaches webRequest. */
const CORS_FAILURE = /^net::ERR_FAILED$|CORS|NS_ERROR_DOM_BAD_URI/;

const corsBlocked = (e: RequestEvent): boolean =>
  browserOrigin(e) !== undefined && e.status === undefined && e.error !== undefined && CORS_FAILURE.test(e.error) && e.resourceType !== 'main_frame' && e.resourceType !== 'sub_frame';

function cors(e: RequestEvent): Diagnosis[] {
  const origin = browserOrigin(e);
  // The token endpoint's refusals are named by tokenRefused, with their own fix.
  if (!origin || isToken(e)) return [];
  const refused = e.signals?.corsAllowed === false;
  const blocked = corsBlocked(e);
  if (!refused && !blocked) return [];
  return [
    make(
      {
        id: 'cors',
        title: "CORS: the page's origin is not a Trusted Origin",
        okta: OKTA.corsBrowser,
        oktaSaid: false,
        meaning: refused
          ? `A page on ${origin} called ${e.path} and Okta's answer (${e.status ?? 'no status'}) did not allow that origin, so the browser hid it from the page.`
          : `A page on ${origin} called ${e.path} and the browser refused the answer (${e.error}): Okta sent no Access-Control-Allow-Origin for that origin.`,
        fix: `Admin Console → Security → API → Trusted Origins → Add Origin: ${origin} (exactly, no trailing slash), type CORS.`,
        certainty: refused ? 'certain' : 'likely',
        // The preflight's status for an untrusted origin is UNCONFIRMED; the missing header is not.
        unconfirmed: e.method === 'OPTIONS',
      },
      [e],
    ),
  ];
}

// ---- 13: sign-out ----

function signOut(e: RequestEvent, cookies: readonly CookieEvent[], now: number): Diagnosis[] {
  if (!LOGOUT.test(e.path)) return [];
  if (e.status === 400 && !e.back) {
    if (!sent(e, 'id_token_hint')) {
      return [
        make(
          {
            id: 'sign-out',
            title: 'Sign-out failed: no id_token_hint',
            meaning: `The app's logout request to ${e.path} carried no id_token_hint, which Okta requires; Okta showed its 400 page.`,
            fix: "Send the user's ID token as id_token_hint on /v1/logout (keep the ID token after sign-in); or end the session with DELETE /api/v1/sessions/me.",
            certainty: 'certain',
          },
          [e],
        ),
      ];
    }
    return [
      make(
        {
          id: 'sign-out',
          title: 'Sign-out failed: post_logout_redirect_uri not registered',
          okta: OKTA.postLogout,
          oktaSaid: false,
          error: 'invalid_request',
          meaning: `Okta showed its 400 page for the logout${e.oauth?.postLogoutRedirectUri ? ` to ${e.oauth.postLogoutRedirectUri}` : ''}: the address is not one of the app's Sign-out redirect URIs (or the ID token hint is invalid).`,
          fix: `Admin Console → Applications → Applications → (your app) → General → Login → Sign-out redirect URIs → add ${e.oauth?.postLogoutRedirectUri ?? 'the exact post_logout_redirect_uri'}.`,
          certainty: 'likely',
        },
        [e],
      ),
    ];
  }
  // A completed sign-out (302) while the session cookie stays: nothing removed it afterwards.
  if (e.status !== undefined && e.status >= 300 && e.status < 400 && now - e.at > 2000) {
    const after = cookies.filter((c) => c.host === e.host && c.at >= e.at - 50);
    const before = cookies.filter((c) => c.host === e.host && c.at < e.at);
    const last = before[before.length - 1];
    const held = last && last.change !== 'removed' ? last : undefined;
    if (held && !after.some((c) => c.change === 'removed')) {
      return [
        make(
          {
            id: 'sign-out',
            title: 'Signed out, but the session cookie is still set',
            meaning: `${e.path} completed (${e.status}) but this browser still holds the ${held.cookie} cookie of session ${held.session?.hint ?? '?'}: the Okta session may still be alive.`,
            fix: 'Also end the session with DELETE /api/v1/sessions/me from the app (a Trusted Origin), and check it with the Session view; see Okta\'s known issues for your release.',
            certainty: 'likely',
            unconfirmed: true,
          },
          [held, e],
        ),
      ];
    }
  }
  return [];
}

// ---- 14: the session ended, and by what ----

function sessionEnded(events: readonly TimelineEvent[], reqs: readonly RequestEvent[], ctx: DiagnoseContext): Diagnosis[] {
  const cookies = events.filter((e): e is CookieEvent => e.kind === 'cookie');
  const last = cookies[cookies.length - 1];
  const out: Diagnosis[] = [];
  if (last?.change === 'removed' && last.session) {
    const by = [...reqs].reverse().find((r) => r.host === last.host && SIGN_OUT.test(r.path) && last.at - r.at < 10_000 && r.at <= last.at + 50);
    const revoke = events.find((x): x is ApiEvent => x.kind === 'api' && x.action === 'revoke' && x.session?.key === last.session!.key && (x.status ?? 0) < 300 && (x.status ?? 0) >= 200);
    if (by) {
      out.push(
        make(
          {
            id: 'session-ended',
            title: 'Session ended: signed out',
            meaning: `Session ${last.session.hint} ended when the browser requested ${by.method} ${by.path}${by.signals?.initiator ? ` (started by ${by.signals.initiator})` : ''}, and Okta cleared the ${last.cookie} cookie.`,
            fix: 'Nothing to fix if the sign-out was meant; otherwise find what sent that request (a sign-out link, a logout on error).',
            certainty: 'certain',
          },
          [by, last],
        ),
      );
    } else if (revoke) {
      out.push(sessionEndedBy('revoked by this extension', `Session ${last.session.hint} was revoked with Revoke session in this extension.`, 'Nothing to fix.', [revoke, last]));
    } else if (last.cause === 'expired') {
      out.push(
        sessionEndedBy(
          'the cookie expired',
          `The browser removed the ${last.cookie} cookie of session ${last.session.hint} at its expiry.`,
          'Admin Console → Security → Global Session Policy → (rule) → Maximum Okta global session lifetime, and "Okta global session cookies persist across browser sessions".',
          [last],
        ),
      );
    } else {
      out.push(
        sessionEndedBy(
          'the cookie was removed',
          `The ${last.cookie} cookie of session ${last.session.hint} was removed (${last.cause}) without a sign-out request the Timeline saw: by the site, the browser's "clear cookies", or another extension.`,
          'Nothing in the Admin Console: look for what cleared the cookie in this browser.',
          [last],
          'likely',
        ),
      );
    }
  } else if (last?.change === 'replaced' && last.previous && last.session && last.previous.key !== last.session.key) {
    out.push(
      sessionEndedBy(
        'replaced by another sign-in',
        `Session ${last.previous.hint} was replaced by ${last.session.hint}: someone signed in again in this browser (maybe as another user).`,
        'Expected after a new sign-in. To keep two users apart, use another browser profile, a container tab or a private window.',
        [last],
      ),
    );
  }
  // Okta says 404 for the session while the browser still holds its cookie.
  const inspect = [...events].reverse().find((x): x is ApiEvent => x.kind === 'api' && x.action === 'inspect' && x.status !== undefined);
  const held = last && last.change !== 'removed' && last.session;
  const revoked = held
    ? events.find((x): x is ApiEvent => x.kind === 'api' && x.action === 'revoke' && x.at >= last!.at && x.session?.key === last!.session!.key && (x.status ?? 0) >= 200 && (x.status ?? 0) < 300)
    : undefined;
  if (revoked) {
    out.push(sessionEndedBy('revoked by this extension', `Session ${last!.session!.hint} was revoked with Revoke session in this extension; its cookie stays in the browser, but Okta no longer knows it.`, 'Nothing to fix: sign in again to get a new session.', [last!, revoked]));
  } else if (held && ((inspect?.status === 404 && inspect.session?.key === last!.session!.key) || ctx.sessionGone)) {
    const expired = ctx.session?.expiresAt !== undefined && ctx.session.expiresAt <= ctx.now;
    const basis: TimelineEvent[] = [...(last ? [last] : []), ...(inspect ? [inspect] : [])];
    if (basis.length) {
      out.push(
        expired
          ? sessionEndedBy(
              'the idle or lifetime limit',
              `Okta no longer knows session ${last?.session?.hint ?? ''}: its expiresAt (${new Date(ctx.session!.expiresAt!).toISOString()}) passed; the cookie stays in the browser until it closes.`,
              'Admin Console → Security → Global Session Policy → (rule) → Maximum Okta global session idle time (default 2 hours) and lifetime.',
              basis,
            )
          : sessionEndedBy(
              'revoked by someone else',
              `Okta answers 404 for session ${last?.session?.hint ?? ''} while the browser still holds its cookie: it was revoked outside this browser (an admin, an API call, another app's sign-out) or reached its limit.`,
              'Admin Console → Reports → System Log: search for user.session.end or user.session.clear for this user.',
              basis,
              'likely',
            ),
      );
    }
  }
  return out;
}

function sessionEndedBy(how: string, meaning: string, fix: string, basis: TimelineEvent[], certainty: 'certain' | 'likely' = 'certain'): Diagnosis {
  return make({ id: 'session-ended', title: `Session ended: ${how}`, meaning, fix, certainty }, basis);
}

// ---- 15, 16, 17 ----

function statusSignals(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
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

function redirectLoops(reqs: readonly RequestEvent[]): Diagnosis[] {
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
