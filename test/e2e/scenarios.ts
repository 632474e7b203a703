// The scenarios a user cares about, written once against ExtensionDriver and run in every browser.
// Each test starts from a clean extension state (no orgs) and signs in afresh, so tests stay independent.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../mock-org/demo';
import type { ExtPage, ExtensionDriver } from './driver';

export const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;
export const SECOND_ORIGIN = `https://${SECOND_ORG_HOST}`;

export interface World {
  mock: MockOrg;
  driver: ExtensionDriver;
  /** Moves the mock org's clock, so refresh visibly moves expiresAt without waiting. */
  advanceClock(ms: number): void;
}

/** Starts one mock org and one browser for a describe block; resets the extension's settings before each test. */
export function useWorld(launch: (mock: MockOrg) => Promise<ExtensionDriver>): World {
  const world = {} as World;
  let offset = 0;
  beforeAll(async () => {
    world.mock = await startMockOrg({ now: () => Date.now() + offset });
    world.driver = await launch(world.mock);
    world.advanceClock = (ms) => {
      offset += ms;
    };
  });
  beforeEach(async () => {
    world.mock.clearFaults();
    const settings = await world.driver.message({ type: 'settings/get' });
    expect(settings.ok).toBe(true);
    for (const org of settings.orgs) await world.driver.message({ type: 'settings/remove-org', origin: org.origin });
    world.mock.log.length = 0;
  });
  afterAll(async () => {
    await world.driver?.close();
    await world.mock?.close();
  });
  return world;
}

/** Adds an org with an API token through the options page, as a user would. */
export async function configureOrg(driver: ExtensionDriver, orgUrl: string, token: string): Promise<void> {
  const options = await driver.openOptions();
  await options.fill('Okta org URL', orgUrl);
  await options.fill('API token', token);
  await options.click('Save');
  await options.waitForText(/^Saved https:/);
  await options.close();
}

/** Signs the demo user in on the mock org's sign-in page; returns the tab, now on /app/UserHome. */
export async function signIn(driver: ExtensionDriver, host = DEMO_ORG_HOST): Promise<{ page: ExtPage; tabId: number }> {
  const page = await driver.openPage(`https://${host}/login/login.htm`);
  await page.fill('Username', DEMO_USER.login);
  await page.fill('Password', DEMO_USER.password);
  await page.click('Sign In');
  await page.waitForText(`Signed in as ${DEMO_USER.login}`);
  return { page, tabId: await driver.tabIdFor(page.url()) };
}

/**
 * Asks again (every 100 ms, for up to 10 s) until `done` holds; returns the last answer either way. For what the
 * browser reports on its own time, such as the timeline's events.
 */
export async function askUntil<T>(ask: () => Promise<T>, done: (answer: T) => boolean): Promise<T> {
  let answer = await ask();
  for (let i = 0; i < 100 && !done(answer); i++) {
    await new Promise((r) => setTimeout(r, 100));
    answer = await ask();
  }
  return answer;
}

/** The session the mock org holds for the demo user on a host: the latest one created. */
export function latestSession(mock: MockOrg, host = DEMO_ORG_HOST): { id: string; expiresAt: string } | undefined {
  const sessions = [...mock.org(host).sessions.values()] as Array<{ id: string; expiresAt: string; login?: string }>;
  return sessions.filter((s) => s.login === DEMO_USER.login).at(-1);
}

/** Requests the mock saw that carried a credential, as `host credential-header`. */
export function credentialedRequests(mock: MockOrg): Array<{ host: string; authorization: string }> {
  return mock.log.filter((e) => e.authorization).map((e) => ({ host: e.host, authorization: e.authorization! }));
}

/** How the popup marks a session read with the browser's own cookie (no credential). */
export const READ_WITH_COOKIE = "Read with this browser's session cookie";

/** No request the mock saw carried the extension's own origin (the worker's, or an extension page's). */
export function expectNoExtensionOrigin(world: World): void {
  const leaked = world.mock.log.filter((e) => e.headers.origin?.startsWith(world.driver.extensionBase));
  expect(leaked.map((e) => `${e.method} ${e.host}${e.path}`)).toEqual([]);
}

export function sharedScenarios(world: World): void {
  it('shows this tab’s session after the org is configured in the options page', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, `${DEMO_ORIGIN}/`, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    const text = await popup.text();
    expect(text).toMatch(/ACTIVE/i);
    expect(text).toMatch(/expires in/i);
    expect(await popup.buttons()).toEqual(expect.arrayContaining(['Refresh session', 'Revoke session']));
    // One popup opening, at most one Okta request for the session shown.
    expect(mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'))).toHaveLength(1);
    await popup.close();
  });

  it('refreshes the session: Okta’s expiry moves and the popup shows it', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const before = latestSession(mock)!.expiresAt;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    const shownBefore = await popup.text();
    world.advanceClock(30 * 60_000);
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    const after = latestSession(mock)!.expiresAt;
    expect(Date.parse(after) - Date.parse(before)).toBeGreaterThanOrEqual(30 * 60_000 - 1_000);
    expect(mock.log.some((e) => e.method === 'POST' && e.path.endsWith('/lifecycle/refresh') && e.status === 200)).toBe(true);
    expect(await popup.text()).not.toBe(shownBefore);
    await popup.close();
  });

  it('revokes only after the in-popup confirmation; Escape cancels', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const session = latestSession(mock)!;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);

    await popup.click('Revoke session');
    expect(await popup.buttons()).toContain('Confirm revoke');
    await popup.press('Escape');
    expect(await popup.buttons()).not.toContain('Confirm revoke');
    expect(mock.log.some((e) => e.method === 'DELETE')).toBe(false);
    expect(mock.org(DEMO_ORG_HOST).activeSession(session.id)).toBeTruthy();

    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    expect(mock.log.filter((e) => e.method === 'DELETE')).toHaveLength(1);
    expect(mock.org(DEMO_ORG_HOST).activeSession(session.id)).toBeFalsy();
    await popup.close();
  });

  it('says so when the session has ended at Okta', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    mock.org(DEMO_ORG_HOST).expireSession(latestSession(mock)!.id);
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText('This session has ended or was revoked');
    expect(await popup.buttons()).not.toContain('Revoke session');
    await popup.close();
  });

  it('shows Okta’s error code in an alert, and recovers on Retry', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/' });
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText('E0000006');
    const alert = await popup.alertText();
    expect(alert).toContain('E0000006');
    expect(alert).toMatch(/Error id\s*oae[\w-]{10,}/); // Okta's errorId, what Okta support asks for
    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.alertText()).toBeNull();
    await popup.close();
  });

  it('never sends one org’s token to another org: a tab on an unconfigured org is read with its own cookie only', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver, SECOND_ORG_HOST);
    mock.log.length = 0;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(READ_WITH_COOKIE);
    expect(credentialedRequests(mock)).toEqual([]);
    expect(mock.log.filter((e) => e.path.startsWith('/api/')).map((e) => [e.host, e.path, e.cookieNames])).toEqual([
      [SECOND_ORG_HOST, '/api/v1/sessions/me', ['sid']],
    ]);
    await popup.close();
  });

  it('a new user with no credential sees the session in one click, refreshes it and revokes it with confirmation', async () => {
    const { driver, mock } = world;
    const { tabId } = await signIn(driver);
    const session = latestSession(mock)!;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(READ_WITH_COOKIE);
    await popup.waitForText('In this browser');
    const text = await popup.text();
    expect(text).toContain(DEMO_USER.login);
    expect(text).toMatch(/ACTIVE/);
    expect(await popup.buttons()).toEqual(expect.arrayContaining(['Refresh session', 'Revoke session', 'Add this org']));

    world.advanceClock(20 * 60_000);
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    expect(mock.org(DEMO_ORG_HOST).activeSession(session.id)).toBeFalsy();

    const api = mock.log.filter((e) => e.path.startsWith('/api/'));
    expect(api.map((e) => [e.method, e.path, e.credential, e.status])).toEqual([
      ['GET', '/api/v1/sessions/me', null, 200],
      ['POST', '/api/v1/sessions/me/lifecycle/refresh', null, 200],
      ['DELETE', '/api/v1/sessions/me', null, 204],
    ]);
    expectNoExtensionOrigin(world);
    await popup.close();
  });

  it('adds the org inline with an API token, then reads the session by its id', async () => {
    const { driver, mock } = world;
    const { tabId } = await signIn(driver);
    const session = latestSession(mock)!;
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(READ_WITH_COOKIE);
    await popup.click('Add this org');
    await popup.waitForText('Okta org URL');
    await popup.fill('API token', DEMO_API_TOKEN);
    await popup.click('Save');
    await popup.waitForText(`Saved ${DEMO_ORIGIN} with its API token.`);
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.text()).not.toContain(READ_WITH_COOKIE);
    expect(mock.log.filter((e) => e.credential).map((e) => [e.host, e.method, e.path, e.authorization])).toEqual([
      [DEMO_ORG_HOST, 'GET', `/api/v1/sessions/${session.id}`, `SSWS ${DEMO_API_TOKEN}`],
    ]);
    // The options page lists it, as if added there.
    expect((await driver.message({ type: 'settings/get' })).orgs.map((o: { origin: string }) => o.origin)).toEqual([DEMO_ORIGIN]);
    await popup.close();
  });

  it('sends its own requests without an Origin, while the org’s pages keep theirs (strict mock throughout)', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    // The sign-in form's POST is the page's own request: its Origin is the org's, untouched.
    expect(mock.log.filter((e) => e.method === 'POST' && e.path === '/login/login.htm').map((e) => e.headers.origin)).toEqual([DEMO_ORIGIN]);
    expect(mock.log.filter((e) => e.path.endsWith('/lifecycle/refresh')).map((e) => [e.status, e.headers.origin])).toEqual([[200, undefined]]);
    expectNoExtensionOrigin(world);
    await popup.close();
  });

  it('keeps working after the background is stopped', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    await driver.stopBackground();
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await driver.stopBackground();
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    // Every credentialed request went to the org's own origin, with its own token.
    for (const r of credentialedRequests(mock)) expect(r).toEqual({ host: DEMO_ORG_HOST, authorization: `SSWS ${DEMO_API_TOKEN}` });
    await popup.close();
  });
}
