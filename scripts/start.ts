// `npm start`: the product, runnable without an Okta tenant. Builds the extension, starts the demo org (the
// mock Okta org) with a signed-in demo user, and opens a browser with the extension loaded and configured.
//   npm start                         Chromium, headed when a display exists; Ctrl+C to stop
//   npm start -- --headless           writes dist/demo-popup.png (the popup showing the demo session), exits
//   npm run start:firefox             the same in Firefox ESR (its add-on installed as a temporary add-on)
import { spawnSync } from 'node:child_process';
import { ensureChromium, ensureFirefox } from './ensure-browser.mjs';
import { startMockOrg } from '../test/mock-org/server';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../test/mock-org/demo';
import { launchChromium } from '../test/e2e/chromium';
import { launchFirefox } from '../test/e2e/firefox';
import type { ExtPage, ExtensionDriver } from '../test/e2e/driver';

const firefox = process.argv.includes('--firefox');
const wantsHeadless = process.argv.includes('--headless');
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = wantsHeadless || !hasDisplay;
if (!wantsHeadless && !hasDisplay) console.log('No display found: running headless and writing a screenshot instead.');

const build = spawnSync('node', ['build.mjs', `--browser=${firefox ? 'firefox' : 'chrome'}`], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (firefox) ensureFirefox();
else ensureChromium();

const mock = await startMockOrg();
const origin = `https://${DEMO_ORG_HOST}`;
const shot = 'dist/demo-popup.png';
let driver: ExtensionDriver;
let screenshot: (popup: ExtPage) => Promise<void>;
if (firefox) {
  const ff = await launchFirefox({ mockPort: mock.port, headless });
  screenshot = async (popup) => {
    await ff.setViewport(popup, { width: 360, height: 520 });
    await ff.screenshot(popup, shot, { fullPage: true });
  };
  driver = ff;
} else {
  const cr = await launchChromium({ mockPort: mock.port, headless, mockHosts: [DEMO_ORG_HOST, SECOND_ORG_HOST] });
  screenshot = async (popup) => {
    await cr.raw(popup).setViewportSize({ width: 360, height: 520 });
    await cr.raw(popup).screenshot({ path: shot, fullPage: true });
  };
  driver = cr;
}

const saved = await driver.message({ type: 'settings/save-org', orgUrl: origin, customDomains: [], credential: { kind: 'api-token', token: DEMO_API_TOKEN }, remember: false });
if (!saved.ok) throw new Error(`could not configure the demo org: ${saved.error.message}`);

const tab = await driver.openPage(`${origin}/login/login.htm`);
await tab.fill('Username', DEMO_USER.login);
await tab.fill('Password', DEMO_USER.password);
await tab.click('Sign In');
await tab.waitForText(`Signed in as ${DEMO_USER.login}`);
const popup = await driver.openPopup({ tabId: await driver.tabIdFor(tab.url()) });
await popup.waitForText(DEMO_USER.login);

if (headless) {
  await screenshot(popup);
  console.log(`The popup shows the demo session of ${DEMO_USER.login} on ${origin}: ${shot}`);
  await driver.close();
  await mock.close();
} else {
  console.log(`
Demo org ${origin} runs locally on port ${mock.port} (a mock Okta org; only this browser is pointed at it).
The extension is loaded and configured; ${DEMO_USER.login} (password ${DEMO_USER.password}) is signed in.
A tab shows the popup for the org's tab; click the toolbar icon on the org's tab to open it for real.
Try a second org without a credential: https://${SECOND_ORG_HOST}/login/login.htm. Ctrl+C to stop.`);
  const stop = async () => {
    await driver.close().catch(() => {});
    await mock.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
