// The manifest's permissions, host access and CSP are pinned (test/unit/manifest-pin.ts): widening them fails
// here until the pin is updated on purpose. The built manifests and the one Chromium loads are checked against
// the same pin in the e2e suite (test/e2e/security.e2e.ts), since unit tests run before the build.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { expectPinned, FORBIDDEN_KEYS, PINNED_CSP, PINNED_HOST_PERMISSIONS, PINNED_PERMISSIONS } from './manifest-pin';

const manifest = JSON.parse(await readFile(new URL('../../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('manifest.json', () => {
  it('asks for exactly the pinned permissions, host permissions and CSP, and opens no door to pages or other extensions', () => {
    expectPinned(manifest, 'manifest.json');
  });

  it('pins what it says: the lists are the product’s, spelled out', () => {
    // The pin itself, in plain values, so a change to OKTA_DOMAINS shows up here too.
    expect(PINNED_PERMISSIONS).toEqual(['activeTab', 'alarms', 'cookies', 'declarativeNetRequestWithHostAccess', 'identity', 'sidePanel', 'storage', 'webRequest']);
    expect(PINNED_HOST_PERMISSIONS).toEqual([
      'https://*.okta.com/*',
      'https://*.oktapreview.com/*',
      'https://*.okta-emea.com/*',
      'https://*.okta-gov.com/*',
      'https://*.okta.mil/*',
      'https://*.okta-miltest.com/*',
      'https://*.trex-govcloud.com/*',
    ]);
    expect(PINNED_CSP).not.toMatch(/unsafe|http:|\*/);
    expect(FORBIDDEN_KEYS).toEqual(expect.arrayContaining(['content_scripts', 'externally_connectable', 'web_accessible_resources']));
  });

  it('declares the side panel for each browser: panel.html, and a shortcut to open it', () => {
    expect(manifest.side_panel).toEqual({ default_path: 'panel.html' });
    expect(manifest.sidebar_action).toMatchObject({ default_panel: 'panel.html', open_at_install: false });
    expect(manifest.commands).toEqual({
      'open-side-panel': { suggested_key: { default: 'Alt+Shift+O' }, description: 'Open the side panel' },
    });
  });

  it('grants no plain-http host and no all-sites host access without asking', () => {
    const hosts = [...(manifest.host_permissions as string[]), ...((manifest.permissions as string[]) ?? [])];
    for (const host of hosts) {
      expect(host).not.toMatch(/^http:|<all_urls>|^\*:|^https:\/\/\*\/|^\*:\/\//);
    }
  });

  it('refuses a widened manifest (the pin can fail)', () => {
    const widened = [
      { ...manifest, permissions: [...(manifest.permissions as string[]), 'tabs'] },
      { ...manifest, host_permissions: [...(manifest.host_permissions as string[]), '<all_urls>'] },
      { ...manifest, optional_host_permissions: ['*://*/*'] },
      { ...manifest, content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval'; object-src 'none'" } },
      { ...manifest, externally_connectable: { matches: ['https://*.okta.com/*'] } },
      { ...manifest, content_scripts: [{ matches: ['https://*.okta.com/*'], js: ['x.js'] }] },
      { ...manifest, web_accessible_resources: [{ resources: ['popup.html'], matches: ['<all_urls>'] }] },
    ];
    for (const m of widened) expect(() => expectPinned(m, 'widened')).toThrow();
  });
});
