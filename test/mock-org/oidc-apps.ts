import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml, redirect, sendHtml, sendJson, type MockContext } from './http';
import { COOKIE_ATTRS } from './pages';
import type { Router } from './router';
import type { OrgState } from './state';

// A custom authorization server ("default", at https://{org}/oauth2/default/v1/*) serving an OIDC app model:
// apps with registered sign-in and sign-out redirect URIs, assigned users, grant and response types, PKCE
// required or not, SPA or Web; the server's scopes, its access policy (which clients it covers, which scopes
// it denies) and the org's Trusted Origins. Failures travel on Okta's channels with Okta's texts
// (shared/okta/FLOW-ERRORS.md): a redirect back to the app with `error` and `error_description`, Okta's own
// 400 page when the return address cannot be trusted, status-only JSON at the token endpoint, CORS headers only
// for Trusted Origins. The org authorization server of oauth.ts (the extension's own Sign in with Okta) is not
// touched by this module.

export const APP_HOST = 'app.example.test';
export const APP_ORIGIN = `https://${APP_HOST}`;
/** A second site, never registered anywhere: its pages are the untrusted origin. */
export const OTHER_HOST = 'other.example.test';
export const OTHER_ORIGIN = `https://${OTHER_HOST}`;

export interface OidcApp {
  clientId: string;
  kind: 'spa' | 'web';
  redirectUris: string[];
  logoutUris: string[];
  /** Logins assigned to the app; 'everyone' for a group everyone is in. */
  assigned: 'everyone' | string[];
  grantTypes: string[];
  responseTypes: string[];
  pkceRequired: boolean;
}

export interface AuthServerModel {
  apps: Map<string, OidcApp>;
  scopes: string[];
  /** Clients an access policy of the server is assigned to; others get "Policy evaluation failed". */
  policyClients: Set<string>;
  /** Scopes the policy's rule does not grant. */
  deniedScopes: string[];
  trustedOrigins: Array<{ origin: string; cors: boolean; redirect: boolean }>;
  /** A /v1/logout that answers but leaves the session cookie in place (the UNCONFIRMED Okta case, on purpose). */
  logoutKeepsCookie: boolean;
  codes: Map<string, { clientId: string; redirectUri: string; challenge?: string; issuedAt: number; used: boolean; login: string }>;
  tokens: Set<string>;
}

export const SPA_CLIENT = '0oaSpaApp00000000001';
export const WEB_CLIENT = '0oaWebApp00000000002';
export const UNASSIGNED_CLIENT = '0oaNobodyApp0000003';
export const NO_POLICY_CLIENT = '0oaNoPolicyApp00004';
export const IMPLICIT_OFF_CLIENT = '0oaCodeOnlyApp00005';

function seed(): AuthServerModel {
  const app = (clientId: string, over: Partial<OidcApp> = {}): [string, OidcApp] => [
    clientId,
    {
      clientId,
      kind: 'spa',
      redirectUris: [`${APP_ORIGIN}/callback`, `${APP_ORIGIN}/silent-callback`],
      logoutUris: [`${APP_ORIGIN}/`],
      assigned: 'everyone',
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      pkceRequired: true,
      ...over,
    },
  ];
  const apps = new Map([
    app(SPA_CLIENT),
    app(WEB_CLIENT, { kind: 'web', pkceRequired: false }),
    app(UNASSIGNED_CLIENT, { assigned: [] }),
    app(NO_POLICY_CLIENT),
    app(IMPLICIT_OFF_CLIENT),
  ]);
  return {
    apps,
    scopes: ['openid', 'profile', 'email', 'offline_access', 'orders.read', 'orders.admin'],
    policyClients: new Set([SPA_CLIENT, WEB_CLIENT, UNASSIGNED_CLIENT, IMPLICIT_OFF_CLIENT]),
    deniedScopes: ['orders.admin'],
    trustedOrigins: [{ origin: APP_ORIGIN, cors: true, redirect: true }],
    logoutKeepsCookie: false,
    codes: new Map(),
    tokens: new Set(),
  };
}

const models = new WeakMap<OrgState, AuthServerModel>();

/** The org's "default" authorization server and its apps; tests may change it (a fresh one per mock org). */
export function authServer(org: OrgState): AuthServerModel {
  let m = models.get(org);
  if (!m) models.set(org, (m = seed()));
  return m;
}

/** Okta's 400 page: it does not redirect to an address it cannot trust. */
function oktaErrorPage(ctx: MockContext, code: string, summary: string): void {
  sendHtml(
    ctx.res,
    400,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>400 Bad Request</title></head><body><main>` +
      `<h1>400 Bad Request</h1><p id="error-code">Error Code: ${escapeHtml(code)}</p><p id="error-summary">${escapeHtml(summary)}</p></main></body></html>`,
  );
}

function back(ctx: MockContext, redirectUri: string, mode: string | null, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  if (mode === 'fragment') url.hash = p.toString();
  else for (const [k, v] of p) url.searchParams.set(k, v);
  redirect(ctx.res, url.toString());
}

const OIDC_SCOPES = ['profile', 'email', 'address', 'phone'];

function authorize(ctx: MockContext): void {
  const m = authServer(ctx.org);
  const q = ctx.query;
  const app = m.apps.get(q.get('client_id') ?? '');
  if (!app) return oktaErrorPage(ctx, 'invalid_client', "Invalid value for 'client_id' parameter.");
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return oktaErrorPage(ctx, 'invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
  }
  const state = q.get('state') ?? undefined;
  const mode = q.get('response_mode');
  const fail = (error: string, description: string) => back(ctx, redirectUri, mode, { state, error, error_description: description });
  const responseType = q.get('response_type') ?? '';
  if (!responseType.split(' ').every((t) => app.responseTypes.includes(t))) {
    return fail('unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: [${app.responseTypes.join(', ')}].`);
  }
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.some((s) => OIDC_SCOPES.includes(s)) && !scopes.includes('openid')) {
    return fail('invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope.");
  }
  if (scopes.some((s) => !m.scopes.includes(s))) return fail('invalid_scope', 'One or more scopes are not configured for the authorization server resource.');
  const challenge = q.get('code_challenge') ?? undefined;
  if (app.pkceRequired && !challenge) return fail('invalid_request', 'PKCE code challenge is required by the application.');

  const session = q.get('prompt') === 'login' ? undefined : ctx.org.sessionFromCookies(ctx.cookies);
  if (!session) {
    if (q.get('prompt') === 'none') return fail('login_required', 'The client specified not to prompt, but the user is not logged in.');
    const again = new URLSearchParams(q);
    again.delete('prompt');
    return redirect(ctx.res, `/login/login.htm?fromURI=${encodeURIComponent(`/oauth2/default/v1/authorize?${again}`)}`);
  }
  if (app.assigned !== 'everyone' && !app.assigned.includes(session.login)) return fail('access_denied', 'User is not assigned to the client application.');
  if (!m.policyClients.has(app.clientId)) return fail('access_denied', 'Policy evaluation failed for this request, please check the policy configurations.');
  const denied = scopes.filter((s) => m.deniedScopes.includes(s));
  if (denied.length) return fail('access_denied', `Some of the requested scopes were denied by the policy. Denied scopes: [${denied.join(', ')}].`);
  const code = randomBytes(24).toString('base64url');
  m.codes.set(code, { clientId: app.clientId, redirectUri, ...(challenge ? { challenge } : {}), issuedAt: ctx.now(), used: false, login: session.login });
  back(ctx, redirectUri, mode, { code, state });
}

/** CORS headers for a Trusted Origin of type CORS; none for any other origin (so the browser hides the answer). */
function corsHeaders(ctx: MockContext): Record<string, string> {
  const origin = ctx.req.headers.origin;
  const trusted = origin !== undefined && authServer(ctx.org).trustedOrigins.some((t) => t.cors && t.origin === origin);
  return trusted ? { 'Access-Control-Allow-Origin': origin!, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {};
}

function tokenError(ctx: MockContext, status: number, error: string, description: string): void {
  sendJson(ctx.res, status, { error, error_description: description }, { 'Cache-Control': 'no-store', ...corsHeaders(ctx) });
}

function token(ctx: MockContext): void {
  const m = authServer(ctx.org);
  const form = new URLSearchParams(ctx.body);
  const origin = ctx.req.headers.origin;
  const code = m.codes.get(form.get('code') ?? '');
  const app = m.apps.get(form.get('client_id') ?? code?.clientId ?? '');
  if (!app) return tokenError(ctx, 401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.');
  const verifier = form.get('code_verifier') ?? undefined;
  // Okta treats a request that carries Origin as a browser request.
  if (origin !== undefined) {
    if (!verifier) return tokenError(ctx, 401, 'invalid_client', 'Browser requests to the token endpoint must use Proof Key for Code Exchange.');
    if (!m.trustedOrigins.some((t) => t.origin === origin)) {
      return tokenError(ctx, 400, 'invalid_request', 'Browser requests to the token endpoint must be made from one of the registered Trusted Origins.');
    }
  }
  if (form.get('grant_type') !== 'authorization_code' || !app.grantTypes.includes('authorization_code')) {
    return tokenError(ctx, 400, 'unauthorized_client', 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].');
  }
  if (!code || code.used || ctx.now() - code.issuedAt > 300_000 || code.clientId !== app.clientId) {
    return tokenError(ctx, 400, 'invalid_grant', 'The authorization code is invalid or has expired.');
  }
  code.used = true;
  if (verifier && !code.challenge) return tokenError(ctx, 400, 'invalid_request', 'PKCE code challenge should be specified in the authorize request for code verification.');
  if (code.challenge && createHash('sha256').update(verifier ?? '').digest('base64url') !== code.challenge) {
    return tokenError(ctx, 400, 'invalid_grant', 'PKCE verification failed.');
  }
  if (form.get('redirect_uri') !== code.redirectUri) {
    return tokenError(ctx, 400, 'invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
  }
  const access = randomBytes(24).toString('base64url');
  m.tokens.add(access);
  sendJson(ctx.res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: access, id_token: `idt.${randomBytes(12).toString('base64url')}.sig`, scope: 'openid' }, { 'Cache-Control': 'no-store', ...corsHeaders(ctx) });
}

function keys(ctx: MockContext): void {
  sendJson(ctx.res, 200, { keys: [] }, corsHeaders(ctx));
}

function userinfo(ctx: MockContext): void {
  const auth = ctx.req.headers.authorization ?? '';
  const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  if (!authServer(ctx.org).tokens.has(bearer)) {
    return sendJson(ctx.res, 401, {}, { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="The access token is invalid"', ...corsHeaders(ctx) });
  }
  sendJson(ctx.res, 200, { sub: 'mock' }, corsHeaders(ctx));
}

function preflight(ctx: MockContext): void {
  const h = corsHeaders(ctx);
  ctx.res.writeHead(h['Access-Control-Allow-Origin'] ? 204 : 403, { ...h, 'Access-Control-Allow-Headers': 'Authorization, Content-Type', 'Access-Control-Allow-Methods': 'GET, POST' });
  ctx.res.end();
}

function logout(ctx: MockContext): void {
  const m = authServer(ctx.org);
  const q = ctx.query;
  if (!q.get('id_token_hint')) return oktaErrorPage(ctx, 'invalid_request', "The 'id_token_hint' parameter is required.");
  const to = q.get('post_logout_redirect_uri');
  const registered = [...m.apps.values()].some((a) => to !== null && a.logoutUris.includes(to));
  if (to !== null && !registered) {
    return oktaErrorPage(ctx, 'invalid_request', "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
  }
  const target = to ? `${to}${q.get('state') ? `?state=${encodeURIComponent(q.get('state')!)}` : ''}` : '/login/login.htm';
  if (m.logoutKeepsCookie) return redirect(ctx.res, target);
  const s = ctx.org.sessionFromCookies(ctx.cookies);
  if (s) ctx.org.endSession(s.id);
  redirect(ctx.res, target, { 'Set-Cookie': [`sid=; Max-Age=0; ${COOKIE_ATTRS}`, `idx=; Max-Age=0; ${COOKIE_ATTRS}`] });
}

export function oidcAppRoutes(router: Router): void {
  router.route('GET', '/oauth2/default/v1/authorize', authorize);
  router.route('POST', '/oauth2/default/v1/token', token);
  router.route('OPTIONS', '/oauth2/default/v1/token', preflight);
  router.route('GET', '/oauth2/default/v1/keys', keys);
  router.route('GET', '/oauth2/default/v1/userinfo', userinfo);
  router.route('OPTIONS', '/oauth2/default/v1/userinfo', preflight);
  router.route('GET', '/oauth2/default/v1/logout', logout);
}
