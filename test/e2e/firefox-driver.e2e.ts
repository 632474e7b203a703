// Smoke test of the Firefox driver itself against the built extension (dist/firefox) and the mock org: each
// driver capability the shared scenarios rely on, once. Run with `npm run build` first.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import { FIREFOX_EXTENSION_UUID, launchFirefox, type FirefoxDriver } from './firefox';

describe('Firefox driver', () => {
  let mock: MockOrg;
  let driver: FirefoxDriver;

  beforeAll(async () => {
    mock = await startMockOrg();
    driver = await launchFirefox({ mockPort: mock.port, mockCert: mock.cert });
  });
  afterAll(async () => {
    await driver?.close();
    await mock?.close();
  });

  it('opens the options page of the installed extension', async () => {
    expect(driver.extensionBase).toBe(`moz-extension://${FIREFOX_EXTENSION_UUID}`);
    const options = await driver.openOptions();
    expect(options.url()).toBe(`${driver.extensionBase}/options.html`);
    expect((await options.text()).trim()).not.toBe('');
    expect(await options.evaluate((tag: string) => document.querySelectorAll(tag).length, 'button')).toBeGreaterThan(0);
  });

  it('sends a protocol message to the background', async () => {
    const reply = await driver.message({ type: 'settings/get' });
    expect(reply).toMatchObject({ ok: true });
    expect(Array.isArray(reply.orgs)).toBe(true);
  });

  it("collects the extension pages' console output", async () => {
    const options = await driver.openOptions();
    await options.evaluate((marker: string) => console.log(marker), 'firefox-driver-smoke-marker');
    const deadline = Date.now() + 5_000;
    while (!driver.logs.some((l) => l.includes('firefox-driver-smoke-marker')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(driver.logs.join('\n')).toContain('firefox-driver-smoke-marker');
    await options.close();
  });

  it("signs in on the org's own page, reached at its real hostname through the mock", async () => {
    const page = await driver.openPage(`https://${DEMO_ORG_HOST}/login/login.htm`);
    expect(await page.text()).toContain('Sign In');
    expect(await page.alertText()).toBeNull();
    expect(await page.buttons()).toEqual(['Sign In']);

    await page.fill('Username', DEMO_USER.login);
    await page.fill('Password', 'not the password');
    await page.press('Enter');
    await page.waitForText('Unable to sign in');
    expect(await page.alertText()).toBe('Unable to sign in');

    await page.fill('Password', DEMO_USER.password);
    await page.click('Sign In');
    await page.waitForText(`Signed in as ${DEMO_USER.login}`);
    expect(page.url()).toBe(`https://${DEMO_ORG_HOST}/app/UserHome`);
    expect(await driver.tabIdFor(page.url())).toBeTypeOf('number');

    // Firefox asked the proxy for the org's hostname only, and the mock saw only that Host.
    expect(new Set(driver.proxyLog.map((e) => `${e.method} ${e.host}:${e.port}`))).toEqual(new Set([`CONNECT ${DEMO_ORG_HOST}:443`]));
    expect(new Set(mock.log.map((e) => e.host))).toEqual(new Set([DEMO_ORG_HOST]));
  });

  it('stops the background, and the next message starts a fresh one', async () => {
    await driver.message({ type: 'settings/get' });
    expect(await driver.backgroundState()).toBe('running');
    await driver.stopBackground();
    expect(await driver.backgroundState()).toBe('stopped');
    expect(await driver.message({ type: 'settings/get' })).toMatchObject({ ok: true });
    expect(await driver.backgroundState()).toBe('running');
  });

  it("clicks with real input (a user gesture) and answers the browser's permission prompt", async () => {
    const options = await driver.openOptions();
    // A button of the test's own, so this checks the driver, not the options page's current layout.
    await options.evaluate((origin: string) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Smoke: ask for a host';
      const result = document.createElement('output');
      button.addEventListener('click', () => {
        (globalThis as any).browser.permissions.request({ origins: [origin] }).then(
          (granted: boolean) => (result.textContent = `granted: ${granted}`),
          (error: Error) => (result.textContent = `refused: ${error.message}`),
        );
      });
      document.body.prepend(button, result);
    }, 'https://sso.example.com/*');
    const granted = () => options.evaluate((o: string) => (globalThis as any).browser.permissions.contains({ origins: [o] }), 'https://sso.example.com/*');

    await options.click('Smoke: ask for a host');
    expect(await driver.answerPermissionPrompt(false)).toMatch(/requests/);
    await options.waitForText('granted: false');
    expect(await granted()).toBe(false);

    await options.evaluate(() => document.querySelector('output')!.replaceChildren(), null);
    await options.click('Smoke: ask for a host');
    await driver.answerPermissionPrompt(true);
    await options.waitForText('granted: true');
    expect(await granted()).toBe(true);
    await options.close();
  });

  it('close quits Firefox and removes its profile', async () => {
    const profile = driver.profileDir;
    expect(existsSync(profile)).toBe(true);
    await driver.close();
    expect(existsSync(profile)).toBe(false);
    await expect(driver.bidi.send('session.status')).rejects.toThrow();
  });
});
