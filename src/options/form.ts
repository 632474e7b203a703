// The add/edit form's rules, kept apart from the UI so they can be read and tested as plain functions:
// what the user typed -> either the exact settings/save-org (or oauth/sign-in) request plus the host
// permissions it needs, or one plain-words problem per field.
import { normalizeOrgUrl, type OrgUrl } from '../okta/org';
import type { OrgSettingsView, RequestOf } from '../shared/protocol';

export type TokenKind = 'api-token' | 'access-token';
/** The credential choice: a token pasted in, or Sign in with Okta. */
export type CredentialChoice = TokenKind | 'oauth';
/** Use DPoP: when the app requires it, always, or never. */
export type DpopChoice = 'auto' | 'on' | 'off';

export interface FormFields {
  orgUrl: string;
  /** The textarea as typed: one origin per line. */
  customDomains: string;
  kind: CredentialChoice;
  token: string;
  remember: boolean;
  /** Sign in with Okta only. */
  clientId: string;
  dpop: DpopChoice;
  staySignedIn: boolean;
  /** Read the session with the browser's own cookie (/api/v1/sessions/me) when no credential can. */
  readWithCookie: boolean;
}

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

/** The protocol's limits, restated so the form can say so before the worker refuses. */
export const MAX_CUSTOM_DOMAINS = 20;
const MAX_TOKEN_LENGTH = 4096;

export function checkOrgUrl(input: string): Check<OrgUrl> {
  if (input.trim() === '') return { ok: false, message: 'Enter your Okta org URL, e.g. https://dev-123456.okta.com.' };
  try {
    return { ok: true, value: normalizeOrgUrl(input.trim()) };
  } catch (error) {
    return { ok: false, message: messageOf(error, 'This is not a valid Okta org URL.') };
  }
}

export interface CustomDomains {
  origins: string[];
  problems: string[];
}

/** Each non-empty line must be a web origin of the user's own (not an Okta address); duplicates collapse. */
export function checkCustomDomains(text: string, orgOrigin?: string): CustomDomains {
  const origins: string[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `Line ${index + 1} (${shorten(line)})`;
    let parsed: OrgUrl;
    try {
      parsed = normalizeOrgUrl(line);
    } catch (error) {
      problems.push(`${where}: ${asDomainProblem(messageOf(error, 'This is not a valid address.'))}`);
      return;
    }
    if (parsed.kind === 'okta') {
      problems.push(`${where}: this is an Okta address, which the inspector recognises already. List only your own domains here.`);
      return;
    }
    if (parsed.origin === orgOrigin || origins.includes(parsed.origin)) return;
    origins.push(parsed.origin);
  });
  if (origins.length > MAX_CUSTOM_DOMAINS) problems.push(`At most ${MAX_CUSTOM_DOMAINS} custom domains can be saved.`);
  return { origins, problems };
}

/** Trims what a paste tends to bring along; a token never contains whitespace. */
export function checkToken(input: string, kind: TokenKind): Check<string | undefined> {
  let token = input.trim();
  // A token copied together with its header scheme still means the token.
  token = token.replace(kind === 'api-token' ? /^SSWS\s+/i : /^Bearer\s+/i, '');
  if (token === '') return { ok: true, value: undefined };
  if (/\s/.test(token)) return { ok: false, message: 'The token contains spaces or line breaks: paste the token alone.' };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, message: `The token is longer than ${MAX_TOKEN_LENGTH} characters: paste the token alone.` };
  return { ok: true, value: token };
}

/** The host permission pattern that lets the worker read a site's cookies and call it. */
export function permissionPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}

export type SaveOrgRequest = RequestOf<'settings/save-org'>;
export type SignInRequest = RequestOf<'oauth/sign-in'>;

export interface SavePlan {
  request: SaveOrgRequest | SignInRequest;
  /** Host permissions to ask for first: the custom domains, and the org itself when it is not on an Okta domain. */
  permissions: string[];
}

export type FieldName = 'orgUrl' | 'customDomains' | 'token' | 'clientId';
export type Problems = Partial<Record<FieldName, string>>;

export const TOKEN_LABEL: Record<TokenKind, string> = { 'api-token': 'API token', 'access-token': 'Access token' };

/**
 * `saved` is the stored org with the same origin, if any: its credential may be kept by leaving the token empty,
 * but only while the same kind is chosen (a saved API token cannot silently stand in for an access token).
 */
export function planSave(fields: FormFields, saved: OrgSettingsView | undefined): { ok: true; plan: SavePlan } | { ok: false; problems: Problems } {
  if (fields.kind === 'oauth') return planSignIn(fields);
  const kind = fields.kind;
  const problems: Problems = {};
  const org = checkOrgUrl(fields.orgUrl);
  if (!org.ok) problems.orgUrl = org.message;
  const domains = checkCustomDomains(fields.customDomains, org.ok ? org.value.origin : undefined);
  if (domains.problems.length > 0) problems.customDomains = domains.problems.join(' ');
  const token = checkToken(fields.token, kind);
  if (!token.ok) problems.token = token.message;
  else if (token.value === undefined) {
    const keep = saved?.credential;
    const label = TOKEN_LABEL[kind];
    if (!saved) problems.token = `Enter the ${label.toLowerCase()}: the inspector needs it to read sessions.`;
    else if (keep && keep.kind !== 'oauth' && keep.kind !== kind)
      problems.token = `Enter the ${label.toLowerCase()}, or choose ${TOKEN_LABEL[keep.kind]} again to keep the saved one.`;
  }
  if (!org.ok || Object.keys(problems).length > 0) return { ok: false, problems };

  const request: SaveOrgRequest = {
    type: 'settings/save-org',
    orgUrl: org.value.origin,
    customDomains: domains.origins,
    remember: fields.remember,
  };
  if (token.ok && token.value !== undefined) request.credential = { kind, token: token.value };
  // Sent only as a change, so a save that does not touch it keeps what is stored.
  if (fields.readWithCookie !== (saved?.readWithCookie ?? true)) request.readWithCookie = fields.readWithCookie;
  return { ok: true, plan: { request, permissions: permissionsFor(org.value, domains.origins) } };
}

/** Host permissions to ask for: the custom domains, and the org itself when it is not on an Okta domain. */
function permissionsFor(org: OrgUrl, domains: readonly string[]): string[] {
  const needed = org.kind === 'custom' ? [org.origin, ...domains] : domains;
  return [...new Set(needed.map(permissionPattern))];
}

/** Okta Client IDs are 20 characters (`0oa…`); any of the URL-safe kind is let through, as the worker does. */
const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

export function checkClientId(input: string): Check<string> {
  const id = input.trim();
  if (id === '') return { ok: false, message: "Enter the app's Client ID: it is on the app's General tab in the Admin Console." };
  if (!CLIENT_ID.test(id)) return { ok: false, message: "A Client ID has only letters, digits and . _ ~ - in it: copy it again from the app's General tab." };
  return { ok: true, value: id };
}

const DPOP: Record<DpopChoice, SignInRequest['dpop']> = { auto: 'auto', on: true, off: false };

/** Sign in with Okta: the oauth/sign-in request the worker answers once the user is back from Okta. */
export function planSignIn(fields: FormFields): { ok: true; plan: SavePlan } | { ok: false; problems: Problems } {
  const problems: Problems = {};
  const org = checkOrgUrl(fields.orgUrl);
  if (!org.ok) problems.orgUrl = org.message;
  const domains = checkCustomDomains(fields.customDomains, org.ok ? org.value.origin : undefined);
  if (domains.problems.length > 0) problems.customDomains = domains.problems.join(' ');
  const clientId = checkClientId(fields.clientId);
  if (!clientId.ok) problems.clientId = clientId.message;
  if (!org.ok || !clientId.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  const request: SignInRequest = {
    type: 'oauth/sign-in',
    orgUrl: org.value.origin,
    customDomains: domains.origins,
    clientId: clientId.value,
    dpop: DPOP[fields.dpop],
    staySignedIn: fields.staySignedIn,
    remember: fields.remember,
  };
  return { ok: true, plan: { request, permissions: permissionsFor(org.value, domains.origins) } };
}

function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

/** The org URL parser speaks of "the org URL"; on a custom-domain line that would mislead. */
function asDomainProblem(message: string): string {
  return message.replace(/^The org URL/, 'The address').replace(/\s*Enter the org URL like \S+$/, '');
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
