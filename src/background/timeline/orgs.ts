// Which configured org a host or URL belongs to, for the timeline's listeners: the org's own host, its -admin
// host, or one of its custom domains. Anything else is not recorded at all.
import { oktaOrgOriginForHost } from '../../okta/org';

/** The part of a configured org the timeline needs (OrgRecord fits). Both fields hold normalised origins. */
export interface TimelineOrg {
  origin: string;
  customDomains: readonly string[];
}

const hostnameOf = (origin: string): string | undefined => {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

/** The configured org whose cookies live on `hostname` (a cookie's domain, leading dot allowed). */
export function orgForHostname(hostname: string, orgs: readonly TimelineOrg[]): TimelineOrg | undefined {
  let host = hostname.toLowerCase();
  // A leading dot marks a domain cookie; sid and idx are host cookies, but an explicit Domain equal to the host
  // is the same host.
  if (host.startsWith('.')) host = host.slice(1);
  if (!host) return undefined;
  const oktaOrigin = oktaOrgOriginForHost(host);
  for (const org of orgs) {
    if (oktaOrigin !== undefined && org.origin === oktaOrigin) return org;
    if (hostnameOf(org.origin) === host) return org;
    if (org.customDomains.some((d) => hostnameOf(d) === host)) return org;
  }
  return undefined;
}

/** The configured org a request URL goes to: same origin as the org, its -admin host, or a custom domain. */
export function orgForUrl(url: URL, orgs: readonly TimelineOrg[]): TimelineOrg | undefined {
  const oktaOrigin = url.protocol === 'https:' ? oktaOrgOriginForHost(url.hostname) : undefined;
  for (const org of orgs) {
    if (org.origin === url.origin || (oktaOrigin !== undefined && org.origin === oktaOrigin)) return org;
    if (org.customDomains.includes(url.origin)) return org;
  }
  return undefined;
}
