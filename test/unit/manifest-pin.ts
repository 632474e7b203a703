// What the extension may touch, pinned: a change to any of these lists fails a test, so widening what the
// extension can reach is a visible, deliberate edit here (the OAuth work adds `identity`, the timeline
// `webRequest`: each updates this pin in the same change). Used by manifest.test.ts on manifest.json and by the
// e2e suite on the built manifests and on the one Chromium actually loaded.
import { expect } from 'vitest';
import { OKTA_DOMAINS } from '../../src/okta/org';

/** `webRequest` is observe-only (the timeline): no webRequestBlocking, no extraInfoSpec for headers or bodies. */
/**
 * `identity` opens the Sign in with Okta window (launchWebAuthFlow: no access to the user's browser accounts, no
 * `oauth2` key); `alarms` renews its access token before expiry.
 */
/** `sidePanel` is Chrome's side panel (panel.html); Firefox's sidebar needs no permission, so its build has none. */
export const PINNED_PERMISSIONS = ['activeTab', 'alarms', 'cookies', 'declarativeNetRequestWithHostAccess', 'identity', 'sidePanel', 'storage', 'webRequest'];
/** Permissions only Chrome knows: build.mjs leaves them out of dist/firefox. */
export const CHROME_ONLY_PERMISSIONS = ['sidePanel'];
/** Okta's own domains, and only those, without asking: the list the org parser knows. */
export const PINNED_HOST_PERMISSIONS = OKTA_DOMAINS.map((domain) => `https://*.${domain}/*`);
/** A custom domain is asked for at runtime, one origin at a time, when the user saves it. */
export const PINNED_OPTIONAL_HOST_PERMISSIONS = ['https://*/*'];
export const PINNED_CSP = "script-src 'self'; object-src 'none'; base-uri 'none'";

/** Keys whose presence would let pages, other extensions or sites reach into the extension. */
export const FORBIDDEN_KEYS = [
  'content_scripts',
  'externally_connectable',
  'web_accessible_resources',
  'optional_permissions',
  'sandbox',
  'chrome_url_overrides',
  'declarative_net_request',
  'nacl_modules',
  'oauth2',
  'update_url',
];

const sorted = (list: unknown) => (Array.isArray(list) ? [...list].map(String).sort() : list);

/** `flavour`: manifest.json itself, or the build for one browser. */
export function expectPinned(manifest: Record<string, unknown>, name: string, flavour: 'source' | 'chrome' | 'firefox' = 'source'): void {
  expect(manifest.manifest_version, name).toBe(3);
  const permissions = flavour === 'firefox' ? PINNED_PERMISSIONS.filter((p) => !CHROME_ONLY_PERMISSIONS.includes(p)) : PINNED_PERMISSIONS;
  expect(sorted(manifest.permissions), `${name}: permissions`).toEqual(sorted(permissions));
  expect(sorted(manifest.host_permissions), `${name}: host_permissions`).toEqual(sorted(PINNED_HOST_PERMISSIONS));
  expect(sorted(manifest.optional_host_permissions), `${name}: optional_host_permissions`).toEqual(sorted(PINNED_OPTIONAL_HOST_PERMISSIONS));
  expect(manifest.content_security_policy, `${name}: content_security_policy`).toEqual({ extension_pages: PINNED_CSP });
  for (const key of FORBIDDEN_KEYS) expect(Object.keys(manifest), `${name}: ${key}`).not.toContain(key);
}
