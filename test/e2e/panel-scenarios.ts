// The side panel, live: written once against ExtensionDriver and run in Chromium and Firefox. The drivers cannot
// reach the browsers' own side panel, so panel.html is opened as a tab of the same window, where it follows the
// window's active tab exactly as it does in the panel. Nothing in these tests clicks the panel: what it shows, it
// shows by itself. The mock org's log counts the Okta requests each change cost.
import { afterEach, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../mock-org/demo';
import type { ExtPage } from './driver';
import { configureOrg, DEMO_ORIGIN, SECOND_ORIGIN, type World } from './scenarios';

const NO_SESSION = `No Okta session in this browser for ${DEMO_ORG_HOST}`;
/** Okta's sign-out, which lands on the sign-in page: every test starts with no session cookie (earlier tests leave one). */
const SIGNED_OUT = `${DEMO_ORIGIN}/login/signout`;
/** The panel's tab is in the background while the user works in another: its timers run at most once a second. */
const LIVE_MS = 10_000;

const sessionRequests = (world: World) => world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/')).length;

async function signInOn(page: ExtPage): Promise<void> {
  await page.fill('Username', DEMO_USER.login);
  await page.fill('Password', DEMO_USER.password);
  await page.click('Sign In');
  await page.waitForText(`Signed in as ${DEMO_USER.login}`);
}

export function panelScenarios(world: World): void {
  // A test that fails midway leaves its pages open; a following panel left behind would look at the next test's
  // tabs and make its requests. Every page a test opened is closed after it.
  const opened: ExtPage[] = [];
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close().catch(() => undefined);
  });
  const keep = <P extends ExtPage>(page: P): P => (opened.push(page), page);
  it('the panel follows the active tab, shows a sign-in and a sign-out by itself, one Okta request per session, across a stopped worker', async () => {
    const { driver } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const panel = keep(await driver.openPanel());
    world.mock.log.length = 0;

    // The user opens the org's sign-in page in another tab of the window: the panel moves to it.
    const page = keep(await driver.openPage(SIGNED_OUT));
    await panel.waitForText(NO_SESSION, LIVE_MS);
    await panel.waitForText(`Showing`, LIVE_MS);
    expect(await panel.text()).toContain(DEMO_ORG_HOST);
    expect(sessionRequests(world)).toBe(0);

    await driver.stopBackground();
    await signInOn(page);
    await panel.waitForText(DEMO_USER.login, LIVE_MS);
    await panel.waitForText(/Checked with Okta at \d{1,2}:\d{2}/, LIVE_MS);
    expect(await panel.text()).toMatch(/expires in/i);
    expect(sessionRequests(world)).toBe(1);

    await driver.stopBackground();
    await page.click('Sign out');
    await page.waitForText('Sign In');
    await panel.waitForText(NO_SESSION, LIVE_MS);
    // The cookie's removal needs no Okta request: there is no session left to ask about.
    expect(sessionRequests(world)).toBe(1);

    // Signed in again: a new session, one more request.
    await signInOn(page);
    await panel.waitForText(DEMO_USER.login, LIVE_MS);
    expect(sessionRequests(world)).toBe(2);
    await page.close();
    await panel.close();
  });

  it('switching tabs moves the panel; coming back shows the same session again without asking Okta', async () => {
    const { driver } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const panel = keep(await driver.openPanel());
    const first = keep(await driver.openPage(SIGNED_OUT));
    await signInOn(first);
    await panel.waitForText(DEMO_USER.login, LIVE_MS);
    const afterSignIn = sessionRequests(world);

    const second = keep(await driver.openPage(`${SECOND_ORIGIN}/login/signout`));
    await panel.waitForText(`No Okta session in this browser for ${SECOND_ORG_HOST}`, LIVE_MS);
    expect(await panel.text()).not.toContain(DEMO_USER.login);

    await driver.stopBackground();
    await driver.activate(first);
    await panel.waitForText(DEMO_USER.login, LIVE_MS);
    // The tab still holds the session the panel last saw: the worker's cached view, no Okta request; and none
    // later either (no timer).
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sessionRequests(world)).toBe(afterSignIn);
    await first.close();
    await second.close();
    await panel.close();
  });

  it('a panel pinned with ?tab= stays on its tab, and cookies of other orgs cost no request', async () => {
    const { driver } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const page = keep(await driver.openPage(SIGNED_OUT));
    const tabId = await driver.tabIdFor(page.url());
    const panel = keep(await driver.openPanel({ tabId }));
    await panel.waitForText(NO_SESSION);
    await signInOn(page);
    await panel.waitForText(DEMO_USER.login, LIVE_MS);
    const before = sessionRequests(world);

    // A sign-in on another org, in another tab: not this tab's session.
    const other = keep(await driver.openPage(`${SECOND_ORIGIN}/login/signout`));
    await signInOn(other);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await panel.text()).toContain(DEMO_USER.login);
    expect(sessionRequests(world)).toBe(before);
    await other.close();
    await page.close();
    await panel.close();
  });

  it('an open popup is live too: a sign-out on its tab ends the session it shows', async () => {
    const { driver } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const page = keep(await driver.openPage(SIGNED_OUT));
    await signInOn(page);
    const popup = keep(await driver.openPopup({ tabId: await driver.tabIdFor(page.url()) }));
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.buttons()).toContain('Open side panel');
    const before = sessionRequests(world);
    await page.click('Sign out');
    await popup.waitForText(NO_SESSION, LIVE_MS);
    expect(sessionRequests(world)).toBe(before);
    await page.close();
    await popup.close();
  });
}
