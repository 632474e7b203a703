// End to end in headless Chromium with dist/chrome loaded: the shared scenarios, then what only Chromium
// runs here (unhappy paths, cached paint, screenshots of every popup state in light and dark).
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sessionIdHint } from '../../src/okta/session-id';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_API_TOKEN, SECOND_ORG_HOST } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import { configureOrg, DEMO_ORIGIN, latestSession, READ_WITH_COOKIE, SECOND_ORIGIN, sharedScenarios, signIn, useWorld } from './scenarios';

const SHOTS = 'test-results/screenshots';

describe('Chromium: shared scenarios', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  sharedScenarios(world);
});

describe('Chromium: unhappy paths and first paint', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  const driver = () => world.driver as ChromiumDriver;

  it('after install, opens the options page once, with its start guide', async () => {
    const d = world.driver as ChromiumDriver;
    const welcome = d.context.pages().filter((p) => p.url() === `${d.extensionBase}/options.html?welcome`);
    expect(welcome).toHaveLength(1);
    await welcome[0]!.getByRole('heading', { name: 'Start here' }).waitFor({ timeout: 5_000 });
    expect(await welcome[0]!.locator('.start-guide').innerText()).toMatch(/Sign in to your Okta org[\s\S]*Click the toolbar icon[\s\S]*Add this org/);
  });

  it('says there is no session when the org has no session cookie', async () => {
    await configureOrg(world.driver, SECOND_ORIGIN, SECOND_API_TOKEN);
    const page = await world.driver.openPage(`${SECOND_ORIGIN}/login/login.htm`);
    const popup = await world.driver.openPopup({ tabId: await world.driver.tabIdFor(page.url()) });
    await popup.waitForText(`No Okta session in this browser for ${SECOND_ORG_HOST}`);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
    await popup.close();
  });

  it('names the reset time when Okta keeps rate-limiting', async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(world.driver);
    world.mock.fault({ kind: 'rate-limit', resetInSeconds: 600, path: '/api/v1/sessions/', times: 5 });
    const popup = await world.driver.openPopup({ tabId });
    await popup.waitForText('E0000047');
    expect(await popup.alertText()).toMatch(/resets at \d{1,2}:\d{2}/);
    await popup.close();
  });

  it('explains a malformed reply instead of crashing', async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(world.driver);
    world.mock.fault({ kind: 'malformed', path: '/api/v1/sessions/' });
    const popup = await world.driver.openPopup({ tabId });
    await popup.waitForText(/not (valid )?JSON|could not be read|malformed|unexpected/i);
    expect(await popup.alertText()).toBeTruthy();
    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    await popup.close();
  });

  it('lists the configured orgs on a tab that is not an Okta org, and makes no request', async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    await signIn(world.driver);
    world.mock.log.length = 0;
    const page = await world.driver.openPage('https://intranet.example.com/');
    const popup = await world.driver.openPopup({ tabId: await world.driver.tabIdFor(page.url()) });
    await popup.waitForText('Not an Okta page');
    expect(await popup.text()).toContain(DEMO_ORG_HOST);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
    await popup.close();
  });

  it('paints the cached view before Okta answers, then the fresh one', async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(world.driver);
    const first = await world.driver.openPopup({ tabId });
    await first.waitForText(DEMO_USER.login);
    await first.close();
    // Okta now takes 3 s: the login must be on screen while that request is still pending.
    world.mock.fault({ kind: 'latency', ms: 3_000, path: '/api/v1/sessions/' });
    world.mock.log.length = 0;
    const second = await world.driver.openPopup({ tabId });
    await second.waitForText(DEMO_USER.login, 2_000);
    expect(await second.text()).toMatch(/Updating/);
    expect(world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/') && e.status !== null && e.status !== undefined && e.time > 0 && e.status === 200)).toHaveLength(0);
    await second.waitForText(DEMO_USER.login);
    await second.evaluate(() => new Promise((r) => setTimeout(r, 3_500)), null);
    expect(await second.text()).not.toMatch(/Updating/);
    await second.close();
  });

  it('never shows the API token or a session cookie value in the pages or their console', async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(world.driver);
    const cookies = await driver().context.cookies(DEMO_ORIGIN);
    const secrets = [DEMO_API_TOKEN, ...cookies.filter((c) => c.name === 'sid' || c.name === 'idx').map((c) => c.value)];
    expect(secrets.length).toBeGreaterThan(1);
    const popup = await world.driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    const options = await world.driver.openOptions();
    await options.waitForText(DEMO_ORG_HOST);
    const seen = [
      await popup.evaluate(() => document.documentElement.outerHTML, null),
      await options.evaluate(() => document.documentElement.outerHTML, null),
      JSON.stringify(await world.driver.message({ type: 'session/inspect', tabId })),
      JSON.stringify(await world.driver.message({ type: 'settings/get' })),
      world.driver.logs.join('\n'),
    ].join('\n');
    for (const secret of secrets) expect(seen).not.toContain(secret);
    await popup.close();
    await options.close();
  });
});

// With "Allow in Incognito" ticked, one worker serves both windows, and an incognito tab's cookies (so its Okta
// session) are not the main window's: the popup must show and revoke the incognito tab's own.
describe('Chromium: an incognito tab', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port, allowIncognito: true }));

  it('shows and revokes the incognito window’s session, and the main window keeps its own', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const main = await signIn(driver);
    const mainSession = latestSession(mock)!;
    // The incognito window signs in as Okta's sign-in would leave it: the org's sid cookie in that window's store.
    const incognito = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const cookie = mock.org(DEMO_ORG_HOST).sessionCookie(incognito.id);
    const options = await driver.openOptions();
    const tabId = await options.evaluate(
      async ({ url, name, value }: { url: string; name: string; value: string }) => {
        const chrome = (globalThis as any).chrome;
        const window = await chrome.windows.create({ incognito: true, url });
        const tab = window.tabs[0];
        const store = (await chrome.cookies.getAllCookieStores()).find((s: { tabIds: number[] }) => s.tabIds.includes(tab.id));
        await chrome.cookies.set({ url, name, value, path: '/', storeId: store.id, secure: true, httpOnly: true, sameSite: 'no_restriction' });
        return tab.id as number;
      },
      { url: `${DEMO_ORIGIN}/app/UserHome`, name: cookie.name, value: cookie.value },
    );
    await options.close();

    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(sessionIdHint(incognito.id));
    expect(await popup.text()).not.toContain(sessionIdHint(mainSession.id));
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    // The Timeline says where the incognito session's cookie was set: Chrome's incognito store.
    await (driver as ChromiumDriver).raw(popup).getByRole('tab', { name: 'Timeline', exact: true }).click();
    await popup.waitForText(`Session ${sessionIdHint(incognito.id)} at ${DEMO_ORG_HOST} in an incognito window`);
    expect(await popup.text()).not.toContain(`Session ${sessionIdHint(mainSession.id)} at ${DEMO_ORG_HOST} in an incognito window`);
    await popup.close();
    expect(mock.log.filter((e) => e.method === 'DELETE').map((e) => e.path)).toEqual([`/api/v1/sessions/${incognito.id}`]);
    expect(mock.org(DEMO_ORG_HOST).activeSession(mainSession.id)).toBeTruthy();

    const mainPopup = await driver.openPopup({ tabId: main.tabId });
    await mainPopup.waitForText(sessionIdHint(mainSession.id));
    await mainPopup.close();
  });
});

describe.each(['light', 'dark'] as const)('Chromium: popup screenshots (%s)', (scheme) => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port, colorScheme: scheme }));

  it('captures each popup state', async () => {
    await mkdir(SHOTS, { recursive: true });
    const d = world.driver as ChromiumDriver;
    const shoot = async (tabId: number | undefined, name: string, waitFor: string | RegExp) => {
      const popup = await d.openPopup(tabId === undefined ? {} : { tabId });
      const raw = d.raw(popup);
      await raw.setViewportSize({ width: 360, height: 520 });
      await popup.waitForText(waitFor);
      await raw.screenshot({ path: `${SHOTS}/popup-${name}-${scheme}.png`, fullPage: true });
      await popup.close();
    };
    await configureOrg(d, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(d);
    await shoot(tabId, 'session', DEMO_USER.login);
    const other = await d.openPage(`${SECOND_ORIGIN}/login/login.htm`);
    await shoot(await d.tabIdFor(other.url()), 'no-cookie', `No Okta session in this browser for ${SECOND_ORG_HOST}`);
    world.mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/' });
    await shoot(tabId, 'error', 'E0000006');
    const plain = await d.openPage('https://intranet.example.com/');
    await shoot(await d.tabIdFor(plain.url()), 'not-okta', 'Not an Okta page');
    // No credential for the second org: the session read with the browser's cookie, and Add this org.
    world.mock.clearFaults();
    const second = await signIn(d, SECOND_ORG_HOST);
    await shoot(second.tabId, 'cookie', READ_WITH_COOKIE);
    {
      const popup = await d.openPopup({ tabId: second.tabId });
      const raw = d.raw(popup);
      await raw.setViewportSize({ width: 360, height: 520 });
      await popup.waitForText(READ_WITH_COOKIE);
      await raw.getByText('In this browser').click();
      await raw.screenshot({ path: `${SHOTS}/popup-cookie-details-${scheme}.png`, fullPage: true });
      await popup.click('Add this org');
      await popup.waitForText('Okta org URL');
      await raw.screenshot({ path: `${SHOTS}/popup-add-org-${scheme}.png`, fullPage: true });
      await popup.close();
    }

    // The Timeline tab after a sign-in and a refresh, and the options page with the org saved.
    world.mock.clearFaults();
    const popup = await d.openPopup({ tabId });
    const raw = d.raw(popup);
    await raw.setViewportSize({ width: 360, height: 560 });
    await popup.waitForText(DEMO_USER.login);
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    await raw.getByRole('tab', { name: 'Timeline' }).click();
    await popup.waitForText(/Session cookie|cookie/i);
    await raw.screenshot({ path: `${SHOTS}/popup-timeline-${scheme}.png`, fullPage: true });
    await popup.close();
    const options = await d.openOptions();
    await d.raw(options).setViewportSize({ width: 900, height: 900 });
    await options.waitForText(DEMO_ORG_HOST);
    await d.raw(options).screenshot({ path: `${SHOTS}/options-${scheme}.png`, fullPage: true });
    await options.close();
  });
});
