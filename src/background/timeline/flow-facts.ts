// The facts of a sign-in flow a diagnosis needs, read from what webRequest shows (URL, form body, headers) and
// reduced, in this first step, to allow-listed values, presence flags and origin+path addresses. Nothing here
// returns a raw value of a secret-bearing field: `code`, `state`, `nonce`, `code_challenge`, `code_verifier`,
// tokens, `id_token_hint`, `stateToken` and cookie values are only ever counted as "sent", and `login_hint` is
// masked. Pure: no browser API, so it is tested in Node (flow-facts.test.ts, with fast-check).
import type { FlowBack, FlowOAuth, FlowSignals, OktaCookieName } from '../../shared/timeline/schema';
import { OKTA_COOKIE_NAMES, SENT_PARAMS } from '../../shared/timeline/constants';

/** Values kept as they are only when plain: `scope` is a few words, `prompt` one, a client id an id. */
const PLAIN = /^[A-Za-z0-9 ._:-]{1,200}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** OAuth error codes are snake_case words ("access_denied", "invalid_scope"). */
const ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
/**
 * Okta's error_description texts (oauth2-error-codes.json) are sentences of words, quotes, brackets and
 * punctuation; a value with `=`, `://`, `%`, `?`, `&`, `#` or a long random run is something else and is not
 * kept. "Denied scopes: [a, b]." fits; a URL or a token does not.
 */
const OKTA_TEXT = /^[A-Za-z0-9 ,.'":;()[\]_/-]{1,300}$/;
const RANDOM_RUN = /[A-Za-z0-9_-]{24,}/;

const FIELD_OF: Readonly<Record<string, keyof FlowOAuth>> = {
  response_type: 'responseType',
  response_mode: 'responseMode',
  scope: 'scope',
  prompt: 'prompt',
  max_age: 'maxAge',
  acr_values: 'acrValues',
  idp: 'idp',
  code_challenge_method: 'codeChallengeMethod',
  grant_type: 'grantType',
};

/** scheme://host[:port]/path of an http(s) URL: no userinfo, query or fragment. Undefined otherwise. */
export function originAndPath(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    const path = u.pathname.length > 200 ? `${u.pathname.slice(0, 200)}…` : u.pathname;
    // A token-shaped path segment (a code in a path) goes the way redact.ts treats any path.
    return `${u.origin}${path.split('/').map((s) => (RANDOM_RUN.test(s) ? '[redacted]' : s)).join('/')}`;
  } catch {
    return undefined;
  }
}

/** The origin of a URL or origin string ("null" and non-http schemes other than extensions: undefined). */
export function originOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const o = new URL(raw).origin;
    return o === 'null' ? undefined : o;
  } catch {
    return undefined;
  }
}

/**
 * A login hint shown as a debugging aid without being the user's name: "j…@example.com", "a…". Enough to tell
 * "the hint was sent and was an email at this domain" from "no hint".
 */
export function maskLoginHint(value: string): string {
  const at = value.lastIndexOf('@');
  const first = value.slice(0, 1).replace(/[^A-Za-z0-9]/, '*');
  if (at > 0) {
    const domain = value.slice(at + 1).toLowerCase();
    return /^[a-z0-9.-]{1,60}$/.test(domain) ? `${first}…@${domain}` : `${first}…@…`;
  }
  return `${first}…`;
}

/**
 * OAuth parameters of an authorize, logout or token request, from its query or its form body (both are
 * name -> values). Allow-listed values are decoded and kept when plain; secret-bearing ones count as sent.
 */
export function oauthFacts(fields: Iterable<[string, string]>): FlowOAuth | undefined {
  const out: FlowOAuth = {};
  const sent = new Set<string>();
  let any = false;
  for (const [name, value] of fields) {
    if ((SENT_PARAMS as readonly string[]).includes(name)) {
      sent.add(name);
      any = true;
    }
    const field = FIELD_OF[name];
    if (field && out[field] === undefined && PLAIN.test(value)) {
      (out as Record<string, string>)[field] = value;
      any = true;
    } else if (name === 'client_id' && out.clientId === undefined && CLIENT_ID.test(value)) {
      out.clientId = value;
      any = true;
    } else if (name === 'redirect_uri' && out.redirectUri === undefined) {
      const r = originAndPath(value);
      if (r) out.redirectUri = r;
    } else if (name === 'post_logout_redirect_uri' && out.postLogoutRedirectUri === undefined) {
      const r = originAndPath(value);
      if (r) out.postLogoutRedirectUri = r;
    } else if (name === 'login_hint' && out.loginHint === undefined && value !== '') {
      out.loginHint = maskLoginHint(value);
    }
  }
  if (sent.size) out.sent = SENT_PARAMS.filter((p) => sent.has(p));
  return any || out.redirectUri || out.postLogoutRedirectUri ? out : undefined;
}

/** An Okta error_description kept only when it reads as Okta's sentences do, and is bounded. */
export function oktaText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = value.replace(/\s+/g, ' ').trim();
  if (!OKTA_TEXT.test(t) || RANDOM_RUN.test(t)) return undefined;
  return t;
}

/**
 * Okta's answer back to the app: the redirect target of an Okta request when it leaves the org. Query and
 * fragment are both read (response_mode=fragment puts the result after `#`); only `error`, a bounded
 * Okta-shaped `error_description`, and whether `code` / `state` were there survive.
 */
export function backFacts(target: string): FlowBack | undefined {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    return undefined;
  }
  const to = originAndPath(target);
  if (!to) return undefined;
  const fragment = new URLSearchParams(u.hash.startsWith('#') ? u.hash.slice(1) : '');
  const inQuery = ['error', 'code', 'state'].some((n) => u.searchParams.has(n));
  const inFragment = ['error', 'code', 'state', 'access_token', 'id_token'].some((n) => fragment.has(n));
  const p = inQuery || !inFragment ? u.searchParams : fragment;
  const out: FlowBack = { to };
  if (inFragment && !inQuery) out.mode = 'fragment';
  const error = p.get('error') ?? undefined;
  if (error !== undefined && ERROR_CODE.test(error)) out.error = error;
  const description = oktaText(p.get('error_description') ?? undefined);
  if (description !== undefined) out.errorDescription = description;
  if (p.has('code')) out.code = true;
  if (p.has('state')) out.state = true;
  if (p.has('access_token') || p.has('id_token')) out.tokens = true;
  return out;
}

export interface HeaderLike {
  name: string;
  value?: string;
}

const header = (headers: readonly HeaderLike[] | undefined, name: string): string | undefined =>
  headers?.find((h) => h.name.toLowerCase() === name)?.value;

/**
 * From the request headers: the page's Origin (an origin, never a path) and the NAMES of Okta's session
 * cookies the request carried. `seen` records that the headers were looked at at all: a missing Cookie header is
 * evidence only then (Chrome lists Cookie only to a listener that asked for 'extraHeaders').
 */
export function requestHeaderFacts(headers: readonly HeaderLike[] | undefined): FlowSignals {
  const out: FlowSignals = { headersSeen: true };
  const origin = originOf(header(headers, 'origin'));
  if (origin) out.origin = origin;
  const cookie = header(headers, 'cookie') ?? '';
  const names = new Set(cookie.split(';').map((c) => c.split('=')[0]!.trim()));
  out.cookies = OKTA_COOKIE_NAMES.filter((n): n is OktaCookieName => names.has(n));
  return out;
}

const count = (v: string | undefined): number | undefined => (v !== undefined && /^\d{1,12}$/.test(v.trim()) ? Number(v.trim()) : undefined);

/**
 * From the response headers: whether Okta's x-okta-request-id was there (a 4xx without it came from a proxy or
 * firewall before Okta), the rate limit on a 429, the `error` of a WWW-Authenticate challenge, and the
 * Access-Control-Allow-Origin, compared with the request's Origin.
 */
export function responseHeaderFacts(headers: readonly HeaderLike[] | undefined, status: number | undefined, requestOrigin: string | undefined): FlowSignals {
  const out: FlowSignals = { oktaRequestId: header(headers, 'x-okta-request-id') !== undefined };
  if (status === 429) {
    const limit = count(header(headers, 'x-rate-limit-limit'));
    const remaining = count(header(headers, 'x-rate-limit-remaining'));
    const reset = count(header(headers, 'x-rate-limit-reset'));
    out.rateLimit = {
      ...(limit !== undefined ? { limit } : {}),
      ...(remaining !== undefined ? { remaining } : {}),
      ...(reset !== undefined ? { reset } : {}),
    };
  }
  const challenge = header(headers, 'www-authenticate');
  const m = challenge ? /\berror="([a-z_]{1,40})"/.exec(challenge) : null;
  if (m) out.wwwAuthenticate = m[1]!;
  if (requestOrigin !== undefined) {
    const allow = header(headers, 'access-control-allow-origin')?.trim();
    out.corsAllowed = allow === '*' || allow === requestOrigin;
  }
  return out;
}

/** A form body's fields (webRequest requestBody.formData: name -> values), as pairs. */
export function formPairs(formData: unknown): Array<[string, string]> {
  if (typeof formData !== 'object' || formData === null) return [];
  const out: Array<[string, string]> = [];
  for (const [name, values] of Object.entries(formData as Record<string, unknown>)) {
    if (!Array.isArray(values)) continue;
    for (const v of values.slice(0, 4)) if (typeof v === 'string') out.push([name, v]);
  }
  return out.slice(0, 60);
}

/** A raw body (fetch with a string body: requestBody.raw bytes) read as a form, when it decodes as one. */
export function rawFormPairs(raw: unknown): Array<[string, string]> {
  if (!Array.isArray(raw)) return [];
  const first = (raw as Array<{ bytes?: unknown }>)[0]?.bytes;
  if (!(first instanceof ArrayBuffer) || first.byteLength > 16_384) return [];
  const text = new TextDecoder().decode(first);
  // Only a urlencoded form: JSON bodies (authn, idx) carry passwords and state handles and are not read.
  if (!/^[A-Za-z0-9_.%+~=&-]*$/.test(text)) return [];
  return [...new URLSearchParams(text)].slice(0, 60);
}
