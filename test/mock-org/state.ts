import { DEFAULT_SESSION_LIFETIME_MS, SESSION_SCOPES } from './demo';
import { base64url, oktaObjectId, randomSegment, sessionId, sessionToken } from './ids';
import { OAuthStore, type OAuthClientSeed } from './oauth-store';

export type OrgMode = 'classic' | 'oie';
export type SessionStatus = 'ACTIVE' | 'MFA_ENROLL' | 'MFA_REQUIRED';
export type Amr = 'pwd' | 'swk' | 'hwk' | 'otp' | 'sms' | 'tel' | 'geo' | 'fpt' | 'kba' | 'mfa' | 'mca' | 'sc';
export type IdpType = 'ACTIVE_DIRECTORY' | 'FEDERATION' | 'LDAP' | 'OKTA' | 'SOCIAL';

/** What a credential may do. API tokens default to every session scope (an admin's rights). */
export interface TokenGrant {
  scopes: readonly string[];
  /** Epoch ms; an expired token answers 401 E0000011. */
  expiresAt?: number;
  /** A DPoP-bound access token: accepted only as `Authorization: DPoP <token>` with a `DPoP` proof header. */
  dpop?: boolean;
  /** The DPoP key thumbprint (cnf.jkt) a token from the mock's token endpoint is bound to. */
  jkt?: string;
  /** The OAuth client a token from the mock's token endpoint was issued to. */
  clientId?: string;
}

/**
 * The verdict on a resource request's DPoP proof: true (good), false (bad: 401 invalid_dpop_proof), or the
 * nonce the client must use (401 use_dpop_nonce with a DPoP-Nonce header).
 */
export type DpopVerdict = boolean | { nonce: string };

export interface MockUser {
  id: string;
  login: string;
  password: string;
  firstName: string;
  lastName: string;
}

interface HrefLink {
  href: string;
  name?: string;
  hints: { allow: string[] };
}

/** A session exactly as GET /api/v1/sessions/{id} returns it. */
export interface OktaSessionJson {
  id: string;
  userId: string;
  login: string;
  createdAt: string;
  expiresAt: string;
  status: SessionStatus;
  lastPasswordVerification: string | null;
  lastFactorVerification: string | null;
  amr: Amr[];
  idp: { id: string; type: IdpType };
  mfaActive: boolean;
  _links: { self: HrefLink; refresh: HrefLink; user: HrefLink };
}

export interface CreateSessionOptions {
  amr?: Amr[];
  lifetimeMs?: number;
  status?: SessionStatus;
  idp?: { id?: string; type: IdpType };
  /** Use this id instead of a generated one (e.g. to test odd ids). */
  id?: string;
}

export interface OrgSeed {
  host: string;
  mode?: OrgMode;
  /** token -> grant; a string[] is shorthand for `{ scopes }`. Default: none. */
  apiTokens?: Record<string, TokenGrant | readonly string[]>;
  accessTokens?: Record<string, TokenGrant | readonly string[]>;
  /** Users who can sign in; default: none (the default orgs get DEMO_USER). */
  users?: { login: string; password: string; firstName?: string; lastName?: string }[];
  sessionLifetimeMs?: number;
  /** More hosts answering for this org (custom URL domains such as login.example.com). */
  customDomains?: string[];
  /** X-Rate-Limit-Limit per minute (default 600). */
  rateLimit?: number;
  /** When true, requests beyond rateLimit in a minute get a real 429; otherwise Remaining just stays at 0. */
  enforceRateLimit?: boolean;
  /** OAuth apps of the org authorization server (test/mock-org/oauth.ts). Default: none. */
  oauthClients?: OAuthClientSeed[];
  /**
   * Trusted Origins (CORS): when set, token and revoke requests whose Origin header is not listed are refused
   * with a 403 that has no JSON body. Default: every Origin is accepted.
   */
  trustedOrigins?: string[];
  /** Origins registered as CORS Trusted Origins: allowed to call the API and the token endpoint from a page. */
  corsOrigins?: string[];
  /** Okta's browser-request rules (browser-origin.ts); default true. */
  strictOrigins?: boolean;
}

export const ALL_SESSION_SCOPES: readonly string[] = [SESSION_SCOPES.read, SESSION_SCOPES.manage];

const toGrant = (g: TokenGrant | readonly string[]): TokenGrant => (Array.isArray(g) ? { scopes: g } : (g as TokenGrant));
const iso = (ms: number): string => new Date(ms).toISOString();

/** The `-admin` host of an Okta org host (acme.okta.com -> acme-admin.okta.com), which is the same org. */
export function adminHostOf(host: string): string | undefined {
  const m = /^([a-z0-9-]+)\.(okta\.com|oktapreview\.com|okta-emea\.com|okta-gov\.com|okta\.mil|okta-miltest\.com|trex-govcloud\.com)$/.exec(host);
  if (!m || m[1]!.endsWith('-admin')) return undefined;
  return `${m[1]}-admin.${m[2]}`;
}

export class OrgState {
  readonly host: string;
  /** The org's id (`00o…`), also the OKTA idp id of its sessions. */
  readonly orgId = oktaObjectId('00o');
  mode: OrgMode;
  sessionLifetimeMs: number;
  readonly apiTokens = new Map<string, TokenGrant>();
  readonly accessTokens = new Map<string, TokenGrant>();
  /** login (lower-cased) -> user */
  readonly users = new Map<string, MockUser>();
  /** id -> session JSON. Expired sessions linger until next looked up through activeSession(). */
  readonly sessions = new Map<string, OktaSessionJson>();
  /** Every host this org answers on (primary, -admin, custom domains). */
  readonly hosts: string[];
  readonly rateLimit: number;
  readonly enforceRateLimit: boolean;
  /**
   * Checks a DPoP proof for a DPoP-bound access token; unset means any proof is accepted. By default it is the
   * OAuth part's full check (signature, htm, htu, iat, jti, ath, the token's cnf.jkt, and the resource nonce
   * when `oauth.requireResourceNonce` is on).
   */
  verifyDpopProof: ((proof: string, req: { method: string; path: string; host: string; token?: string }) => DpopVerdict) | undefined;
  /** The org authorization server's clients, codes, refresh tokens and DPoP nonces. */
  readonly oauth: OAuthStore;
  /** Enforce Okta's rules for requests that carry an Origin (browser-origin.ts). */
  strictOrigins: boolean;
  /** CORS Trusted Origins (the org's own hosts are always trusted). */
  readonly corsOrigins: string[];
  private readonly lifetimes = new Map<string, number>();
  private readonly sessionTokens = new Map<string, { login: string; expiresAt: number }>();
  private rateWindow = { start: 0, count: 0 };

  constructor(
    seed: OrgSeed,
    readonly now: () => number = Date.now,
  ) {
    this.host = seed.host.toLowerCase();
    this.mode = seed.mode ?? 'classic';
    this.sessionLifetimeMs = seed.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS;
    this.rateLimit = seed.rateLimit ?? 600;
    this.enforceRateLimit = seed.enforceRateLimit ?? false;
    for (const [t, g] of Object.entries(seed.apiTokens ?? {})) this.apiTokens.set(t, toGrant(g));
    for (const [t, g] of Object.entries(seed.accessTokens ?? {})) this.accessTokens.set(t, toGrant(g));
    for (const u of seed.users ?? []) this.addUser(u);
    this.oauth = new OAuthStore(seed.oauthClients, seed.trustedOrigins);
    this.strictOrigins = seed.strictOrigins ?? true;
    this.corsOrigins = [...(seed.corsOrigins ?? [])];
    this.verifyDpopProof = (proof, req) => {
      const grant = req.token !== undefined ? this.accessTokens.get(req.token) : undefined;
      const check = this.oauth.checkResourceProof(proof, {
        htm: req.method,
        htu: `https://${req.host}${req.path}`,
        now: this.now(),
        ...(req.token !== undefined ? { accessToken: req.token } : {}),
        ...(grant?.jkt !== undefined ? { jkt: grant.jkt } : {}),
      });
      if (check.ok) return true;
      return check.error === 'use_dpop_nonce' ? { nonce: this.oauth.resourceNonce } : false;
    };
    const admin = adminHostOf(this.host);
    this.hosts = [this.host, ...(admin ? [admin] : []), ...(seed.customDomains ?? []).map((h) => h.toLowerCase())];
  }

  get origin(): string {
    return `https://${this.host}`;
  }

  addUser(u: { login: string; password: string; firstName?: string; lastName?: string }): MockUser {
    const user: MockUser = {
      id: oktaObjectId('00u'),
      login: u.login,
      password: u.password,
      firstName: u.firstName ?? 'Test',
      lastName: u.lastName ?? 'User',
    };
    this.users.set(u.login.toLowerCase(), user);
    return user;
  }

  /** Adds an SSWS token; default scopes are those of a super admin. */
  addApiToken(token: string, scopes: readonly string[] = ALL_SESSION_SCOPES): void {
    this.apiTokens.set(token, { scopes });
  }

  addAccessToken(token: string, scopes: readonly string[], opts: { expiresAt?: number; dpop?: boolean } = {}): void {
    this.accessTokens.set(token, { scopes, ...opts });
  }

  user(login: string): MockUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  /** Checks a username/password the way the sign-in form does. */
  verifyPassword(login: string, password: string): MockUser | undefined {
    const user = this.user(login);
    return user && user.password === password ? user : undefined;
  }

  createSession(login: string, opts: CreateSessionOptions = {}): OktaSessionJson {
    const user = this.user(login);
    if (!user) throw new Error(`mock org ${this.host} has no user ${login}`);
    const now = this.now();
    const id = opts.id ?? sessionId(this.mode);
    const lifetime = opts.lifetimeMs ?? this.sessionLifetimeMs;
    const amr = opts.amr ?? ['pwd'];
    const usedFactor = amr.some((a) => a !== 'pwd');
    const session: OktaSessionJson = {
      id,
      userId: user.id,
      login: user.login,
      createdAt: iso(now),
      expiresAt: iso(now + lifetime),
      status: opts.status ?? 'ACTIVE',
      lastPasswordVerification: amr.includes('pwd') ? iso(now) : null,
      lastFactorVerification: usedFactor ? iso(now) : null,
      amr,
      idp: { id: opts.idp?.id ?? this.orgId, type: opts.idp?.type ?? 'OKTA' },
      mfaActive: amr.includes('mfa'),
      _links: this.links(id, user),
    };
    this.sessions.set(id, session);
    this.lifetimes.set(id, lifetime);
    return session;
  }

  /** The session if it exists and has not expired; an expired one is forgotten, as Okta does. */
  activeSession(id: string): OktaSessionJson | undefined {
    const s = this.sessions.get(id);
    if (!s) return undefined;
    if (Date.parse(s.expiresAt) <= this.now()) {
      this.endSession(id);
      return undefined;
    }
    return s;
  }

  /** Moves expiresAt to now + the session's lifetime, as /lifecycle/refresh does. */
  refreshSession(id: string): OktaSessionJson | undefined {
    const s = this.activeSession(id);
    if (!s) return undefined;
    s.expiresAt = iso(this.now() + (this.lifetimes.get(id) ?? this.sessionLifetimeMs));
    return s;
  }

  /** Makes the session expire now (it stays in `sessions` with a past expiresAt until next looked up). */
  expireSession(id: string): void {
    const s = this.sessions.get(id);
    if (s) s.expiresAt = iso(this.now() - 1000);
  }

  endSession(id: string): boolean {
    this.lifetimes.delete(id);
    return this.sessions.delete(id);
  }

  /** A one-time session token (what /api/v1/authn returns), valid 5 minutes, for POST /api/v1/sessions. */
  issueSessionToken(login: string): string {
    if (!this.user(login)) throw new Error(`mock org ${this.host} has no user ${login}`);
    const token = sessionToken();
    this.sessionTokens.set(token, { login, expiresAt: this.now() + 5 * 60 * 1000 });
    return token;
  }

  /** Consumes a session token; undefined when unknown, used or expired. */
  redeemSessionToken(token: string): string | undefined {
    const t = this.sessionTokens.get(token);
    this.sessionTokens.delete(token);
    return t && t.expiresAt > this.now() ? t.login : undefined;
  }

  /** The cookie a browser gets on sign-in: `sid` (Classic) or a JWE-shaped `idx` (OIE) naming the session. */
  sessionCookie(id: string): { name: 'sid' | 'idx'; value: string } {
    if (this.mode === 'classic') return { name: 'sid', value: id };
    // JWE compact serialization with alg "dir": protected header, EMPTY encrypted key, iv, ciphertext, tag.
    // Only the header is readable, and it carries xsid.
    // `org` (the org id) is this mock's guess at the header's other field: the extension shows any value shaped
    // like an org id and relies on no field name.
    const header = base64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM', xsid: id, org: this.orgId }));
    return { name: 'idx', value: `${header}..${randomSegment(12)}.${randomSegment(96)}.${randomSegment(16)}` };
  }

  /** The session a Cookie header points at (sid first, then idx's xsid), if active. */
  sessionFromCookies(cookies: ReadonlyMap<string, string>): OktaSessionJson | undefined {
    const sid = cookies.get('sid');
    if (sid) {
      const s = this.activeSession(sid);
      if (s) return s;
    }
    const idx = cookies.get('idx');
    const xsid = idx ? xsidOf(idx) : undefined;
    return xsid ? this.activeSession(xsid) : undefined;
  }

  /** Counts a request against the per-minute window and returns the rate-limit header values. */
  countRequest(): { limit: number; remaining: number; resetEpochSeconds: number; exceeded: boolean } {
    const now = this.now();
    if (now - this.rateWindow.start >= 60_000) this.rateWindow = { start: now, count: 0 };
    this.rateWindow.count++;
    const remaining = Math.max(0, this.rateLimit - this.rateWindow.count);
    return {
      limit: this.rateLimit,
      remaining,
      resetEpochSeconds: Math.ceil((this.rateWindow.start + 60_000) / 1000),
      exceeded: this.enforceRateLimit && this.rateWindow.count > this.rateLimit,
    };
  }

  private links(id: string, user: MockUser): OktaSessionJson['_links'] {
    const o = this.origin;
    return {
      self: { href: `${o}/api/v1/sessions/${id}`, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${o}/api/v1/sessions/${id}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: `${user.firstName} ${user.lastName}`, href: `${o}/api/v1/users/${user.id}`, hints: { allow: ['GET'] } },
    };
  }
}

export function xsidOf(idx: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(idx.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
    const xsid = (header as { xsid?: unknown } | null)?.xsid;
    return typeof xsid === 'string' ? xsid : undefined;
  } catch {
    return undefined;
  }
}
