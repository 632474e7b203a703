// Redaction for the timeline: what the browser asked an Okta org, reduced to what helps debugging a sign-in
// and cannot carry a secret. Query values are dropped except for a short allow-list of harmless parameters
// whose values also pass a strict shape check; path segments that look like tokens are replaced; fragments,
// userinfo and matrix parameters are dropped. Pure: no browser API, so it is tested in Node.
import { isValidSessionId, sessionIdHint } from '../../okta/session-id';

export const REDACTED = '[redacted]';

/**
 * Parameters whose values are kept: protocol switches and public identifiers that explain a flow. A value is
 * kept only when it also matches SAFE_VALUE; otherwise the name alone is kept, like every other parameter.
 */
export const VALUE_ALLOWED_PARAMS: ReadonlySet<string> = new Set([
  'response_type',
  'response_mode',
  'scope',
  'prompt',
  'display',
  'max_age',
  'acr_values',
  'code_challenge_method',
  'grant_type',
  'client_id',
  'idp',
  'error',
]);

/**
 * Parameters known to carry credentials or personal data. They are redacted anyway (only allow-listed names
 * keep values); the list documents intent and tests check it never meets the allow-list.
 */
export const SECRET_PARAMS: readonly string[] = [
  'code',
  'state',
  'token',
  'sessionToken',
  'id_token',
  'access_token',
  'refresh_token',
  'nonce',
  'code_verifier',
  'code_challenge',
  'stateToken',
  'stateHandle',
  'interaction_handle',
  'interaction_code',
  'password',
  'passcode',
  'otp',
  'fromURI',
  'redirectUrl',
  'redirect_uri',
  'post_logout_redirect_uri',
  'id_token_hint',
  'login_hint',
  'username',
  'RelayState',
  'SAMLRequest',
  'SAMLResponse',
  'client_secret',
  'client_assertion',
  'assertion',
  'device_code',
  'user_code',
  'onetimetoken',
  'recoveryToken',
  'activationToken',
  'error_description',
];

/** Short, plain values only: a token pasted into `scope` is longer or has characters this refuses. */
const SAFE_VALUE = /^[A-Za-z0-9 ._:-]{1,100}$/;
/** A parameter name that is a name; a query like `?<token>` would otherwise keep the token as a "name". */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_.[\]-]{0,39}$/;
const MAX_PARAMS = 30;
const MAX_PATH = 512;

/** Path segments after these carry one-time secrets in Okta links (reset, activation, verification, IDX state). */
const SECRET_AFTER_SEGMENT: ReadonlySet<string> = new Set([
  'reset-password',
  'refresh-auth-state',
  'tokens',
  'welcome',
  'activate',
  'recovery',
  'unlock',
]);

/** Token-shaped: long base64url-ish, or JWT/JWE-shaped (dot-separated base64url). */
function looksLikeToken(segment: string): boolean {
  if (segment.length >= 40) return true;
  return /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_.-]+$/.test(segment);
}

export interface RedactedUrl {
  /** scheme://host[:port] */
  origin: string;
  /** Host name, lower-case, without port. */
  hostname: string;
  path: string;
  /** Names in first-seen order, `name=value` for allow-listed names with a safe value. */
  params: string[];
}

export function redactPath(pathname: string): string {
  const segments = pathname.split('/');
  const out = segments.map((raw, i) => {
    // Matrix parameters (`;jsessionid=...`) are dropped whole.
    const semi = raw.indexOf(';');
    const segment = semi >= 0 ? raw.slice(0, semi) : raw;
    const suffix = semi >= 0 ? `;${REDACTED}` : '';
    const prev = i > 0 ? segments[i - 1]! : '';
    // A session id is the sid cookie's value: where the Sessions API puts one, show its hint (102X…CU-Q).
    if (prev === 'sessions' && isValidSessionId(segment)) return sessionIdHint(segment) + suffix;
    if (SECRET_AFTER_SEGMENT.has(prev.toLowerCase()) && segment !== '') return REDACTED + suffix;
    if (looksLikeToken(segment)) return REDACTED + suffix;
    return segment + suffix;
  });
  const path = out.join('/') || '/';
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH)}…` : path;
}

export function redactParams(search: URLSearchParams): string[] {
  const seen = new Set<string>();
  const params: string[] = [];
  for (const [name, value] of search) {
    const entry = !SAFE_NAME.test(name)
      ? REDACTED
      : VALUE_ALLOWED_PARAMS.has(name) && SAFE_VALUE.test(value)
        ? `${name}=${value}`
        : name;
    if (seen.has(entry)) continue;
    seen.add(entry);
    if (params.length === MAX_PARAMS) {
      params.push('…');
      break;
    }
    params.push(entry);
  }
  return params;
}

/** Origin, redacted path and parameter names of an http(s) URL; undefined for anything else. */
export function redactUrl(url: string): RedactedUrl | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return { origin: u.origin, hostname: u.hostname.toLowerCase(), path: redactPath(u.pathname), params: redactParams(u.searchParams) };
}

/** `https://host/path?name&name=value`: for text, never parsed back. */
export function formatRedactedUrl(r: RedactedUrl): string {
  return `${r.origin}${r.path}${r.params.length ? `?${r.params.join('&')}` : ''}`;
}

/**
 * The sign-in families of paths the timeline records: OAuth/OIDC, Identity Engine, the Classic authn API,
 * /login/* (sign-in page, sessionCookieRedirect, sign-out), the Sessions API, inbound and app SSO, and logout.
 */
export function isSignInRelated(path: string): boolean {
  const p = path.toLowerCase();
  const under = (prefix: string) => p === prefix || p.startsWith(`${prefix}/`);
  return (
    under('/oauth2') ||
    under('/idp/idx') ||
    under('/api/v1/authn') ||
    under('/api/v1/sessions') ||
    under('/login') ||
    under('/signin') ||
    under('/sso') ||
    p === '/logout' ||
    p === '/signout' ||
    // App sign-in: /app/<name>/<id>/sso/saml, /app/<name>/<id>/sso/wsfed/...
    /^\/app\/[^/]+\/[^/]+\/sso(\/|$)/.test(p)
  );
}

const MAX_ERROR = 200;

/**
 * A run that reads as random rather than as words: it has a digit, or upper-case letters side by side among
 * lower-case ones. camelCase words (sessionCookieRedirect) and CONSTANT_NAMES (ERR_CERT_AUTHORITY_INVALID) stay.
 */
const looksRandom = (run: string): boolean => /\d/.test(run) || (/[a-z]/.test(run) && /[A-Z]{2}/.test(run));

/**
 * A network or Okta error message safe to keep: URLs redacted, `name=value` values and token-shaped runs
 * (16+ base64url characters that look random) replaced, cut to 200 characters.
 */
export function redactError(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  let t = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!t) return undefined;
  t = t.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (m) => {
    const r = redactUrl(m);
    return r ? formatRedactedUrl(r) : REDACTED;
  });
  t = t.replace(/([A-Za-z_][A-Za-z0-9_.-]*)=([^\s&;,)]+)/g, (_m, name: string) => `${name}=${REDACTED}`);
  // No '/' or '.' in the class, so host names and paths stay readable; a JWT's segments go one by one.
  t = t.replace(/[A-Za-z0-9_\-+=%]{16,}/g, (run) => (looksRandom(run) ? REDACTED : run));
  return t.length > MAX_ERROR ? `${t.slice(0, MAX_ERROR)}…` : t;
}
