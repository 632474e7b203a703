// What the popup says about a session or an error, in plain words, kept apart from the components so the
// wording is tested without a DOM. Unknown values from Okta are shown as they came, never dropped.
import type { ErrorInfo, ErrorKind, InspectView, SessionSource } from '../shared/protocol';

/** Okta's authentication method codes (amr), as a user reads them. */
export const AMR_LABELS: Readonly<Record<string, string>> = {
  pwd: 'Password',
  swk: 'Software key',
  hwk: 'Hardware key',
  otp: 'One-time code',
  sms: 'SMS',
  tel: 'Phone call',
  geo: 'Location',
  fpt: 'Fingerprint',
  kba: 'Security question',
  mfa: 'Multiple factors',
  mca: 'Multiple channels',
  sc: 'Smart card',
};

export function amrLabel(code: string): string {
  return Object.hasOwn(AMR_LABELS, code) ? AMR_LABELS[code]! : code;
}

export type Tone = 'ok' | 'warn' | 'plain';

/** The badge colour: green for a usable session, amber while Okta still wants a factor, plain otherwise. */
export function statusTone(status: string | undefined): Tone {
  if (status === 'ACTIVE') return 'ok';
  if (status === 'MFA_REQUIRED' || status === 'MFA_ENROLL') return 'warn';
  return 'plain';
}

const STATUS_HINTS: Readonly<Record<string, string>> = {
  ACTIVE: 'Signed in',
  MFA_REQUIRED: 'Waiting for a second factor',
  MFA_ENROLL: 'Must enrol a second factor',
};

export function statusHint(status: string | undefined): string | undefined {
  return status && Object.hasOwn(STATUS_HINTS, status) ? STATUS_HINTS[status] : undefined;
}

const IDP_LABELS: Readonly<Record<string, string>> = {
  OKTA: 'Okta',
  ACTIVE_DIRECTORY: 'Active Directory',
  LDAP: 'LDAP',
  FEDERATION: 'Federation (another identity provider)',
  SOCIAL: 'Social login',
};

export function idpLabel(type: string): string {
  return Object.hasOwn(IDP_LABELS, type) ? IDP_LABELS[type]! : type;
}

/** Why the popup shows only a few characters of the session id, and offers no way to copy it. */
export const ID_MASK_NOTE = "masked: the full id is the session cookie's value, a secret";

/** Where the session id came from; an `idx` id is read from an undocumented header field, so say so. */
export function sourceLabel(source: SessionSource): string {
  return source === 'idx' ? 'derived from the idx cookie' : 'from the sid cookie';
}

/** "acme.okta.com" for "https://acme.okta.com"; the input itself if it is not a URL. */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

const ERROR_TITLES: Partial<Record<ErrorKind, string>> = {
  not_found: 'Okta does not know this session',
  unauthorized: 'Okta refused the credential',
  forbidden: 'Not allowed by Okta',
  rate_limited: 'Okta is rate limiting requests',
  network: 'Could not reach Okta',
  timeout: 'Okta did not answer in time',
  malformed: 'Okta sent an answer this extension does not understand',
  no_credential: 'No credential for this org',
  stale: "This tab's session changed",
  permission: 'The browser has not granted access to this site',
  oauth: 'Signing in with Okta failed',
};

export function errorTitle(error: ErrorInfo): string {
  return ERROR_TITLES[error.kind] ?? 'Something went wrong';
}

/** The details Okta support asks for, only those present, in the order they are usually quoted. */
export function errorDetails(error: ErrorInfo): [label: string, value: string][] {
  const o = error.okta ?? {};
  const rows: [string, string | undefined][] = [
    ['Error code', o.errorCode],
    ['Summary', o.errorSummary],
    ['Error id', o.errorId],
    ['Request id', o.requestId],
    ['HTTP status', error.status === undefined ? undefined : String(error.status)],
  ];
  return rows.filter((r): r is [string, string] => !!r[1]);
}
