import { sendJson, sendOktaError, type MockContext } from './http';
import type { OAuthClientSeed } from './oauth-store';

// Okta's rules for browser requests, which the mock enforces in strict mode (the default; MockOrgOptions
// `strictOrigins: false` or `mock.setStrictOrigins(false)` turns them off). Okta treats a request that carries an
// `Origin` header as a browser page's (../../shared/okta/FLOW-ERRORS.md, sections 2 and 4):
// - the management API (`/api/v1/*`) answers an Origin that is neither the org's own nor a CORS Trusted Origin
//   with 403 E0000212 "Origin validation failed." (the catalogue's code; which endpoints use it is UNCONFIRMED);
// - the token endpoint wants PKCE from a browser (401 invalid_client) and an Origin that is one of the app's
//   redirect URI origins or a Trusted Origin (400 invalid_request, Okta's two texts);
// - the revoke endpoint is taken to want the same origin (UNCONFIRMED: no source says what it answers).
// Requests without an Origin (server calls, as Okta's SDKs make them) pass, as they do at Okta.

export const TEXTS = {
  pkce: 'Browser requests to the token endpoint must use Proof Key for Code Exchange.',
  redirectOrigin: 'Browser requests to the token endpoint must be part of at least one whitelisted redirect_uri.',
} as const;

/** Whether `origin` is the origin of a registered redirect URI (`https://*.host/` patterns match one label). */
function isRedirectOrigin(client: OAuthClientSeed, origin: string): boolean {
  return client.redirectUris.some((uri) => {
    const m = /^(https?:\/\/[^/]+)/.exec(uri);
    if (!m) return false;
    const pattern = m[1]!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '[a-z0-9-]+');
    return new RegExp(`^${pattern}$`).test(origin);
  });
}

/** The request's Origin header, or undefined when it has none. */
export function requestOrigin(ctx: Pick<MockContext, 'req'>): string | undefined {
  const o = ctx.req.headers.origin;
  return typeof o === 'string' ? o : undefined;
}

/** The org's own hosts (its pages call its API) and its Trusted Origins. */
function trusted(ctx: MockContext, origin: string): boolean {
  return ctx.org.hosts.some((h) => origin === `https://${h}`) || ctx.org.corsOrigins.includes(origin);
}

/** Strict mode, `/api/*`: refuses an untrusted Origin with 403 E0000212; returns true when it answered. */
export function apiOriginRefused(ctx: MockContext): boolean {
  const origin = requestOrigin(ctx);
  if (!ctx.org.strictOrigins || origin === undefined || trusted(ctx, origin)) return false;
  sendOktaError(ctx.res, 'E0000212');
  return true;
}

/**
 * Strict mode, token and revoke endpoints: a browser request must come from one of the app's redirect URI
 * origins or a Trusted Origin, and a code exchange must use PKCE. Returns true when it answered.
 */
export function tokenOriginRefused(ctx: MockContext, client: OAuthClientSeed, form: URLSearchParams): boolean {
  const origin = requestOrigin(ctx);
  if (!ctx.org.strictOrigins || origin === undefined) return false;
  const reply = (status: number, error: string, description: string) => {
    sendJson(ctx.res, status, { error, error_description: description }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    return true;
  };
  if (form.get('grant_type') === 'authorization_code' && !form.get('code_verifier')) return reply(401, 'invalid_client', TEXTS.pkce);
  if (ctx.org.corsOrigins.includes(origin) || ctx.org.oauth.trustedOrigins?.includes(origin)) return false;
  if (!isRedirectOrigin(client, origin)) return reply(400, 'invalid_request', TEXTS.redirectOrigin);
  return false;
}
