// `npm start`: the product, runnable without an Okta tenant. Builds the extension, starts the demo org (the
// mock Okta org) with a signed-in demo user, and opens Chromium with the extension loaded and configured.
//   npm start                 headed when a display exists; Ctrl+C to stop
//   npm start -- --headless   writes dist/demo-popup.png (the popup showing the demo session) and exits
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './ensure-browser.mjs';
import { startMockOrg } from '../test/mock-org/server';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../test/mock-org/demo';
import { launchChromium } from '../test/e2e/chromium';

const wantsHeadless = process.argv.includes('--headless');
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = wantsHeadless || !hasDisplay;
if (!wantsHeadless && !hasDisplay) console.log('No display found: running headless and writing a screenshot instead.');

const build = spawnSync('node', ['build.mjs', '--browser=chrome'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
ensureChromium();

const mock = await startMockOrg();
const origin = `https://${DEMO_ORG_HOST}`;
const driver = await launchChromium({ mockPort: mock.port, headless, mockHosts: [DEMO_ORG_HOST, `*.${DEMO_ORG_HOST}`, SECOND_ORG_HOST] });

const saved = await driver.message({ type: 'settings/save-org', orgUrl: origin, customDomains: [], credential: { kind: 'api-token', token: DEMO_API_TOKEN }, remember: false });
if (!saved.ok) throw new Error(`could not configure the demo org: ${saved.error.message}`);

const tab = await driver.openPage(`${origin}/login/login.htm`);
await tab.fill('Username', DEMO_USER.login);
await tab.fill('Password', DEMO_USER.password);
await tab.click('Sign In');
await tab.waitForText(`Signed in as ${DEMO_USER.login}`);
const tabId = await driver.tabIdFor(tab.url());

const popup = await driver.openPopup({ tabId });
await popup.waitForText(DEMO_USER.login);

if (headless) {
  const raw = driver.raw(popup);
  await raw.setViewportSize({ width: 360, height: 520 });
  await raw.screenshot({ path: 'dist/demo-popup.png', fullPage: true });
  console.log(`The popup shows the demo session of ${DEMO_USER.login} on ${origin}: dist/demo-popup.png`);
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
  driver.context.on('close', stop);
}
