// Firefox MV3 lets the user withdraw an extension's host permissions (about:addons, the add-on's Permissions
// tab). With the Okta sites withdrawn, Firefox hides the Okta tab's URL and its cookies from the extension; the
// popup must say so (not "Not an Okta page") and send the user to the options page, whose banner asks again.
// Firefox only: Chromium refuses permissions.remove for a manifest's host_permissions ("You cannot remove
// required permissions"); its Site access setting is covered by chromium-permissions.e2e.ts.
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_USER } from '../mock-org/demo';
import type { ExtPage } from './driver';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { configureOrg, DEMO_ORIGIN, signIn, useWorld } from './scenarios';

const OKTA_SITES = 'https://*.okta.com/*';
const BANNER = 'Firefox is not letting the inspector read Okta sites (the permission was withdrawn).';

/** Waits until the page no longer shows `text` (the page's text, polled). */
async function waitForNoText(page: ExtPage, text: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (!(await page.text()).includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the page still says "${text}"`);
}

describe('Firefox: withdrawn host permission', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));

  /** What about:addons does when the user switches off "Access your data for sites in the *.okta.com domain". */
  function withdraw(driver: FirefoxDriver, origin: string): Promise<string[]> {
    return driver.privileged(
      async ({ id, origin }: { id: string; origin: string }) => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        await ExtensionPermissions.remove(id, { permissions: [], origins: [origin] }, WebExtensionPolicy.getByID(id)!.extension);
        return (await ExtensionPermissions.get(id)).origins as string[];
      },
      { id: 'okta-session-inspector@session-inspector.dev', origin },
    );
  }

  const hasOktaSites = (page: ExtPage) => page.evaluate((o: string) => (globalThis as any).browser.permissions.contains({ origins: [o] }), OKTA_SITES);

  it('the popup names the cause and offers the options; the options page asks again; the session is back', async () => {
    const { mock } = world;
    const driver = world.driver as FirefoxDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);

    // An options page already open sees the change as it happens (permissions.onRemoved).
    const options = await driver.openOptions();
    await options.waitForText('Saved orgs');
    expect(await options.alertText()).toBeNull();
    expect(await withdraw(driver, OKTA_SITES)).not.toContain(OKTA_SITES);
    await options.waitForText(BANNER);
    expect(await options.alertText()).toContain('Without it the inspector cannot see your Okta session cookies or ask Okta about them.');
    expect(await hasOktaSites(options)).toBe(false);

    // The popup on the signed-in Okta tab: a plain explanation in an alert, Retry and Open options; no crash.
    mock.log.length = 0;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText('The browser has not granted access to this site');
    const alert = await popup.alertText();
    expect(alert).toContain('not letting the inspector read Okta sites (the permission was withdrawn)');
    expect(alert).toContain('Grant access');
    expect(await popup.text()).not.toContain('Not an Okta page');
    expect(await popup.buttons()).toEqual(expect.arrayContaining(['Retry', 'Open options']));
    // Picking the org by name (as from the not-Okta list) is the same problem, not "No Okta session".
    const byOrg = await driver.openPopup({ org: DEMO_ORIGIN });
    await byOrg.waitForText('the permission was withdrawn');
    expect(await byOrg.text()).not.toContain('No Okta session');
    await byOrg.close();
    expect(mock.log.filter((e) => e.path.startsWith('/api/'))).toEqual([]);

    // Don't allow: the banner stays and says so.
    await options.click('Grant access');
    expect(await driver.answerPermissionPrompt(false)).toMatch(/Okta Session Inspector requests/);
    await options.waitForText('The browser did not grant access.');
    expect(await options.alertText()).toContain(BANNER);

    // Allow: the banner goes, and the popup shows the session again.
    await options.click('Grant access');
    await driver.answerPermissionPrompt(true);
    await waitForNoText(options, BANNER);
    expect(await options.alertText()).toBeNull();
    expect(await hasOktaSites(options)).toBe(true);

    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.text()).toMatch(/ACTIVE/);
    expect(await popup.alertText()).toBeNull();
    expect(mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);
    await popup.close();
    await options.close();
  });

  it('a page opened after the withdrawal shows the banner at once, and a grant made elsewhere hides it', async () => {
    const driver = world.driver as FirefoxDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    await withdraw(driver, OKTA_SITES);
    const options = await driver.openOptions();
    await options.waitForText(BANNER);
    // Granted back from elsewhere (about:addons): permissions.onAdded hides the banner without a click here.
    await driver.privileged(
      async (id: string) => {
        const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
        await ExtensionPermissions.add(id, { permissions: [], origins: ['https://*.okta.com/*'] }, WebExtensionPolicy.getByID(id)!.extension);
      },
      'okta-session-inspector@session-inspector.dev',
    );
    await waitForNoText(options, BANNER);
    expect(await hasOktaSites(options)).toBe(true);
    await options.close();
  });
});

// Globals of Firefox's parent process, where `privileged` runs.
declare const ChromeUtils: { importESModule(url: string): any };
declare const WebExtensionPolicy: { getByID(id: string): { extension?: any } | null };
