// Turning what a user types, or a tab's hostname, into the one origin an org's credential may be sent to.
// The credential goes wherever this origin says, so the parser is strict: anything ambiguous is refused
// rather than guessed (userinfo, backslashes, odd schemes, empty or single-label hosts).
import { OktaError } from './errors';

/** Okta's org domains: an org is `{org}.<domain>`, its admin console `{org}-admin.<domain>`. */
export const OKTA_DOMAINS = [
  'okta.com',
  'oktapreview.com',
  'okta-emea.com',
  'okta-gov.com',
  'okta.mil',
  'okta-miltest.com',
  'trex-govcloud.com',
] as const;

/** Okta's own sites under its domains, which are not orgs. */
const NOT_ORGS = new Set(['www', 'developer', 'help', 'support', 'status', 'trust']);

export interface OrgUrl {
  /** `https://acme.okta.com`, or `http://127.0.0.1:8443` for a loopback test org; no path, no trailing slash. */
  origin: string;
  /** The origin's host as URL.host has it: the hostname, plus `:port` when the port is not the default. */
  host: string;
  /** 'okta' for a host under OKTA_DOMAINS, 'custom' for any other (a custom URL domain the user maps). */
  kind: 'okta' | 'custom';
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function cleanHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Splits an Okta hostname into its org name (without `-admin`) and domain, or undefined for any other host. */
function splitOktaHost(hostname: string): { org: string; domain: string } | undefined {
  const host = cleanHostname(hostname);
  for (const domain of OKTA_DOMAINS) {
    if (!host.endsWith(`.${domain}`)) continue;
    const label = host.slice(0, -(domain.length + 1));
    // Exactly one label before the domain: `a.b.okta.com` is no org's host.
    if (!LABEL.test(label)) return undefined;
    const org = label.endsWith('-admin') ? label.slice(0, -'-admin'.length) : label;
    if (!LABEL.test(org) || NOT_ORGS.has(org)) return undefined;
    return { org, domain };
  }
  return undefined;
}

/** True for an Okta org host (`acme.okta.com`, `acme-admin.oktapreview.com`); false for look-alikes. */
export function isOktaHost(hostname: string): boolean {
  return splitOktaHost(hostname) !== undefined;
}

/** `https://acme.okta.com` for `acme.okta.com` or `acme-admin.okta.com`; undefined for any non-Okta host. */
export function oktaOrgOriginForHost(hostname: string): string | undefined {
  const split = splitOktaHost(hostname);
  return split && `https://${split.org}.${split.domain}`;
}

/** Loopback hosts, the only ones allowed plain http (a local test org cannot leak a credential). */
export function isLoopbackHost(hostname: string): boolean {
  const host = cleanHostname(hostname);
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function invalid(message: string): never {
  throw new OktaError('invalid_input', message);
}

const EXAMPLE = 'Enter the org URL like https://acme.okta.com.';

/**
 * Normalises an org URL as typed: `acme.okta.com`, `https://acme-admin.okta.com/admin/dashboard` and
 * `HTTPS://ACME.OKTA.COM.` all give `https://acme.okta.com`. Throws OktaError 'invalid_input' otherwise.
 * A trailing dot on the host is stripped (it names the same DNS host). Internationalised hosts come out as
 * URL's punycode. A non-default port is kept.
 */
export function normalizeOrgUrl(input: string): OrgUrl {
  if (typeof input !== 'string') invalid(`The org URL is missing. ${EXAMPLE}`);
  const text = input.trim();
  if (!text) invalid(`The org URL is empty. ${EXAMPLE}`);
  if (text.length > 2048) invalid(`The org URL is too long. ${EXAMPLE}`);
  // Browsers read `\` as `/` in http(s) URLs, so `https://evil.net\@acme.okta.com` means evil.net: refuse it.
  if (text.includes('\\')) invalid(`The org URL contains a backslash. ${EXAMPLE}`);
  if (/[\s\u0000-\u001f\u007f]/.test(text)) invalid(`The org URL contains spaces or control characters. ${EXAMPLE}`);

  let withScheme = text;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  const hostAndPort = /^[a-z0-9.-]+:\d+(?:[/?#]|$)/i.test(text); // `localhost:8443`, not a scheme
  if (scheme && !hostAndPort) {
    // `https:`, `javascript:`, `ftp:` ...
    const name = (scheme[1] as string).toLowerCase();
    if (name !== 'https' && name !== 'http') invalid(`The org URL must start with https:// (not ${name}:). ${EXAMPLE}`);
    if (!text.slice(scheme[0].length).startsWith('//')) invalid(`The org URL is not a web address. ${EXAMPLE}`);
  } else {
    withScheme = `https://${text}`;
  }

  const afterScheme = withScheme.slice(withScheme.indexOf('//') + 2);
  const authority = afterScheme.split(/[/?#]/, 1)[0] ?? '';
  if (authority.includes('@')) invalid(`The org URL must not contain a user name or password. ${EXAMPLE}`);
  if (!authority) invalid(`The org URL has no host name. ${EXAMPLE}`);

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return invalid(`The org URL is not a valid web address. ${EXAMPLE}`);
  }
  if (url.username || url.password) invalid(`The org URL must not contain a user name or password. ${EXAMPLE}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') invalid(`The org URL must start with https://. ${EXAMPLE}`);

  let hostname = url.hostname;
  if (hostname.endsWith('.')) hostname = hostname.slice(0, -1);
  if (!hostname) invalid(`The org URL has no host name. ${EXAMPLE}`);
  const isIp = hostname.startsWith('[') || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname);
  if (!isIp) {
    const labels = hostname.split('.');
    if (labels.some((label) => !label)) invalid(`The org URL's host name has an empty part. ${EXAMPLE}`);
    if (labels.length < 2 && hostname !== 'localhost') {
      invalid(`The org URL needs a full host name, such as acme.okta.com. ${EXAMPLE}`);
    }
  }

  const loopback = isLoopbackHost(hostname);
  if (url.protocol === 'http:' && !loopback) {
    invalid('The org URL must use https:// (plain http is only allowed for a local test org on 127.0.0.1 or localhost).');
  }

  const okta = splitOktaHost(hostname);
  const finalHostname = okta ? `${okta.org}.${okta.domain}` : hostname;
  const host = url.port ? `${finalHostname}:${url.port}` : finalHostname;
  return { origin: `${url.protocol}//${host}`, host, kind: okta ? 'okta' : 'custom' };
}
