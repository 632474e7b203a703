// Which sites the inspector must be allowed to read, and which of them the browser no longer lets it. Firefox's
// about:addons (Permissions) lets the user withdraw the Okta sites of an MV3 extension, and Chromium's Site
// access restricts them; a custom domain's access can be removed too. The options page asks again.
import { isOktaHost } from '../okta/org';
import type { OrgSettingsView } from '../shared/protocol';
import { permissionPattern } from './form';

/** The browser's permission API, narrowed to what the banner needs (options.tsx wires the real one). */
export interface HostAccess {
  /** The manifest's host_permissions: the Okta sites. */
  required: readonly string[];
  /** `permissions.contains({ origins })`. */
  contains(origins: string[]): Promise<boolean>;
  /** `permissions.onAdded` and `onRemoved`; returns what stops listening. */
  watch(onChange: () => void): () => void;
  /** Who withdrew it, as the banner names it: "Firefox", "Chrome"… */
  browserName: string;
}

/**
 * The Okta sites, then each saved org's custom domains and any org not on an Okta domain. Only https patterns:
 * the manifest can grant nothing else (its optional_host_permissions is https://*\/*), so a plain-http loopback
 * test org would be reported missing forever.
 */
export function wantedOrigins(required: readonly string[], orgs: readonly OrgSettingsView[]): string[] {
  const sites = orgs.flatMap((org) => [...(isOktaHost(new URL(org.origin).hostname) ? [] : [org.origin]), ...org.customDomains]);
  const patterns = [...required, ...sites.map(permissionPattern)].filter((p) => p.startsWith('https://'));
  return [...new Set(patterns)];
}

/** The patterns the browser does not grant now, one question each so the banner can name them. */
export async function missingOrigins(access: Pick<HostAccess, 'contains'>, origins: readonly string[]): Promise<string[]> {
  const granted = await Promise.all(origins.map((origin) => access.contains([origin])));
  return origins.filter((_, i) => !granted[i]);
}

/** "Okta sites", "login.example.com", "Okta sites and login.example.com"… */
function namesOf(missing: readonly string[], required: readonly string[]): string {
  const names = [
    ...(missing.some((p) => required.includes(p)) ? ['Okta sites'] : []),
    ...missing.filter((p) => !required.includes(p)).map((p) => p.replace(/^https:\/\//, '').replace(/\/\*$/, '')),
  ];
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function withdrawnText(browserName: string, missing: readonly string[], required: readonly string[]): string {
  return `${browserName} is not letting the inspector read ${namesOf(missing, required)} (the permission was withdrawn). Without it the inspector cannot see your Okta session cookies or ask Okta about them.`;
}

/** The name the banner gives the browser; Chromium-based browsers other than Edge say "Chrome" in theirs. */
export function browserNameOf(userAgent: string): string {
  if (/\bFirefox\//.test(userAgent)) return 'Firefox';
  if (/\bEdg\//.test(userAgent)) return 'Edge';
  // Also "HeadlessChrome/": Chromium run by automation.
  if (/Chrome\//.test(userAgent)) return 'Chrome';
  return 'Your browser';
}
