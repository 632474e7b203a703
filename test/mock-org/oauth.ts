import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { tokenOriginRefused } from './browser-origin';
import { escapeHtml, redirect, sendEmpty, sendHtml, sendJson, type MockContext } from './http';
import { randomSegment } from './ids';
import { redirectUriAllowed, s256, type OAuthClientSeed } from './oauth-store';
import type { Router } from './router';

// The org authorization server (https://{org}/oauth2/v1/*): authorization code + PKCE for public clients,
// refresh-token rotation, revocation, and DPoP-bound tokens for clients that require DPoP. Choices where Okta is
// silent or unconfirmed are listed in README.md ("OAuth").

const DAY_S = 24 * 60 * 60;
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

// One signing key per mock process: id_tokens are real ES256 JWTs whose key is published at /oauth2/v1/keys,
// though the extension only reads them for display.
const idTokenKey: { privateKey: KeyObject; kid: string; jwk: Record<string, unknown> } = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomSegment(12);
  return { privateKey: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })), kid, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'ES256' } };
})();

function signJwt(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: idTokenKey.kid, typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: idTokenKey.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

function errorPage(ctx: MockContext, summary: string): void {
  // Okta shows its own error page, never redirects, when the client or redirect URI cannot be trusted.
  sendHtml(
    ctx.res,
    400,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>400 Bad Request</title></head>` +
      `<body><main><h1>400 Bad Request</h1><p id="error-summary">${escapeHtml(summary)}</p></main></body></html>`,
  );
}

function oauthErrorReply(ctx: MockContext, status: number, error: string, description: string, headers: Record<string, string> = {}): void {
  sendJson(ctx.res, status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

function redirectWith(ctx: MockContext, redirectUri: string, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  redirect(ctx.res, url.toString());
}

const scopeList = (raw: string | null | undefined): string[] => (raw ?? '').split(' ').filter(Boolean);

function metadata(ctx: MockContext): void {
  const o = ctx.org.origin;
  sendJson(ctx.res, 200, {
    issuer: o,
    authorization_endpoint: `${o}/oauth2/v1/authorize`,
    token_endpoint: `${o}/oauth2/v1/token`,
    revocation_endpoint: `${o}/oauth2/v1/revoke`,
    jwks_uri: `${o}/oauth2/v1/keys`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'okta.sessions.read', 'okta.sessions.manage'],
    dpop_signing_alg_values_supported: ['ES256', 'ES384', 'ES512', 'RS256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
  });
}

function keys(ctx: MockContext): void {
  sendJson(ctx.res, 200, { keys: [idTokenKey.jwk] });
}

function authorizeEndpoint(ctx: MockContext): void {
  const q = ctx.query;
  const client = ctx.org.oauth.clients.get(q.get('client_id') ?? '');
  if (!client) return errorPage(ctx, "The 'client_id' parameter is invalid: no app in this org has that Client ID.");
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!redirectUriAllowed(client, redirectUri)) {
    return errorPage(ctx, "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
  }
  const state = q.get('state') ?? undefined;
  const fail = (error: string, description: string) => redirectWith(ctx, redirectUri, { error, error_description: description, state });
  if (q.get('response_type') !== 'code') return fail('unsupported_response_type', "The response type is not supported by the authorization server. Configured response types: [code].");
  if (!state) return fail('invalid_request', "The 'state' parameter is required.");
  const scopes = scopeList(q.get('scope'));
  if (!scopes.length) return fail('invalid_scope', 'The authorization request must ask for at least one scope.');
  const ungranted = scopes.filter((s) => !client.scopes.includes(s));
  if (ungranted.length) return fail('invalid_scope', `One or more scopes are not configured for the authorization server resource: ${ungranted.join(' ')}.`);
  const challenge = q.get('code_challenge');
  if (!challenge) return fail('invalid_request', "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.");
  if (q.get('code_challenge_method') !== 'S256') return fail('invalid_request', "The 'code_challenge_method' parameter must be S256.");
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', "The 'code_challenge' parameter is malformed.");

  const prompt = q.get('prompt');
  const session = prompt === 'login' ? undefined : ctx.org.sessionFromCookies(ctx.cookies);
  if (!session) {
    if (prompt === 'none') return fail('login_required', 'The client specified not to prompt, but the user is not logged in.');
    // Back to this very request after sign-in (without prompt=login, or it would ask again forever).
    const back = new URLSearchParams(q);
    back.delete('prompt');
    return redirect(ctx.res, `/login/login.htm?fromURI=${encodeURIComponent(`/oauth2/v1/authorize?${back}`)}`);
  }
  const nonce = q.get('nonce') ?? undefined;
  const code = ctx.org.oauth.issueCode(
    {
      clientId: client.clientId,
      redirectUri,
      codeChallenge: challenge,
      scopes,
      ...(nonce !== undefined ? { nonce } : {}),
      login: session.login,
      sessionId: session.id,
      authTime: Date.parse(session.createdAt),
    },
    ctx.now(),
  );
  redirectWith(ctx, redirectUri, { code, state });
}

/** A 403 with no JSON body for an Origin that is not a Trusted Origin. */
function originRefused(ctx: MockContext): boolean {
  const allowed = ctx.org.oauth.trustedOrigins;
  const origin = ctx.req.headers.origin;
  if (!allowed || origin === undefined || allowed.includes(origin)) return false;
  sendHtml(ctx.res, 403, '<!doctype html><title>403 Forbidden</title><p>Forbidden</p>');
  return true;
}

function formOf(ctx: MockContext): URLSearchParams | undefined {
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(ctx.body) : undefined;
}

interface Issue {
  client: OAuthClientSeed;
  scopes: string[];
  login: string;
  jkt?: string;
  nonce?: string;
  authTime?: number;
  sessionId?: string;
}

function issueTokens(ctx: MockContext, x: Issue, nonceHeader: Record<string, string>): void {
  const org = ctx.org;
  const now = ctx.now();
  const user = org.user(x.login);
  const accessLifetime = x.client.accessTokenLifetimeSeconds ?? 3600;
  const accessToken = `at.${randomSegment(40)}`;
  org.accessTokens.set(accessToken, {
    scopes: x.scopes,
    expiresAt: now + accessLifetime * 1000,
    ...(x.jkt !== undefined ? { dpop: true, jkt: x.jkt } : {}),
    clientId: x.client.clientId,
  });
  const body: Record<string, unknown> = {
    token_type: x.jkt !== undefined ? 'DPoP' : 'Bearer',
    expires_in: accessLifetime,
    access_token: accessToken,
    scope: x.scopes.join(' '),
  };
  if (x.scopes.includes('offline_access')) {
    body.refresh_token = org.oauth.issueRefreshToken({
      clientId: x.client.clientId,
      scopes: x.scopes,
      login: x.login,
      expiresAt: now + (x.client.refreshTokenLifetimeSeconds ?? 90 * DAY_S) * 1000,
      ...(x.jkt !== undefined ? { jkt: x.jkt } : {}),
    });
  }
  if (x.scopes.includes('openid') && user) {
    const iat = Math.floor(now / 1000);
    body.id_token = signJwt({
      iss: org.origin,
      aud: x.client.clientId,
      sub: user.id,
      iat,
      exp: iat + 3600,
      ...(x.authTime !== undefined ? { auth_time: Math.floor(x.authTime / 1000) } : {}),
      ...(x.nonce !== undefined ? { nonce: x.nonce } : {}),
      ...(x.sessionId !== undefined ? { sid: x.sessionId } : {}),
      ...(x.scopes.includes('profile') ? { name: `${user.firstName} ${user.lastName}`, preferred_username: user.login } : {}),
      ...(x.scopes.includes('email') ? { email: user.login } : {}),
    });
  }
  sendJson(ctx.res, 200, body, { ...NO_STORE, ...nonceHeader });
}

function tokenEndpoint(ctx: MockContext): void {
  if (originRefused(ctx)) return;
  const form = formOf(ctx);
  if (!form) return oauthErrorReply(ctx, 400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
  const client = ctx.org.oauth.clients.get(form.get('client_id') ?? '');
  if (!client) return oauthErrorReply(ctx, 401, 'invalid_client', "Invalid value for 'client_id' parameter.");
  if (tokenOriginRefused(ctx, client, form)) return;
  const oauth = ctx.org.oauth;
  const now = ctx.now();

  // DPoP first, so a use_dpop_nonce answer leaves the code unspent for the retry.
  let jkt: string | undefined;
  let nonceHeader: Record<string, string> = {};
  if (client.dpop) {
    nonceHeader = { 'DPoP-Nonce': oauth.tokenNonce };
    const proof = ctx.req.headers.dpop;
    if (typeof proof !== 'string') return oauthErrorReply(ctx, 400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
    const check = oauth.checkTokenRequestProof(proof, { htu: `https://${ctx.host}${ctx.path}`, now });
    if (!check.ok) return oauthErrorReply(ctx, 400, check.error, check.description, nonceHeader);
    jkt = check.jkt;
  }

  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') {
    const redirectUri = form.get('redirect_uri');
    if (!redirectUri) return oauthErrorReply(ctx, 400, 'invalid_request', "The 'redirect_uri' parameter is required.");
    if (!redirectUriAllowed(client, redirectUri)) {
      return oauthErrorReply(ctx, 400, 'invalid_request', "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.");
    }
    const code = oauth.redeemCode(form.get('code') ?? '', client.clientId, now);
    if (!code) return oauthErrorReply(ctx, 400, 'invalid_grant', 'The authorization code is invalid or has expired.');
    if (code.redirectUri !== redirectUri) {
      return oauthErrorReply(ctx, 400, 'invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request.");
    }
    const verifier = form.get('code_verifier');
    if (!verifier) return oauthErrorReply(ctx, 400, 'invalid_request', "The 'code_verifier' parameter is required.");
    if (s256(verifier) !== code.codeChallenge) return oauthErrorReply(ctx, 400, 'invalid_grant', 'PKCE verification failed.');
    return issueTokens(
      ctx,
      {
        client,
        scopes: code.scopes,
        login: code.login,
        ...(jkt !== undefined ? { jkt } : {}),
        ...(code.nonce !== undefined ? { nonce: code.nonce } : {}),
        authTime: code.authTime,
        sessionId: code.sessionId,
      },
      nonceHeader,
    );
  }
  if (grantType === 'refresh_token') {
    const value = form.get('refresh_token') ?? '';
    const grant = oauth.liveRefreshToken(value, client.clientId, now);
    if (!grant) return oauthErrorReply(ctx, 400, 'invalid_grant', 'The refresh token is invalid or expired.');
    if (grant.jkt !== undefined && grant.jkt !== jkt) {
      return oauthErrorReply(ctx, 400, 'invalid_dpop_proof', 'The DPoP proof key does not match the key the refresh token is bound to.', nonceHeader);
    }
    const asked = scopeList(form.get('scope'));
    if (asked.some((s) => !grant.scopes.includes(s))) {
      return oauthErrorReply(ctx, 400, 'invalid_scope', 'The requested scopes exceed those of the original grant.');
    }
    // Rotation: the old refresh token stops working the moment a new one is issued.
    oauth.refreshTokens.delete(value);
    return issueTokens(ctx, { client, scopes: asked.length ? asked : grant.scopes, login: grant.login, ...(jkt !== undefined ? { jkt } : {}) }, nonceHeader);
  }
  oauthErrorReply(ctx, 400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server. Configured grant types: [authorization_code, refresh_token].');
}

function revokeEndpoint(ctx: MockContext): void {
  if (originRefused(ctx)) return;
  const form = formOf(ctx);
  if (!form) return oauthErrorReply(ctx, 400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
  const client = ctx.org.oauth.clients.get(form.get('client_id') ?? '');
  if (!client) return oauthErrorReply(ctx, 401, 'invalid_client', "Invalid value for 'client_id' parameter.");
  if (tokenOriginRefused(ctx, client, form)) return;
  const token = form.get('token');
  if (!token) return oauthErrorReply(ctx, 400, 'invalid_request', "The 'token' parameter is required.");
  // RFC 7009: unknown tokens are not an error. A token of another client is left alone.
  const access = ctx.org.accessTokens.get(token);
  if (access?.clientId === client.clientId) ctx.org.accessTokens.delete(token);
  if (ctx.org.oauth.refreshTokens.get(token)?.clientId === client.clientId) ctx.org.oauth.refreshTokens.delete(token);
  sendEmpty(ctx.res, 200, { ...NO_STORE, 'Content-Length': 0 });
}

export function oauthRoutes(router: Router): void {
  router.route('GET', '/.well-known/oauth-authorization-server', metadata);
  router.route('GET', '/.well-known/openid-configuration', metadata);
  router.route('GET', '/oauth2/v1/keys', keys);
  router.route('GET', '/oauth2/v1/authorize', authorizeEndpoint);
  router.route('POST', '/oauth2/v1/token', tokenEndpoint);
  router.route('POST', '/oauth2/v1/revoke', revokeEndpoint);
}
