import { createHash } from 'node:crypto';
import { checkDpopProof, type ProofCheck } from './dpop-proof';
import { DEMO_CLIENT_ID, DEMO_DPOP_CLIENT_ID, DEMO_OAUTH_SCOPES, DEMO_REDIRECT_URIS } from './demo';
import { randomSegment } from './ids';

// The org authorization server's memory: registered OAuth clients, one-time codes, refresh tokens and DPoP
// nonces. Access tokens live in OrgState.accessTokens (so the session endpoints see them); this holds the rest.

export interface OAuthClientSeed {
  clientId: string;
  /**
   * Sign-in redirect URIs, compared exactly. A `*` as the first host label matches one DNS label, e.g.
   * `https://*.chromiumapp.org/` accepts any extension id's Chrome redirect URL (the path must still match).
   */
  redirectUris: string[];
  /** Scopes the app is granted (OIDC scopes and the Okta API Scopes tab). Requests for others: invalid_scope. */
  scopes: string[];
  /** "Require DPoP header in token requests": token requests need a proof, tokens come back DPoP-bound. */
  dpop?: boolean;
  /** Default 3600 (Okta's one hour). */
  accessTokenLifetimeSeconds?: number;
  /** Default: 90 days. */
  refreshTokenLifetimeSeconds?: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  nonce?: string;
  login: string;
  sessionId: string;
  expiresAt: number;
  authTime: number;
}

export interface RefreshGrant {
  clientId: string;
  scopes: string[];
  login: string;
  expiresAt: number;
  /** Thumbprint of the DPoP key it is bound to (DPoP clients). */
  jkt?: string;
}

/** The demo org's two apps: the same public client, without and with "Require DPoP". */
export function demoOAuthClients(): OAuthClientSeed[] {
  const base = { redirectUris: [...DEMO_REDIRECT_URIS], scopes: [...DEMO_OAUTH_SCOPES] };
  return [
    { clientId: DEMO_CLIENT_ID, ...base },
    { clientId: DEMO_DPOP_CLIENT_ID, ...base, dpop: true },
  ];
}

/** Lifetime of an authorization code, as Okta's (one minute). */
export const CODE_LIFETIME_MS = 60_000;

const patternOf = (uri: string): RegExp | undefined => {
  const m = /^(https:\/\/)\*\.(.+)$/.exec(uri);
  if (!m) return undefined;
  const escaped = m[2]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${m[1]}[a-z0-9-]+\\.${escaped}$`);
};

export function redirectUriAllowed(client: OAuthClientSeed, uri: string): boolean {
  return client.redirectUris.some((allowed) => allowed === uri || (patternOf(allowed)?.test(uri) ?? false));
}

export const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

export class OAuthStore {
  readonly clients = new Map<string, OAuthClientSeed>();
  readonly codes = new Map<string, AuthCode>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  /** When set, token and revoke requests whose Origin header is not listed get a 403 without a JSON body. */
  trustedOrigins: string[] | undefined;
  /** The session endpoints answer use_dpop_nonce until a DPoP proof carries the resource nonce. Default off. */
  requireResourceNonce = false;
  /** The token endpoint's DPoP nonce; the previous one stays valid after a rotation, as servers allow. */
  private tokenNonces: string[] = [randomSegment(24)];
  private resourceNonces: string[] = [randomSegment(24)];
  readonly seenJti = new Map<string, number>();

  constructor(clients: readonly OAuthClientSeed[] = [], trustedOrigins?: string[]) {
    for (const c of clients) this.addClient(c);
    this.trustedOrigins = trustedOrigins;
  }

  addClient(client: OAuthClientSeed): void {
    this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris], scopes: [...client.scopes] });
  }

  get tokenNonce(): string {
    return this.tokenNonces[0]!;
  }
  get resourceNonce(): string {
    return this.resourceNonces[0]!;
  }
  acceptedTokenNonces(): readonly string[] {
    return this.tokenNonces;
  }

  /** New nonces for both servers (the previous ones stay valid once more); tests use it to force a retry. */
  rotateNonces(): void {
    this.tokenNonces = [randomSegment(24), this.tokenNonces[0]!];
    this.resourceNonces = [randomSegment(24), this.resourceNonces[0]!];
  }

  /** Forgets every previous nonce, so the next proof with an old one gets use_dpop_nonce. */
  invalidateNonces(): void {
    this.tokenNonces = [randomSegment(24)];
    this.resourceNonces = [randomSegment(24)];
  }

  issueCode(code: Omit<AuthCode, 'expiresAt'>, now: number): string {
    const value = randomSegment(32);
    this.codes.set(value, { ...code, expiresAt: now + CODE_LIFETIME_MS });
    return value;
  }

  /** One use only: the code is gone after this, whatever the outcome. */
  redeemCode(value: string, clientId: string, now: number): AuthCode | undefined {
    const code = this.codes.get(value);
    this.codes.delete(value);
    return code && code.clientId === clientId && code.expiresAt > now ? code : undefined;
  }

  issueRefreshToken(grant: RefreshGrant): string {
    const value = `rt.${randomSegment(32)}`;
    this.refreshTokens.set(value, grant);
    return value;
  }

  liveRefreshToken(value: string, clientId: string, now: number): RefreshGrant | undefined {
    const grant = this.refreshTokens.get(value);
    if (grant && grant.expiresAt <= now) this.refreshTokens.delete(value);
    return grant && grant.clientId === clientId && grant.expiresAt > now ? grant : undefined;
  }

  checkTokenRequestProof(proof: string, x: { htu: string; now: number; jkt?: string }): ProofCheck {
    return checkDpopProof(proof, {
      htm: 'POST',
      htu: x.htu,
      now: x.now,
      nonces: this.tokenNonces,
      server: 'Authorization server',
      seenJti: this.seenJti,
      ...(x.jkt !== undefined ? { jkt: x.jkt } : {}),
    });
  }

  checkResourceProof(proof: string, x: { htm: string; htu: string; now: number; accessToken?: string; jkt?: string }): ProofCheck {
    return checkDpopProof(proof, {
      htm: x.htm,
      htu: x.htu,
      now: x.now,
      server: 'Resource server',
      ...(x.accessToken !== undefined ? { accessToken: x.accessToken } : {}),
      seenJti: this.seenJti,
      ...(this.requireResourceNonce ? { nonces: this.resourceNonces } : {}),
      ...(x.jkt !== undefined ? { jkt: x.jkt } : {}),
    });
  }
}
