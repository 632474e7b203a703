// The one place that talks to Okta's Sessions API. Every URL is the org's origin plus a path built from a
// validated id (never from `_links`), redirects are refused so a credential never follows one elsewhere, and
// every way a call can fail ends as an OktaError whose kind and message the UI can explain.
import { OktaError, type OktaErrorDetails } from './errors';
import { exchange, jsonOf, seconds, type ExchangeOptions, type Reply } from './http';
import { isLoopbackHost, normalizeOrgUrl } from './org';
import { decideOn429 } from './rate-limit';
import { createSessionRequestSchema, parseOktaErrorBody, parseSession, type Session } from './schemas';
import { sessionPath } from './session-id';

export type Credential = { scheme: 'SSWS' | 'Bearer'; token: string };

/** Lets OAuth/DPoP supply per-request headers later. */
export interface AuthProvider {
  headers(req: { method: string; url: string }): Promise<Record<string, string>>;
  /**
   * Called on a 401; true means "send the call once more" (with fresh headers). DPoP uses it for the resource
   * server's use_dpop_nonce challenge, OAuth for one token renewal. Asked at most once per call.
   */
  onChallenge?(reply: { method: string; url: string; status: number; headers: Headers }): Promise<boolean> | boolean;
}

export interface SessionsClientOptions {
  /** A normalised org origin; every request goes here and nowhere else. */
  origin: string;
  credential: Credential | AuthProvider;
  /** Default globalThis.fetch; tests pass a real fetch that reaches the mock org. */
  fetch?: typeof fetch;
  /** Per attempt, body included. Default 10 000. */
  timeoutMs?: number;
  /** Retries of a 429 (nothing else is retried). Default 2. */
  maxRetries?: number;
  /** Default 5 000; a longer wait fails at once with 'rate_limited' and retryAt. */
  maxRetryWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SessionsClient {
  readonly origin: string;
  createSession(sessionToken: string): Promise<Session>;
  getSession(id: string): Promise<Session>;
  refreshSession(id: string): Promise<Session>;
  revokeSession(id: string): Promise<void>;
}

/**
 * The browser's own session, read with its session cookie (`/api/v1/sessions/me`): no credential at all, so it
 * works for any signed-in user, admin or not. Okta dropped these calls from its published spec in 2025.10 but
 * still serves them (okta-auth-js uses them); any refusal is explained, never assumed away.
 */
export interface MySessionClient {
  readonly origin: string;
  getSession(): Promise<Session>;
  refreshSession(): Promise<Session>;
  revokeSession(): Promise<void>;
}

type Operation = 'create' | 'get' | 'refresh' | 'revoke';
/** How the call is authenticated: a credential header, or the browser's cookie (the /me calls). */
type Auth = 'credential' | 'cookie';

/** What each call needs, for the 403 message. */
const NEEDED_SCOPE: Record<Operation, string> = {
  create: 'an API token (OAuth access tokens cannot create sessions)',
  get: 'the okta.sessions.read scope',
  refresh: 'the okta.sessions.manage scope',
  revoke: 'the okta.sessions.manage scope',
};

const TOKEN_CHARS = /^[\x21-\x7e]+$/;

function isCredential(value: Credential | AuthProvider): value is Credential {
  return typeof value === 'object' && value !== null && 'scheme' in value && 'token' in value;
}

function checkCredential(credential: Credential): void {
  if (credential.scheme !== 'SSWS' && credential.scheme !== 'Bearer') {
    throw new OktaError('invalid_input', 'The credential must be an API token (SSWS) or an access token (Bearer).');
  }
  if (typeof credential.token !== 'string' || !credential.token) {
    throw new OktaError('invalid_input', 'The token is empty: paste the API token or access token.');
  }
  if (credential.token.length > 4096 || !TOKEN_CHARS.test(credential.token)) {
    throw new OktaError(
      'invalid_input',
      'The token contains spaces or characters a token cannot have: paste it again, without quotes or line breaks.',
    );
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Okta's E0000212: the request carried an Origin Okta does not trust. Okta reads any request with an Origin as a
 * browser page's; this extension's own requests go out without one (src/background/origin-rule.ts) unless the
 * browser did not let it remove the header.
 */
const ORIGIN_REFUSED =
  'Okta refused the request because of its Origin header (E0000212 "Origin validation failed."). Okta treats a ' +
  'request that carries an Origin as a web page’s, and an extension’s origin cannot be registered as a Trusted ' +
  'Origin. This extension removes that header from its own requests; here the browser sent it anyway. Check that ' +
  'the extension still has its "declarativeNetRequestWithHostAccess" permission, then reload it.';

function formatUtcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

export function createSessionsClient(options: SessionsClientOptions): SessionsClient {
  const { call, sessionCall, origin } = apiCaller(options, 'credential');
  return {
    origin,
    async createSession(sessionToken) {
      const request = createSessionRequestSchema().safeParse({ sessionToken });
      if (!request.success) {
        throw new OktaError('invalid_input', 'The session token is empty or too long: paste the whole session token.');
      }
      return sessionCall('create', 'POST', '/api/v1/sessions', request.data);
    },
    async getSession(id) {
      return sessionCall('get', 'GET', sessionPath(id));
    },
    async refreshSession(id) {
      return sessionCall('refresh', 'POST', `${sessionPath(id)}/lifecycle/refresh`);
    },
    async revokeSession(id) {
      await call('revoke', 'DELETE', sessionPath(id));
    },
  };
}

/** The browser's own session at `origin`, authenticated by its cookie alone (see MySessionClient). */
export function createMySessionClient(options: Omit<SessionsClientOptions, 'credential'>): MySessionClient {
  const { call, sessionCall, origin } = apiCaller({ ...options, credential: { headers: async () => ({}) } }, 'cookie');
  return {
    origin,
    getSession: () => sessionCall('get', 'GET', '/api/v1/sessions/me'),
    refreshSession: () => sessionCall('refresh', 'POST', '/api/v1/sessions/me/lifecycle/refresh'),
    async revokeSession() {
      await call('revoke', 'DELETE', '/api/v1/sessions/me');
    },
  };
}

/** A credential goes to a normalised org origin only. */
function credentialOrigin(input: string): string {
  const org = normalizeOrgUrl(input);
  if (org.origin !== input) throw new OktaError('invalid_input', `The client needs a normalised org origin such as ${org.origin}.`);
  return org.origin;
}

/**
 * The /me calls carry no credential, only the cookies the browser holds for that host, so they may go to the
 * host the cookie lives on (an `-admin` host or a custom domain): any https origin, or loopback http for tests.
 */
function cookieOrigin(input: string): string {
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {
    url = undefined;
  }
  const ok = url && url.origin === input && (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)));
  if (!ok) throw new OktaError('invalid_input', `The session can only be read at an https origin such as https://acme.okta.com.`);
  return input;
}

/** What both clients share: one origin, the 429 policy, Okta's errors in plain words. */
function apiCaller(options: SessionsClientOptions, auth: Auth) {
  const origin = auth === 'cookie' ? cookieOrigin(options.origin) : credentialOrigin(options.origin);
  const credential = options.credential;
  if (isCredential(credential)) checkCredential(credential);
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const http: ExchangeOptions = {
    fetch: doFetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    origin,
    unreachable: (reason, cause) =>
      new OktaError('network', `Could not reach ${origin} (${reason}). Check the org URL and the network.`, { cause }),
  };
  const maxRetries = options.maxRetries ?? 2;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 5_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;

  async function authHeaders(method: string, url: string): Promise<Record<string, string>> {
    if (isCredential(credential)) return { Authorization: `${credential.scheme} ${credential.token}` };
    try {
      return await credential.headers({ method, url });
    } catch (error) {
      if (error instanceof OktaError) throw error;
      throw new OktaError('unauthorized', 'Could not get a credential for this request: sign in again.', {
        cause: error,
      });
    }
  }

  /** Whether the AuthProvider wants a 401 retried (DPoP nonce, token renewal). */
  async function challengeAccepted(method: string, url: string, reply: Reply): Promise<boolean> {
    if (isCredential(credential) || !credential.onChallenge) return false;
    try {
      return (await credential.onChallenge({ method, url, status: reply.status, headers: reply.headers })) === true;
    } catch (error) {
      if (error instanceof OktaError) throw error;
      throw new OktaError('unauthorized', 'Could not renew the credential for this request: sign in again.', { cause: error });
    }
  }

  function details(reply: Reply): OktaErrorDetails | undefined {
    const requestId = reply.headers.get('x-okta-request-id') ?? undefined;
    const body = parseOktaErrorBody(jsonOf(reply.text));
    if (!body && !requestId) return undefined;
    const out: OktaErrorDetails = {};
    if (body?.errorCode !== undefined) out.errorCode = body.errorCode;
    if (body?.errorSummary !== undefined) out.errorSummary = body.errorSummary;
    if (body?.errorId !== undefined) out.errorId = body.errorId;
    if (requestId !== undefined) out.requestId = requestId;
    const causes = body?.errorCauses?.flatMap((cause) => (cause.errorSummary ? [cause.errorSummary] : []));
    if (causes?.length) out.errorCauses = causes;
    return out;
  }

  function failure(reply: Reply, op: Operation): OktaError {
    const status = reply.status;
    const okta = details(reply);
    const extra = { status, okta };
    const summary = okta?.errorSummary ? ` Okta says: "${okta.errorSummary}"` : '';
    if (status === 403 && okta?.errorCode === 'E0000212') return new OktaError('forbidden', ORIGIN_REFUSED, extra);
    if (auth === 'cookie') return cookieFailure(status, extra, summary);
    switch (status) {
      case 401:
        if (op === 'create' && okta?.errorCode === 'E0000004') {
          // The API token was fine (a bad one is E0000011): it is the session token Okta refused.
          return new OktaError(
            'okta',
            'Okta did not accept the session token (HTTP 401): it is wrong, already used, or older than five ' +
              'minutes. Get a new session token and try again.',
            extra,
          );
        }
        return new OktaError(
          'unauthorized',
          `Okta did not accept the credential (HTTP 401): the API token or access token is wrong, expired or revoked. ` +
            `Enter it again or sign in again.`,
          extra,
        );
      case 403:
        return new OktaError(
          'forbidden',
          `Okta refused this (HTTP 403): it needs ${NEEDED_SCOPE[op]}, and the admin the token belongs to must ` +
            `have the right to manage this user's sessions.${summary}`,
          extra,
        );
      case 404:
        return new OktaError(
          'not_found',
          'Okta has no such session (HTTP 404): it has ended, was revoked, or the id is wrong.',
          extra,
        );
      default:
        if (status >= 500) {
          const effect = op === 'refresh' || op === 'revoke' ? ' It was not retried: check the session to see whether it took effect.' : '';
          return new OktaError('okta', `Okta had a server error (HTTP ${status}).${effect}${summary}`, extra);
        }
        return new OktaError(
          'okta',
          okta?.errorSummary
            ? `Okta returned an error (HTTP ${status}): ${okta.errorSummary}`
            : `Okta answered HTTP ${status}, which this extension did not expect.`,
          extra,
        );
    }
  }

  /** The /me calls: no credential was sent, so a refusal is about the cookie or about Okta's support for /me. */
  function cookieFailure(status: number, extra: { status: number; okta: OktaErrorDetails | undefined }, summary: string): OktaError {
    if (status === 404) {
      return new OktaError('not_found', 'Okta has no session for this browser’s session cookie (HTTP 404): it has ended or was revoked.', extra);
    }
    if (status === 401 || status === 403) {
      return new OktaError(
        status === 401 ? 'unauthorized' : 'forbidden',
        `Okta would not read the session with this browser’s cookie (HTTP ${status}). Some orgs no longer answer ` +
          `/api/v1/sessions/me (Okta removed it from its published API in 2025.10); add an API token for this org ` +
          `to read the session by its id instead.${summary}`,
        extra,
      );
    }
    if (status >= 500) return new OktaError('okta', `Okta had a server error (HTTP ${status}).${summary}`, extra);
    return new OktaError('okta', `Okta answered HTTP ${status} to /api/v1/sessions/me, which this extension did not expect.${summary}`, extra);
  }

  function rateLimited(reply: Reply, retryAt: number | undefined, retriesDone: number): OktaError {
    const when =
      retryAt === undefined
        ? 'Okta did not say when it resets; try again in a minute.'
        : `It resets at ${formatUtcTime(retryAt)} (in about ${seconds(retryAt - now())}).`;
    const tried = retriesDone > 0 ? ` Retried ${retriesDone === 1 ? 'once' : `${retriesDone} times`} already.` : '';
    return new OktaError('rate_limited', `Okta's rate limit for this API was reached (HTTP 429). ${when}${tried}`, {
      status: 429,
      okta: details(reply),
      retryAt,
    });
  }

  /** Sends one call, retrying only a 429 as Okta's SDKs do; returns the final 2xx reply. */
  async function call(op: Operation, method: string, path: string, body?: unknown): Promise<Reply> {
    const url = origin + path;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let retryFor: string | undefined;
    let challenged = false;
    for (let retriesDone = 0; ; retriesDone++) {
      const send = async (): Promise<Reply> => {
        const headers: Record<string, string> = { ...(await authHeaders(method, url)) };
        headers.Accept = 'application/json';
        if (payload !== undefined) headers['Content-Type'] = 'application/json';
        if (retriesDone > 0) {
          if (retryFor) headers['X-Okta-Retry-For'] = retryFor;
          headers['X-Okta-Retry-Count'] = String(retriesDone);
        }
        // Only the /me calls send cookies: a credentialed call must not also act as the browser's session.
        const reply = await exchange(http, url, { method, headers, body: payload, credentials: auth === 'cookie' ? 'include' : 'omit' });
        if (reply.redirect) {
          // Following it would send the credential wherever the Location says.
          throw new OktaError(
            'okta',
            `${origin} answered with a redirect instead of data, which is not followed so the credential stays ` +
              `with the org. Check the org URL (a proxy or a custom domain may be redirecting).`,
            { status: reply.status || undefined },
          );
        }
        return reply;
      };
      let reply = await send();
      if (reply.status === 401 && !challenged) {
        challenged = true;
        if (await challengeAccepted(method, url, reply)) reply = await send();
      }
      if (reply.status >= 200 && reply.status < 300) return reply;
      if (reply.status !== 429) throw failure(reply, op);
      const decision = decideOn429(reply.headers, retriesDone, { maxRetries, maxRetryWaitMs }, now());
      if (decision.action === 'give-up') throw rateLimited(reply, decision.retryAt, retriesDone);
      retryFor = reply.headers.get('x-okta-request-id') ?? undefined;
      await sleep(decision.waitMs);
    }
  }

  async function sessionCall(op: Operation, method: string, path: string, body?: unknown): Promise<Session> {
    const reply = await call(op, method, path, body);
    const json = jsonOf(reply.text);
    if (json === undefined) {
      throw new OktaError('malformed', `Okta's reply (HTTP ${reply.status}) was not JSON.`, {
        status: reply.status,
        okta: details(reply),
      });
    }
    try {
      return parseSession(json);
    } catch (error) {
      if (error instanceof OktaError) {
        throw new OktaError(error.kind, error.message, { status: reply.status, okta: details(reply) });
      }
      throw error;
    }
  }

  return { call, sessionCall, origin };
}
