// End to end in headless Chromium: each diagnosis reproduced by a real browser flow between the app site and the
// mock org (diagnose-flows.ts), and the silent renewal that fails because the browser itself blocks third-party
// cookies (a second browser with "Block third-party cookies" set, as a user sets it).
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../mock-org/oidc-apps';
import { launchChromium, type ChromiumDriver } from './chromium';
import { appFlow, diagnoseScenarios, expectDiagnosis } from './diagnose-flows';
import { DEMO_ORIGIN, configureOrg, signIn, useWorld } from './scenarios';
import { DEMO_API_TOKEN } from '../mock-org/demo';

/**
 * Chrome shows an extension a page's own fetch/XHR to Okta (the token exchange, a CORS call) only when the
 * extension may also access the page's site (MV3: host permission for the request's initiator); navigations
 * and frames are shown either way. A user grants that with the optional host permission; its prompt cannot be
 * answered in headless Chromium, so this copy of dist/chrome has the app's site granted up front.
 */
async function distWithAppSite(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'osi-dist-app-'));
  await cp('dist/chrome', dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push('https://*.example.test/*');
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('Chromium: What went wrong', () => {
  const world = useWorld(async (mock) => launchChromium({ mockPort: mock.port, dist: await distWithAppSite() }));
  diagnoseScenarios(world, { browser: 'chromium', clearCookies: () => (world.driver as ChromiumDriver).context.clearCookies() });
});

describe('Chromium with third-party cookies blocked: silent renewal', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port, blockThirdPartyCookies: true }));

  it("10 the hidden frame's authorize goes without Okta's cookie though the browser holds one", async () => {
    await configureOrg(world.driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    await (await signIn(world.driver)).page.close();
    await (await appFlow(world.driver, `${APP_ORIGIN}/silent`, 'renewal failed: login_required')).close();
    const text = await expectDiagnosis(world.driver, "Silent renewal failed: the browser did not send Okta's session cookie", /^Fix: Okta's three fixes: use refresh tokens/);
    expect(text).toContain('custom URL domain');
  });
});
