// Chromium's own side panel, opened from the popup's Open side panel and read through CDP (side-panel-cdp.ts):
// the panel the user gets, not panel.html in a tab. It follows the window's active tab and updates by itself.
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import { configureOrg, DEMO_ORIGIN, useWorld } from './scenarios';
import { attachSidePanel } from './side-panel-cdp';

describe('Chromium: the real side panel', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));

  it('opens from the popup, follows the active tab, and shows a sign-in and a sign-out without a click', async () => {
    const driver = world.driver as ChromiumDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const page = await driver.openPage(`${DEMO_ORIGIN}/login/signout`);
    const popup = await driver.openPopup({ tabId: await driver.tabIdFor(page.url()) });
    await popup.waitForText('Open side panel');
    await popup.click('Open side panel');
    const panel = await attachSidePanel(driver, driver.raw(page));
    // A real popup closes once the panel is open; this one is a tab, closed by hand (it would be live too).
    await popup.close();
    world.mock.log.length = 0;

    // The user goes back to the org's tab: the panel, beside it, moves there.
    await driver.activate(page);
    await panel.waitForText(`No Okta session in this browser for ${DEMO_ORG_HOST}`);
    expect(await panel.text()).toContain('Showing');

    await driver.stopBackground();
    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await panel.waitForText(DEMO_USER.login);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);

    await driver.stopBackground();
    await page.click('Sign out');
    await panel.waitForText(`No Okta session in this browser for ${DEMO_ORG_HOST}`);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);
    await panel.detach();
    await page.close();
  });

  it('screenshot: the panel beside a page mid-flow (composed, as the browser draws the panel outside any page)', async () => {
    const driver = world.driver as ChromiumDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const page = await driver.openPage(`${DEMO_ORIGIN}/login/signout`);
    const panel = await driver.openPanel({ tabId: await driver.tabIdFor(page.url()) });
    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await panel.waitForText(DEMO_USER.login);
    const raw = driver.raw(page);
    await raw.setViewportSize({ width: 720, height: 640 });
    const shots = [await raw.screenshot(), await driver.raw(panel).screenshot()].map((b) => `data:image/png;base64,${b.toString('base64')}`);
    const sheet = await driver.context.newPage();
    await sheet.setViewportSize({ width: 720 + 1 + 400, height: 640 });
    await sheet.setContent(
      `<body style="margin:0;display:flex;gap:1px;background:#888">${shots.map((src) => `<img src="${src}" style="display:block">`).join('')}</body>`,
    );
    await mkdir('test-results/screenshots', { recursive: true });
    await sheet.screenshot({ path: 'test-results/screenshots/panel-beside-page.png' });
    await sheet.close();
    await panel.close();
    await page.close();
  });
});
