// The side panel in both browsers: the live scenarios (panel-scenarios.ts), each against its own browser.
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { launchChromium } from './chromium';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { panelScenarios } from './panel-scenarios';
import { askUntil, configureOrg, DEMO_ORIGIN, useWorld } from './scenarios';

describe('Chromium: the side panel, live', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  panelScenarios(world);
});

describe('Firefox: the side panel, live', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  panelScenarios(world);

  it('a container tab: the panel shows the container’s own session, live, and the main window’s cookies cost nothing', async () => {
    const driver = world.driver as FirefoxDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const main = await driver.openPage(`${DEMO_ORIGIN}/login/signout`);
    const panel = await driver.openPanel();
    const page = await driver.openPageInContainer(`${DEMO_ORIGIN}/login/signout`);
    await panel.waitForText(`No Okta session in this browser for ${DEMO_ORG_HOST}`, 5_000);
    world.mock.log.length = 0;
    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await panel.waitForText(DEMO_USER.login, 5_000);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);

    // A new session in the main window's cookies (set without touching a tab): not the container tab's session.
    const other = world.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const { name, value } = world.mock.org(DEMO_ORG_HOST).sessionCookie(other.id);
    await driver.setCookie({ name, value, domain: DEMO_ORG_HOST });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);
    expect(await panel.text()).toContain(DEMO_USER.login);
    await page.close();
    await main.close();
    await panel.close();
  });

  it('the real sidebar: opened by Open side panel, it follows the active tab and shows a sign-in by itself', async () => {
    const driver = world.driver as FirefoxDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const page = await driver.openPage(`${DEMO_ORIGIN}/login/signout`);
    const popup = await driver.openPopup({ tabId: await driver.tabIdFor(page.url()) });
    await popup.waitForText('Open side panel');
    await popup.click('Open side panel');
    // Firefox runs every extension page in one process: another of ours can read the sidebar's document.
    const reader = await driver.openOptions();
    const sidebarText = () =>
      reader.evaluate(() => ((globalThis as any).browser.extension.getViews({ type: 'sidebar' }) as Window[]).map((w) => w.document.body.innerText).join('\n'), null);
    const waitForSidebar = async (wanted: string) => {
      const shown = await askUntil(sidebarText, (text) => text.includes(wanted));
      expect(shown).toContain(wanted);
    };
    await waitForSidebar('Okta Session Inspector');
    await popup.close();
    world.mock.log.length = 0;

    await driver.activate(page);
    await waitForSidebar(`No Okta session in this browser for ${DEMO_ORG_HOST}`);
    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await waitForSidebar(DEMO_USER.login);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);
    await reader.close();
    await page.close();
  });
});
