// Chromium lets the user restrict an extension's site access (chrome://extensions, Details, Site access: "On
// click"), which withholds the manifest's host permissions much as Firefox's about:addons withdraws them. The
// popup must name the cause, the options page must show its banner, and restoring access must bring the session
// back. Chromium refuses permissions.remove for a manifest's host_permissions, so the test changes Site access
// as that page does (developerPrivate, from chrome://extensions). Grant access itself is not clicked here: its
// prompt is a browser dialog Playwright cannot answer (the Firefox test and the options unit tests cover it).
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_USER } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import { configureOrg, DEMO_ORIGIN, signIn, useWorld } from './scenarios';

const BANNER = 'Chrome is not letting the inspector read Okta sites (the permission was withdrawn).';

describe('Chromium: site access withheld', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));

  /** chrome://extensions' Site access choice for this extension: 'ON_CLICK' withholds the Okta sites. */
  async function setSiteAccess(driver: ChromiumDriver, hostAccess: 'ON_CLICK' | 'ON_ALL_SITES'): Promise<void> {
    const page = await driver.context.newPage();
    await page.goto('chrome://extensions/');
    await page.evaluate(
      ({ extensionId, hostAccess }) => (globalThis as any).chrome.developerPrivate.updateExtensionConfiguration({ extensionId, hostAccess }),
      { extensionId: new URL(driver.extensionBase).host, hostAccess },
    );
    await page.close();
  }

  it('the popup names the cause, the options page warns, and restored access brings the session back', async () => {
    const { mock } = world;
    const driver = world.driver as ChromiumDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const options = await driver.openOptions();
    await options.waitForText('Saved orgs');
    expect(await options.alertText()).toBeNull();

    try {
      await setSiteAccess(driver, 'ON_CLICK');
      await options.waitForText(BANNER);
      expect(await driver.raw(options).getByRole('button', { name: 'Grant access' }).count()).toBe(1);

      mock.log.length = 0;
      const popup = await driver.openPopup({ tabId });
      await popup.waitForText('The browser has not granted access to this site');
      expect(await popup.alertText()).toContain('not letting the inspector read Okta sites (the permission was withdrawn)');
      expect(await popup.text()).not.toContain('Not an Okta page');
      expect(await popup.buttons()).toEqual(expect.arrayContaining(['Retry', 'Open options']));
      expect(mock.log.filter((e) => e.path.startsWith('/api/'))).toEqual([]);

      // Site access back to "On all sites": permissions.onAdded hides the banner; Retry shows the session.
      await setSiteAccess(driver, 'ON_ALL_SITES');
      await driver.raw(options).getByText(BANNER).waitFor({ state: 'detached', timeout: 10_000 });
      expect(await options.alertText()).toBeNull();
      await popup.click('Retry');
      await popup.waitForText(DEMO_USER.login);
      expect(await popup.alertText()).toBeNull();
      await popup.close();
    } finally {
      await setSiteAccess(driver, 'ON_ALL_SITES');
      await options.close();
    }
  });
});
