// End to end in headless Firefox ESR with dist/firefox installed as a temporary add-on, driven over WebDriver
// BiDi: the same user scenarios as Chromium. Firefox runs the background as an event page, so "stopped" here
// means the event page was unloaded and a fresh one starts on the next message.
import { describe, expect, it } from 'vitest';
import { sessionIdHint } from '../../src/okta/session-id';
import { DEMO_API_TOKEN, DEMO_CLIENT_ID, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { askUntil, configureOrg, DEMO_ORIGIN, latestSession, sharedScenarios, signIn, useWorld } from './scenarios';

describe('Firefox: shared scenarios', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  sharedScenarios(world);

  // Developers keep two accounts apart in containers: each container tab has its own cookies, so its own session.
  it('a container tab shows and revokes its own session, and the main window keeps its own', async () => {
    const driver = world.driver as FirefoxDriver;
    const { mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const main = await signIn(driver);
    const mainSession = latestSession(mock)!;

    const page = await driver.openPageInContainer(`${DEMO_ORIGIN}/login/login.htm`);
    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await page.waitForText(`Signed in as ${DEMO_USER.login}`);
    const containerSession = latestSession(mock)!;
    expect(containerSession.id).not.toBe(mainSession.id);
    const options = await driver.openOptions();
    const tabs = await options.evaluate(
      async (url: string) => (await (globalThis as any).browser.tabs.query({ url })).map((t: any) => ({ id: t.id, store: t.cookieStoreId })),
      page.url(),
    );
    await options.close();
    const inContainer = (tabs as Array<{ id: number; store: string }>).filter((t) => t.store.startsWith('firefox-container-'));
    expect(inContainer).toHaveLength(1);

    // The timeline names the container, and never puts its sign-in requests down to the main window's session.
    const store = inContainer[0]!.store;
    type Recorded = { kind: string; change?: string; path?: string; store?: string; session?: { hint: string } };
    const events: Recorded[] = (
      await askUntil(
        () => driver.message({ type: 'timeline/get' }),
        (t) => t.timeline.events.some((e: Recorded) => e.kind === 'cookie' && e.store === store),
      )
    ).timeline.events;
    const hint = (e: Recorded) => e.session?.hint;
    // The earlier tests in this browser signed in too: the main window's newest session cookie is this test's.
    const sessionCookies = events.filter((e) => e.kind === 'cookie' && e.change !== 'removed');
    expect(sessionCookies.filter((e) => e.store === undefined).map(hint).at(-1)).toBe(sessionIdHint(mainSession.id));
    expect(sessionCookies.filter((e) => e.store === store).map(hint)).toEqual([sessionIdHint(containerSession.id)]);
    const containerRequests = events.filter((e) => e.kind === 'request' && e.store === store);
    expect(containerRequests.map((e) => e.path)).toContain('/login/login.htm');
    expect(containerRequests.map(hint)).not.toContain(sessionIdHint(mainSession.id));
    expect(events.filter((e) => e.kind === 'request' && e.store === undefined).map(hint)).not.toContain(sessionIdHint(containerSession.id));

    const popup = await driver.openPopup({ tabId: inContainer[0]!.id });
    await popup.waitForText(sessionIdHint(containerSession.id));
    expect(await popup.text()).not.toContain(sessionIdHint(mainSession.id));
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    await popup.close();
    expect(mock.log.filter((e) => e.method === 'DELETE').map((e) => e.path)).toEqual([`/api/v1/sessions/${containerSession.id}`]);
    expect(mock.org(DEMO_ORG_HOST).activeSession(mainSession.id)).toBeTruthy();

    const mainPopup = await driver.openPopup({ tabId: main.tabId });
    await mainPopup.waitForText(sessionIdHint(mainSession.id));
    expect(await mainPopup.buttons()).toContain('Revoke session');
    await mainPopup.close();
  });

  // Firefox's identity.launchWebAuthFlow differs from Chrome's: its own window, and a redirect URL on
  // <hash>.extensions.allizom.org that Firefox catches before any request leaves. The browser is signed in to
  // the org already, so Okta answers the authorize request at once, as it does for an admin mid-session.
  it('signs in with Okta through Firefox’s sign-in window and inspects with the Bearer token', async () => {
    const driver = world.driver as FirefoxDriver;
    const { mock } = world;
    const { tabId } = await signIn(driver);
    const options = await driver.openOptions();
    await options.fill('Okta org URL', DEMO_ORIGIN);
    await options.evaluate(() => {
      const radio = Array.from(document.querySelectorAll('[role=radio]')).find((r) => r.textContent?.trim() === 'Sign in with Okta');
      (radio as HTMLElement).click();
    }, undefined);
    await options.fill('Client ID', DEMO_CLIENT_ID);
    expect(await options.text()).toMatch(/https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\//);
    await options.click('Sign in with Okta');
    await options.waitForText(/^Signed in to https:\/\/dev-123456\.okta\.com as /, 15_000);
    const authorize = mock.log.filter((e) => e.path === '/oauth2/v1/authorize');
    expect(authorize).toHaveLength(1);
    expect(mock.log.filter((e) => e.path === '/oauth2/v1/token').map((e) => e.status)).toEqual([200]);
    await options.close();

    mock.log.length = 0;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    const calls = mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'));
    expect(calls.map((e) => [e.authorization?.split(' ')[0], e.status])).toEqual([['Bearer', 200]]);
    await popup.close();
  });
});
