// OAuth failures (from the authorize redirect, the token and revoke endpoints, and the browser's sign-in window)
// turned into OktaErrors whose message says what to change and where. Okta's own words travel in
// okta.errorCode / okta.errorSummary so the UI can show them next to ours.
import { OktaError } from '../errors';

/** What a message may name: all of it is configuration the user typed or the extension chose, never a secret. */
export interface OAuthContext {
  origin: string;
  clientId?: string;
  redirectUri?: string;
  scopes?: readonly string[];
  /** chrome-extension://<id> or moz-extension://<uuid>: what to add as a Trusted Origin. */
  extensionOrigin?: string;
  /** Whether the request carried a DPoP proof. */
  dpop?: boolean;
}

/**
 * Okta reads a token request that carries an Origin as a web page's (PKCE, and an origin registered as a redirect
 * URI or Trusted Origin). The extension's own requests go out without Origin (src/background/origin-rule.ts), and
 * an extension origin cannot be registered in Okta (Trusted Origins take http, https and a few app schemes), so
 * the fix is never in the Admin Console: the browser kept the header.
 */
function browserOriginAdvice(ctx: OAuthContext): string {
  const which = ctx.extensionOrigin ? ` (${ctx.extensionOrigin})` : '';
  return (
    `The request carried the extension's Origin header${which}, which Okta reads as a web page's request, and an ` +
    `extension's origin cannot be registered as a Trusted Origin or redirect URI in Okta. The extension removes ` +
    `that header from its own requests; here the browser sent it anyway. Check that the extension still has its ` +
    `"declarativeNetRequestWithHostAccess" permission and reload it (a proxy that adds Origin would do the same).`
  );
}

const scopeList = (scopes: readonly string[] | undefined): string => (scopes?.length ? ` (${scopes.join(' ')})` : '');

function redirectUriMessage(ctx: OAuthContext): string {
  const uri = ctx.redirectUri ? ` ${ctx.redirectUri}` : '';
  return (
    `Okta does not accept the redirect URI${uri}: add exactly this URI to the app's Sign-in redirect URIs ` +
    `(Admin Console → Applications → the app → General).`
  );
}

/** The message for an OAuth `error` code; `description` is Okta's error_description. */
export function oauthErrorMessage(error: string, description: string | undefined, ctx: OAuthContext): string {
  const desc = description ?? '';
  // "Browser requests to the token endpoint must use Proof Key for Code Exchange." / "... must be part of at least
  // one whitelisted redirect_uri." / "... must be made from one of the registered Trusted Origins."
  if (/^Browser requests to the token endpoint/i.test(desc)) return `Okta treated the sign-in as a web page's request ("${desc}"). ${browserOriginAdvice(ctx)}`;
  switch (error) {
    case 'invalid_grant':
      if (/redirect_uri/i.test(desc)) return redirectUriMessage(ctx);
      if (/pkce|code_verifier/i.test(desc)) return 'Okta could not verify this sign-in (the PKCE check failed). Start the sign-in again.';
      return (
        'Okta no longer accepts this sign-in (invalid_grant): the code or refresh token was already used, has ' +
        'expired, or was revoked, for example by signing out of Okta. Sign in with Okta again.'
      );
    case 'invalid_client':
      return (
        `Okta does not accept the Client ID${ctx.clientId ? ` "${ctx.clientId}"` : ''} at ${ctx.origin}. Check that it ` +
        `is the Client ID of an app in this org, and that the app's client authentication is "None" (a public ` +
        `client using PKCE, such as a single-page app): the extension has no client secret.`
      );
    case 'invalid_scope':
      return (
        `The Okta app is not granted every scope the extension asked for${scopeList(ctx.scopes)}. On the app's ` +
        `Okta API Scopes tab, grant okta.sessions.read and okta.sessions.manage; to stay signed in, also allow ` +
        `the Refresh Token grant type.`
      );
    case 'invalid_request':
      if (/redirect_uri/i.test(desc)) return redirectUriMessage(ctx);
      return `Okta refused the sign-in request as invalid${desc ? `: "${desc}"` : ''}.`;
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return (
        'The Okta app is not allowed to sign in this way: in its General settings, allow the Authorization Code ' +
        'grant type, and Refresh Token to stay signed in.'
      );
    case 'access_denied':
      return (
        'Sign-in was not completed: Okta denied access. The sign-in may have been declined, or the user is not ' +
        'assigned to the app in Okta.'
      );
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
      return 'Okta needs you to sign in again: use Sign in with Okta.';
    case 'invalid_dpop_proof':
      return ctx.dpop
        ? `Okta rejected the extension's DPoP proof${desc ? ` ("${desc}")` : ''}. Sign in again; if it keeps happening, check the computer's clock.`
        : 'This Okta app requires DPoP ("Require Demonstrating Proof of Possession (DPoP) header in token ' +
            'requests" is on): turn on DPoP for this org in the extension, or turn that setting off in the app.';
    case 'use_dpop_nonce':
      return 'Okta kept asking for a fresh DPoP nonce. Try again.';
    case 'server_error':
    case 'temporarily_unavailable':
      return `Okta could not complete the sign-in right now (${error}). Try again in a moment.`;
    default:
      return `Okta refused the sign-in (${error})${desc ? `: "${desc}"` : ''}.`;
  }
}

export function oauthError(
  error: string,
  description: string | undefined,
  ctx: OAuthContext,
  extra: { status?: number; requestId?: string } = {},
): OktaError {
  const okta: NonNullable<OktaError['extra']['okta']> = { errorCode: error };
  if (description) okta.errorSummary = description;
  if (extra.requestId) okta.requestId = extra.requestId;
  return new OktaError('oauth', oauthErrorMessage(error, description, ctx), {
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    okta,
  });
}

/** A 403 without an OAuth error body from the token endpoint: Okta's answer to an Origin it does not trust. */
export function originRefused(ctx: OAuthContext, status: number, requestId?: string): OktaError {
  return new OktaError('oauth', `Okta refused the request from the extension (HTTP ${status}). ${browserOriginAdvice(ctx)}`, {
    status,
    ...(requestId ? { okta: { requestId } } : {}),
  });
}

/**
 * No HTTP reply from the token endpoint. A browser reports a CORS refusal and a network failure the same way
 * (a TypeError with no details), so the message covers both.
 */
export function tokenEndpointUnreachable(ctx: OAuthContext, reason: string, cause: unknown): OktaError {
  return new OktaError(
    'network',
    `Could not reach ${ctx.origin} to finish signing in (${reason}). Check the network. If Okta's pages load but ` +
      `this keeps failing, Okta may be refusing the request's origin. ${browserOriginAdvice(ctx)}`,
    { cause },
  );
}

/**
 * The browser's sign-in window (identity.launchWebAuthFlow) rejected. Its messages are fixed browser strings,
 * e.g. Chrome's "The user did not approve access." and Firefox's "User cancelled or denied access.".
 */
export function authFlowFailure(browserMessage: string, ctx: OAuthContext): OktaError {
  const m = browserMessage;
  let message: string;
  if (/did not approve|cancel|denied|closed/i.test(m)) {
    message = 'The sign-in window was closed before sign-in finished. Use Sign in with Okta to try again.';
  } else if (/could not be loaded|load/i.test(m)) {
    message =
      `Okta's sign-in page could not be loaded. Check the org URL and the Client ID, and that ` +
      `${ctx.redirectUri ?? "the extension's redirect URI"} is one of the app's Sign-in redirect URIs: Okta shows ` +
      `an error page instead of signing in when either is wrong.`;
  } else if (/interaction/i.test(m)) {
    message = 'Okta needs you to sign in: use Sign in with Okta.';
  } else {
    message = `The browser could not run the sign-in ("${m}"). Try again.`;
  }
  return new OktaError('oauth', message);
}
