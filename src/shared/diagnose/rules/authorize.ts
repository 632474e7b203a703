// Diagnoses 1-7 and 10-11 from the authorize: Okta's redirect back to the app, its own 400 page, silent renewal.
import type { RequestEvent, TimelineEvent } from '../../timeline/schema';
import { OKTA } from '../okta-texts';
import type { Diagnosis } from '../types';
import { OIDC_SCOPES, isAuthorize, sent, serverOf, serverWords, app, make, authorizesOf, authorizeBefore, generic } from './common';

// ---- 1-7, 11: what Okta said on its redirect back to the app ----

export function fromRedirectError(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
  const back = e.back;
  if (!back?.error) return [];
  const a = isAuthorize(e) ? e : authorizeBefore(reqs, e);
  const basis = a && a !== e ? [a, e] : [e];
  const said = back.errorDescription;
  const words = (fallback: string) => ({ okta: said ?? fallback, oktaSaid: said !== undefined, error: back.error! });
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

export function errorPage(reqs: readonly RequestEvent[], e: RequestEvent): Diagnosis[] {
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

export function silent(a: RequestEvent, end: RequestEvent = a): Diagnosis[] {
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

