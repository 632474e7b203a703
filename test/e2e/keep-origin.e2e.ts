// The Origin header removal switched off: the built extension, less its declarativeNetRequestWithHostAccess
// permission, so its POST and DELETE requests carry the extension's Origin as a plain fetch does. Against the
// strict mock (Okta's browser-request rules) they fail with Okta's own texts, and the popup and options page
// explain them in plain words. It is what the header removal buys, shown in both browsers.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_CLIENT_ID, DEMO_USER } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import type { ExtensionDriver } from './driver';
import { launchFirefox } from './firefox';
import { configureOrg, DEMO_ORIGIN, READ_WITH_COOKIE, signIn, useWorld, type World } from './scenarios';

const copies: string[] = [];
afterAll(async () => {
  for (const dir of copies) await rm(dir, { recursive: true, force: true });
});

/** A copy of dist/<browser> whose manifest no longer asks for declarativeNetRequestWithHostAccess. */
async function withoutHeaderRemoval(browser: 'chrome' | 'firefox'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `osi-keep-origin-${browser}-`));
  copies.push(dir);
  await cp(resolve('dist', browser), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { permissions: string[] };
  manifest.permissions = manifest.permissions.filter((p) => p !== 'declarativeNetRequestWithHostAccess');
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  return dir;
}

function keepOriginScenarios(world: World): void {
  it('a refresh carries the Origin: Okta answers E0000212, and the popup says why', async () => {
    const { driver, mock } = world;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await popup.click('Refresh session');
    await popup.waitForText('E0000212');
    const alert = (await popup.alertText()) ?? '';
    expect(alert).toContain('Origin validation failed.');
    expect(alert).toContain('declarativeNetRequestWithHostAccess');
    expect(mock.log.filter((e) => e.path.endsWith('/lifecycle/refresh')).map((e) => [e.status, e.headers.origin])).toEqual([[403, driver.extensionBase]]);
    await popup.close();
  });

  it('without a credential too: reading works (a GET has no Origin), revoking through /me is refused and explained', async () => {
    const { driver, mock } = world;
    const { tabId } = await signIn(driver);
    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(READ_WITH_COOKIE);
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('E0000212');
    expect(mock.log.filter((e) => e.method === 'DELETE').map((e) => [e.path, e.status])).toEqual([['/api/v1/sessions/me', 403]]);
    await popup.close();
  });
}

describe('Chromium without the Origin header removal', () => {
  const world = useWorld(async (mock) => launchChromium({ mockPort: mock.port, dist: await withoutHeaderRemoval('chrome') }));
  keepOriginScenarios(world);

  it('Sign in with Okta: the token request carries the Origin, and Okta’s browser-request text is explained', async () => {
    const driver = world.driver as ChromiumDriver;
    await signIn(driver);
    const options = await driver.openOptions();
    await options.fill('Okta org URL', DEMO_ORIGIN);
    await driver.raw(options).getByRole('radio', { name: 'Sign in with Okta' }).click();
    await options.fill('Client ID', DEMO_CLIENT_ID);
    await options.click('Sign in with Okta');
    await options.waitForText(/treated the sign-in as a web page/, 15_000);
    const text = await options.text();
    expect(text).toContain('Browser requests to the token endpoint must be part of at least one whitelisted redirect_uri.');
    expect(world.mock.log.filter((e) => e.path === '/oauth2/v1/token').map((e) => [e.status, e.headers.origin])).toEqual([[400, driver.extensionBase]]);
    await options.close();
  });
});

describe('Firefox without the Origin header removal', () => {
  const world = useWorld(async (mock): Promise<ExtensionDriver> =>
    launchFirefox({ mockPort: mock.port, mockCert: mock.cert, dist: await withoutHeaderRemoval('firefox') }),
  );
  keepOriginScenarios(world);
});
