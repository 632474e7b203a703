// Sign in with Okta end to end in headless Chromium, with no stand-in at any boundary: the options page asks the
// worker, the worker opens identity.launchWebAuthFlow on the mock org's authorization server, the user signs in
// in that window (a real page), the worker exchanges the code, and the popup inspects with the Bearer (or DPoP)
// token; the token expires and is renewed; Sign out revokes it at the mock.
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_CHROME_REDIRECT_URI, DEMO_CLIENT_ID, DEMO_DPOP_CLIENT_ID, DEMO_OAUTH_SCOPES, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import type { ExtPage } from './driver';
import { DEMO_ORIGIN, signIn, useWorld } from './scenarios';

/** Access tokens of two seconds, to see renewal without waiting an hour. */
const SHORT_CLIENT_ID = '0oaE2eShortLived0001';

describe('Chromium: Sign in with Okta', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  const d = () => world.driver as ChromiumDriver;
  const oauth = () => world.mock.org(DEMO_ORG_HOST).oauth;

  beforeEach(async () => {
    // Each test starts signed out of Okta in the browser, so the sign-in window asks for the password.
    await d().context.clearCookies();
    if (!oauth().clients.has(SHORT_CLIENT_ID)) {
      oauth().addClient({ clientId: SHORT_CLIENT_ID, redirectUris: [DEMO_CHROME_REDIRECT_URI], scopes: [...DEMO_OAUTH_SCOPES], accessTokenLifetimeSeconds: 2 });
    }
  });

  /**
   * Fills the options form and clicks Sign in with Okta. With `password`, the browser has no Okta session yet:
   * the sign-in window shows the org's sign-in page and the user fills it; without, Okta redirects at once.
   */
  async function signInWithOkta(clientId: string, opts: { password?: boolean; staySignedIn?: boolean } = {}): Promise<ExtPage> {
    const options = await d().openOptions();
    await options.fill('Okta org URL', DEMO_ORIGIN);
    await d().raw(options).getByRole('radio', { name: 'Sign in with Okta' }).click();
    await options.fill('Client ID', clientId);
    if (opts.staySignedIn === false) await options.check('Stay signed in', false);
    const window = opts.password ? signInWindow() : undefined;
    await options.click('Sign in with Okta');
    if (window) await signInOnOktaPage(await window);
    await options.waitForText(/^Signed in to https:\/\/dev-123456\.okta\.com as /, 15_000);
    return options;
  }

  /**
   * The browser's sign-in window, once it shows the org's sign-in page. Its first URL is the authorize request;
   * Okta sends it on to /login/login.htm with that request in fromURI (Playwright may report either first).
   */
  async function signInWindow(): Promise<Page> {
    const page = await d().context.waitForEvent('page', { timeout: 15_000 });
    await page.waitForURL((url) => url.pathname === '/login/login.htm' && (url.searchParams.get('fromURI') ?? '').startsWith('/oauth2/v1/authorize?'), {
      timeout: 15_000,
    });
    return page;
  }

  async function signInOnOktaPage(page: Page): Promise<void> {
    await page.getByLabel('Username', { exact: true }).fill(DEMO_USER.login);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_USER.password);
    // The window closes itself once Okta redirects to the extension's redirect URI (maybe within the click).
    const closed = page.waitForEvent('close', { timeout: 15_000 });
    await page.getByRole('button', { name: 'Sign In', exact: true }).click({ noWaitAfter: true }).catch(() => undefined);
    await closed;
  }

  const sessionCalls = () => world.mock.log.filter((e) => e.path.startsWith('/api/v1/sessions/'));
  const tokenCalls = () => world.mock.log.filter((e) => e.path === '/oauth2/v1/token');
  const refreshTokensOf = (clientId: string) => [...oauth().refreshTokens].filter(([, g]) => g.clientId === clientId).map(([value]) => value);
  const issuedAccessTokens = () => [...world.mock.org(DEMO_ORG_HOST).accessTokens.keys()].filter((t) => t.startsWith('at.'));

  it('signs in through the sign-in window, shows who is signed in, and inspects with the Bearer token', async () => {
    const options = await signInWithOkta(DEMO_CLIENT_ID, { password: true });
    await options.waitForText(/^Signed in as /);
    expect(await options.text()).toMatch(
      /Signed in as demo\.user@example\.com, token expires in (59 min|1 h) \(renews by itself\), scopes okta\.sessions\.read okta\.sessions\.manage/,
    );
    expect(await options.buttons()).toContain('Sign out');
    // The code went from the worker to the org's token endpoint without an Origin, as a server call: Okta would
    // read the extension's origin as a web page's and refuse it (the mock's strict mode does the same).
    expect(tokenCalls().map((e) => [e.host, e.status, e.headers.origin])).toEqual([[DEMO_ORG_HOST, 200, undefined]]);

    const { tabId } = await signIn(d());
    world.mock.log.length = 0;
    const popup = await d().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    expect(sessionCalls().map((e) => [e.host, e.credential, e.status])).toEqual([[DEMO_ORG_HOST, 'Bearer', 200]]);

    // The tokens stay in the worker: not on a page, not in storage.local.
    const tokens = [...issuedAccessTokens(), ...refreshTokensOf(DEMO_CLIENT_ID)];
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const worker = await d().worker();
    const seen = [
      await popup.evaluate(() => document.documentElement.outerHTML, null),
      await options.evaluate(() => document.documentElement.outerHTML, null),
      JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null))),
      JSON.stringify(await d().message({ type: 'settings/get' })),
      d().logs.join('\n'),
    ].join('\n');
    for (const token of tokens) expect(seen).not.toContain(token);
    await popup.close();
    await options.close();
  });

  it('shows the exact redirect URI to register, with Copy', async () => {
    const options = await d().openOptions();
    await d().raw(options).getByRole('radio', { name: 'Sign in with Okta' }).click();
    await options.waitForText(DEMO_CHROME_REDIRECT_URI);
    expect(await options.buttons()).toContain('Copy');
    await options.close();
  });

  it('renews the expired access token with the refresh token, without the user noticing', async () => {
    const options = await signInWithOkta(SHORT_CLIENT_ID, { password: true });
    const issued = refreshTokensOf(SHORT_CLIENT_ID);
    expect(issued).toHaveLength(1);
    const { tabId } = await signIn(d());
    world.mock.log.length = 0;
    await options.evaluate(() => new Promise((r) => setTimeout(r, 3_000)), null);
    const popup = await d().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    // A refresh_token grant (the only token request after sign-in), then the session call with the new token.
    expect(tokenCalls().length).toBeGreaterThanOrEqual(1);
    expect(tokenCalls().every((e) => e.status === 200)).toBe(true);
    const call = sessionCalls().at(-1)!;
    expect([call.credential, call.status]).toEqual(['Bearer', 200]);
    // The renewal alarm may renew once more right after: the session call follows a renewal, not the last one.
    expect(tokenCalls().some((t) => t.time <= call.time)).toBe(true);
    // Rotation followed: the refresh token from sign-in is spent, a new one is alive.
    expect(oauth().refreshTokens.has(issued[0]!)).toBe(false);
    expect(refreshTokensOf(SHORT_CLIENT_ID)).toHaveLength(1);
    expect(await popup.alertText()).toBeNull();
    await popup.close();
    await options.close();
  });

  it('without Stay signed in, an expired sign-in says to sign in again and offers the options', async () => {
    const options = await signInWithOkta(SHORT_CLIENT_ID, { password: true, staySignedIn: false });
    const { tabId } = await signIn(d());
    await options.evaluate(() => new Promise((r) => setTimeout(r, 2_500)), null);
    world.mock.log.length = 0;
    const popup = await d().openPopup({ tabId });
    await popup.waitForText(/Sign in again in the options page\./);
    expect(await popup.buttons()).toEqual(expect.arrayContaining(['Retry', 'Open options']));
    expect(sessionCalls()).toEqual([]);
    await popup.close();
    await options.close();
  });

  it('signs in to a DPoP app (found out on Auto), keeps its key across a stopped worker, and proves it per call', async () => {
    const options = await signInWithOkta(DEMO_DPOP_CLIENT_ID, { password: true });
    expect(await options.text()).toMatch(/scopes okta\.sessions\.read okta\.sessions\.manage, DPoP-bound/);
    const { tabId } = await signIn(d());
    await d().stopBackground();
    world.mock.log.length = 0;
    const popup = await d().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    const [call] = sessionCalls();
    expect([call!.credential, call!.status]).toEqual(['DPoP', 200]);
    expect(call!.headers.dpop).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    await popup.close();
    await options.close();
  });

  it('signs in without a password when the browser is signed in to Okta, and Sign out revokes the tokens', async () => {
    const { tabId } = await signIn(d());
    const before = new Set(issuedAccessTokens());
    const options = await signInWithOkta(DEMO_CLIENT_ID);
    const tokens = [...issuedAccessTokens().filter((t) => !before.has(t)), ...refreshTokensOf(DEMO_CLIENT_ID)];
    expect(tokens).toHaveLength(2);
    world.mock.log.length = 0;
    await options.click('Sign out');
    await options.waitForText(/^Signed out of https:\/\/dev-123456\.okta\.com: Okta revoked the tokens\./);
    expect(world.mock.log.filter((e) => e.path === '/oauth2/v1/revoke').map((e) => e.status)).toEqual([200, 200]);
    for (const token of tokens) {
      expect(world.mock.org(DEMO_ORG_HOST).accessTokens.has(token) || oauth().refreshTokens.has(token)).toBe(false);
    }
    expect(await options.text()).toContain(`Not signed in (app ${DEMO_CLIENT_ID})`);
    // Signed out of the extension, not of Okta: the popup still shows the session, read with the browser's cookie.
    const popup = await d().openPopup({ tabId });
    await popup.waitForText("Read with this browser's session cookie");
    expect(sessionCalls().map((e) => [e.path, e.credential])).toEqual([['/api/v1/sessions/me', null]]);
    await popup.close();
    await options.close();
  });

  it('Add this org in the popup: Sign in with Okta without the options page, then the by-id view', async () => {
    const { tabId } = await signIn(d());
    const popup = await d().openPopup({ tabId });
    await popup.waitForText("Read with this browser's session cookie");
    await popup.click('Add this org');
    await popup.fill('Client ID', DEMO_CLIENT_ID);
    world.mock.log.length = 0;
    // The browser is signed in to Okta, so the sign-in window redirects back at once.
    await popup.click('Sign in with Okta');
    await popup.waitForText(`Signed in to ${DEMO_ORIGIN} as ${DEMO_USER.login}.`, 15_000);
    await popup.waitForText('Checked with Okta at');
    expect(await popup.text()).not.toContain("Read with this browser's session cookie");
    expect(tokenCalls().map((e) => [e.status, e.headers.origin])).toEqual([[200, undefined]]);
    expect(sessionCalls().at(-1)).toMatchObject({ credential: 'Bearer', status: 200 });
    await popup.close();
  });

  it('explains a closed sign-in window', async () => {
    const options = await d().openOptions();
    await options.fill('Okta org URL', DEMO_ORIGIN);
    await d().raw(options).getByRole('radio', { name: 'Sign in with Okta' }).click();
    await options.fill('Client ID', DEMO_CLIENT_ID);
    const window = signInWindow();
    await options.click('Sign in with Okta');
    await (await window).close();
    await options.waitForText('The sign-in window was closed before sign-in finished. Use Sign in with Okta to try again.');
    expect(tokenCalls()).toEqual([]);
    await options.close();
  });
});

declare const chrome: any;
