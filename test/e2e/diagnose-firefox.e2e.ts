// End to end in headless Firefox ESR: the same diagnosed flows as Chromium (diagnose-flows.ts), between the app
// site and the mock org, through the driver's CONNECT proxy. Firefox, like Chrome, shows an extension a page's
// own calls and frames to Okta only when the extension may access the page's site too: the user grants the app
// site once, through Firefox's own permission prompt (answered here as the user would, with Allow).
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN } from '../mock-org/demo';
import { APP_ORIGIN } from '../mock-org/oidc-apps';
import { appFlow, diagnoseScenarios, expectDiagnosis } from './diagnose-flows';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { configureOrg, DEMO_ORIGIN, signIn, useWorld, type World } from './scenarios';

const APP_SITES = 'https://*.example.test/*';

/** The user allows the extension on the app's site, in Firefox's own prompt. */
function allowAppSite(world: World): void {
  const driver = () => world.driver as FirefoxDriver;
  beforeAll(async () => {
    const options = await driver().openOptions();
    await options.evaluate((origin: string) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Test: allow the app site';
      const out = document.createElement('output');
      button.addEventListener('click', () => {
        (globalThis as any).browser.permissions.request({ origins: [origin] }).then((granted: boolean) => (out.textContent = `granted: ${granted}`));
      });
      document.body.prepend(button, out);
    }, APP_SITES);
    await options.click('Test: allow the app site');
    await driver().answerPermissionPrompt(true);
    await options.waitForText('granted: true');
    expect(await options.evaluate((o: string) => (globalThis as any).browser.permissions.contains({ origins: [o] }), APP_SITES)).toBe(true);
    await options.close();
  });
}

describe('Firefox: What went wrong', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
  const driver = () => world.driver as FirefoxDriver;
  allowAppSite(world);

  diagnoseScenarios(world, { browser: 'firefox', clearCookies: async () => void (await driver().bidi.send('storage.deleteCookies', {})) });
});

describe('Firefox with third-party cookies blocked: silent renewal', () => {
  // network.cookie.cookieBehavior 1: "Cookies from unvisited websites / all third-party cookies" blocked.
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert, prefs: { 'network.cookie.cookieBehavior': 1 } }));
  allowAppSite(world);

  it("10 the hidden frame's authorize goes without Okta's cookie though the browser holds one", async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    await (await signIn(world.driver)).page.close();
    await (await appFlow(world.driver, `${APP_ORIGIN}/silent`, 'renewal failed: login_required')).close();
    const text = await expectDiagnosis(world.driver, "Silent renewal failed: the browser did not send Okta's session cookie", /^Fix: Okta's three fixes: use refresh tokens/);
    expect(text).toContain('custom URL domain');
  });
});
