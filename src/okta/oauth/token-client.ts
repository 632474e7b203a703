// The org authorization server's token and revoke endpoints, as a public client: PKCE instead of a secret,
// and, for apps that require it, DPoP proofs with the one nonce retry RFC 9449 describes. Every failure is an
// OktaError whose message says what to change; tokens never appear in a message.
import * as z from 'zod/mini';
import { OktaError } from '../errors';
import { exchange, jsonOf, type ExchangeOptions, type Reply } from '../http';
import { normalizeOrgUrl } from '../org';
import { lazy } from '../lazy';
import { describeIssue } from '../schemas';
import { validateClientId } from './authorize-url';
import { createProof } from './dpop';
import { oauthError, originRefused, tokenEndpointUnreachable, type OAuthContext } from './oauth-errors';

export const tokenResponseSchema = /* @__PURE__ */ lazy(() => z.looseObject({
  access_token: z.string().check(z.minLength(1)),
  token_type: z.string(),
  expires_in: z.number().check(z.positive()),
  scope: z.optional(z.string()),
  refresh_token: z.optional(z.string().check(z.minLength(1))),
  id_token: z.optional(z.string().check(z.minLength(1))),
}));
export type TokenResponse = z.infer<ReturnType<typeof tokenResponseSchema>>;

export const oauthErrorBodySchema = /* @__PURE__ */ lazy(() => z.looseObject({
  error: z.string().check(z.minLength(1)),
  error_description: z.optional(z.string()),
}));

export type TokenType = 'Bearer' | 'DPoP';

/** What a sign-in or renewal yields. Times are epoch ms by the caller's clock. */
export interface TokenSet {
  accessToken: string;
  tokenType: TokenType;
  /** obtainedAt + expires_in, where obtainedAt is when the request was sent (so it errs early). */
  expiresAt: number;
  obtainedAt: number;
  /** Granted scopes (Okta's `scope`; the requested ones when it is absent). */
  scopes: string[];
  refreshToken?: string;
  idToken?: string;
}

export interface TokenClientOptions {
  /** A normalised org origin; the org authorization server lives at <origin>/oauth2/v1. */
  origin: string;
  clientId: string;
  /** When set, token requests carry a DPoP proof signed with this key, and Okta binds the tokens to it. */
  dpopKeyPair?: CryptoKeyPair;
  /** chrome-extension://<id> or moz-extension://<uuid>, named in the advice when Okta refuses the Origin. */
  extensionOrigin?: string;
  fetch?: typeof fetch;
  /** Per request, body included. Default 10 000. */
  timeoutMs?: number;
  now?: () => number;
}

export interface TokenClient {
  readonly origin: string;
  readonly clientId: string;
  /** authorization_code grant; `scopes` (those asked for) stand in if Okta's reply omits `scope`. */
  exchangeCode(p: { code: string; codeVerifier: string; redirectUri: string; scopes?: readonly string[] }): Promise<TokenSet>;
  /** refresh_token grant. Okta rotates refresh tokens: the new one is returned, or the old one when none came. */
  refresh(refreshToken: string, scopes?: readonly string[]): Promise<TokenSet>;
  /** RFC 7009 revocation. Okta answers 200 for tokens it does not know, so this succeeds for them too. */
  revoke(token: string, tokenTypeHint: 'access_token' | 'refresh_token'): Promise<void>;
}

function oauthErrorBody(reply: Reply): { error: string; error_description?: string | undefined } | undefined {
  const parsed = oauthErrorBodySchema().safeParse(jsonOf(reply.text));
  return parsed.success ? parsed.data : undefined;
}

export function createTokenClient(options: TokenClientOptions): TokenClient {
  const origin = normalizeOrgUrl(options.origin).origin;
  if (origin !== options.origin) {
    throw new OktaError('invalid_input', `The token client needs a normalised org origin such as ${origin}.`);
  }
  const clientId = validateClientId(options.clientId);
  const keyPair = options.dpopKeyPair;
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const baseContext: OAuthContext = {
    origin,
    clientId,
    dpop: keyPair !== undefined,
    ...(options.extensionOrigin ? { extensionOrigin: options.extensionOrigin } : {}),
  };
  /** The token endpoint's latest DPoP-Nonce; Okta asks for one on the first proof and may rotate it. */
  let dpopNonce: string | undefined;

  /** POSTs a form; with DPoP, retries once when Okta answers use_dpop_nonce with a fresh DPoP-Nonce. */
  async function post(path: string, form: Record<string, string>, ctx: OAuthContext, withDpop: boolean): Promise<Reply> {
    const url = origin + path;
    const body = new URLSearchParams(form).toString();
    const http: ExchangeOptions = {
      fetch: doFetch,
      timeoutMs: options.timeoutMs ?? 10_000,
      origin,
      during: ' while signing in',
      unreachable: (reason, cause) => tokenEndpointUnreachable(ctx, reason, cause),
    };
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
      if (withDpop && keyPair) {
        headers.DPoP = await createProof({ keyPair, htm: 'POST', htu: url, now, ...(dpopNonce !== undefined ? { nonce: dpopNonce } : {}) });
      }
      const reply = await exchange(http, url, { method: 'POST', headers, body });
      const offered = reply.headers.get('dpop-nonce') ?? undefined;
      const staleNonce = offered !== undefined && offered !== dpopNonce;
      if (offered) dpopNonce = offered;
      if (
        withDpop &&
        attempt === 0 &&
        staleNonce &&
        (reply.status === 400 || reply.status === 401) &&
        oauthErrorBody(reply)?.error === 'use_dpop_nonce'
      ) {
        continue;
      }
      return reply;
    }
  }

  function failure(reply: Reply, ctx: OAuthContext): OktaError {
    const requestId = reply.headers.get('x-okta-request-id') ?? undefined;
    const extra = { status: reply.status, ...(requestId ? { okta: { requestId } } : {}) };
    if (reply.redirect) {
      return new OktaError('oauth', `${origin} answered the sign-in with a redirect, which is not followed. Check the org URL.`, extra);
    }
    const body = oauthErrorBody(reply);
    if (body) return oauthError(body.error, body.error_description, ctx, { status: reply.status, ...(requestId ? { requestId } : {}) });
    if (reply.status === 403) return originRefused(ctx, reply.status, requestId);
    if (reply.status === 429) {
      const reset = Number(reply.headers.get('x-rate-limit-reset'));
      const retryAt = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
      return new OktaError('rate_limited', "Okta's rate limit for signing in was reached (HTTP 429). Wait a minute and try again.", {
        ...extra,
        ...(retryAt !== undefined ? { retryAt } : {}),
      });
    }
    if (reply.status >= 500) return new OktaError('okta', `Okta had a server error (HTTP ${reply.status}) while signing in. Try again.`, extra);
    return new OktaError('okta', `Okta's token endpoint answered HTTP ${reply.status}, which the extension did not expect.`, extra);
  }

  function tokenSet(reply: Reply, ctx: OAuthContext, obtainedAt: number, requested: readonly string[] | undefined): TokenSet {
    const malformed = (why: string) => new OktaError('malformed', `Okta's token reply ${why}.`, { status: reply.status });
    const json = jsonOf(reply.text);
    if (json === undefined) throw malformed('was not JSON');
    const parsed = tokenResponseSchema().safeParse(json);
    if (!parsed.success) throw malformed(`did not look like tokens (${describeIssue(parsed.error.issues)})`);
    const t = parsed.data;
    // token_type is case-insensitive (RFC 6749 §5.1).
    const type = t.token_type.toLowerCase();
    const tokenType: TokenType | undefined = type === 'bearer' ? 'Bearer' : type === 'dpop' ? 'DPoP' : undefined;
    if (!tokenType) throw malformed(`has a token type the extension cannot use ("${t.token_type.slice(0, 20)}")`);
    if (tokenType === 'DPoP' && !ctx.dpop) throw malformed('gave a DPoP-bound token to a request without a DPoP key');
    const scopes = t.scope !== undefined ? t.scope.split(' ').filter(Boolean) : [...(requested ?? [])];
    const out: TokenSet = { accessToken: t.access_token, tokenType, expiresAt: obtainedAt + t.expires_in * 1000, obtainedAt, scopes };
    if (t.refresh_token !== undefined) out.refreshToken = t.refresh_token;
    if (t.id_token !== undefined) out.idToken = t.id_token;
    return out;
  }

  async function tokenRequest(form: Record<string, string>, ctx: OAuthContext, requested?: readonly string[]): Promise<TokenSet> {
    const obtainedAt = now();
    const reply = await post('/oauth2/v1/token', form, ctx, true);
    if (reply.status !== 200) throw failure(reply, ctx);
    return tokenSet(reply, ctx, obtainedAt, requested);
  }

  const nonEmpty = (value: string, what: string): void => {
    if (typeof value !== 'string' || !value) throw new OktaError('invalid_input', `Signing in needs ${what}.`);
  };

  return {
    origin,
    clientId,
    async exchangeCode({ code, codeVerifier, redirectUri, scopes }) {
      nonEmpty(code, 'the code Okta sent back');
      nonEmpty(codeVerifier, 'the PKCE code verifier');
      const ctx: OAuthContext = { ...baseContext, redirectUri, ...(scopes ? { scopes } : {}) };
      return tokenRequest(
        { grant_type: 'authorization_code', client_id: clientId, code, code_verifier: codeVerifier, redirect_uri: redirectUri },
        ctx,
        scopes,
      );
    },
    async refresh(refreshToken, scopes) {
      nonEmpty(refreshToken, 'a refresh token: sign in with Okta again');
      const form: Record<string, string> = { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken };
      if (scopes?.length) form.scope = scopes.join(' ');
      const tokens = await tokenRequest(form, { ...baseContext, ...(scopes ? { scopes } : {}) }, scopes);
      return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
    },
    async revoke(token, tokenTypeHint) {
      nonEmpty(token, 'a token to revoke');
      const reply = await post('/oauth2/v1/revoke', { client_id: clientId, token, token_type_hint: tokenTypeHint }, baseContext, false);
      if (reply.status !== 200 && reply.status !== 204) throw failure(reply, baseContext);
    },
  };
}
