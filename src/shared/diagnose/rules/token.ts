// Diagnoses 7-9 and 12 from the page's own calls: the token endpoint (status only) and CORS.
import type { RequestEvent } from '../../timeline/schema';
import { OKTA } from '../okta-texts';
import type { Diagnosis } from '../types';
import { isToken, failed, sent, app, browserOrigin, originOfAddress, make, authorizesOf, tokensOf, authorizeBefore, backAfter, corsBlocked } from './common';

// ---- 7, 8, 9: the token endpoint (status only; its body is invisible) ----

export function tokenRefused(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
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


export function cors(e: RequestEvent): Diagnosis[] {
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

