// End to end in headless Firefox ESR: the same diagnosed flows as Chromium (diagnose-flows.ts), between the app
// site and the mock org, through the driver's CONNECT proxy. Firefox, like Chrome, shows an extension a page's
// own calls and frames to Okta only when the extension may access the page's site too: the user grants the app
// site once, through Firefox's own permission prompt (answered here as the user would, with Allow).
import { beforeAll, describe, expect } from 'vitest';
import { diagnoseScenarios } from './diagnose-flows';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { useWorld } from './scenarios';

const APP_SITES = 'https://*.example.test/*';

describe('Firefox: What went wrong', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));
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

  diagnoseScenarios(world, { clearCookies: async () => void (await driver().bidi.send('storage.deleteCookies', {})) });
});
