// Firefox lets the user withdraw the extension's access to Okta's sites (about:addons, Permissions), and
// Chromium's Site access can restrict it. The browser then answers as if there were nothing to see: a tab
// without a URL, no cookies. These checks turn that silence into a 'permission' failure that names the cause,
// so the popup does not say "Not an Okta page" or "No Okta session" and sends the user to the options page.
import { OKTA_DOMAINS } from '../okta/org';
import type { OrgRef } from '../shared/protocol';
import type { WorkerDeps } from './deps';
import { WorkerError } from './worker-error';

/** The manifest's host_permissions (test/unit/manifest-pin.ts holds them equal). */
export const OKTA_HOST_PATTERNS: readonly string[] = OKTA_DOMAINS.map((domain) => `https://*.${domain}/*`);

const FIX = 'Open the options page and choose Grant access.';

/** False only when the browser says the access is missing; a browser that cannot tell is taken at its word. */
async function granted(deps: WorkerDeps, origins: readonly string[]): Promise<boolean> {
  if (!deps.permissions) return true;
  try {
    return await deps.permissions.contains({ origins: [...origins] });
  } catch {
    return true;
  }
}

/** For a tab whose URL the browser hides: it hides every Okta tab's URL once the Okta sites are withdrawn. */
export async function requireOktaAccess(deps: WorkerDeps): Promise<void> {
  if (await granted(deps, OKTA_HOST_PATTERNS)) return;
  throw new WorkerError(
    'permission',
    `The browser is not letting the inspector read Okta sites (the permission was withdrawn), so it cannot see which site this tab is on or read its Okta session cookie. ${FIX}`,
  );
}

/** For a site where no session cookie was found: without access, the browser reports none whatever there is. */
export async function requireSiteAccess(deps: WorkerDeps, url: string, org: OrgRef): Promise<void> {
  const { protocol, hostname, host } = new URL(url);
  if (await granted(deps, [`${protocol}//${hostname}/*`])) return;
  throw new WorkerError(
    'permission',
    `The browser is not letting the inspector read ${host} (the permission was withdrawn), so it cannot see the Okta session cookie there. ${FIX}`,
    org,
  );
}
