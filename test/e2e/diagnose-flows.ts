// The diagnosed failures as real browser flows, written once against ExtensionDriver (Chromium and Firefox):
// the app site (test/mock-org/app-site.ts) signs in through the mock org's "default" authorization server and
// each failure is Okta's answer on its own channel; the extension's What went wrong region must then name it,
// with its title and its Fix: line.
import { mkdir } from 'node:fs/promises';
import { beforeEach, expect, it as test } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST } from '../mock-org/demo';
import { APP_ORIGIN, authServer, NO_POLICY_CLIENT, OTHER_ORIGIN, UNASSIGNED_CLIENT, WEB_CLIENT } from '../mock-org/oidc-apps';
import type { ExtPage, ExtensionDriver } from './driver';
import { configureOrg, DEMO_ORIGIN, latestSession, signIn, type World } from './scenarios';

export interface DiagnoseHooks {
  clearCookies(): Promise<void>;
  /** Which browser: names the screenshot of a diagnosed failure. */
  browser: 'chromium' | 'firefox';
  /** Only the scenarios with these numbers (issue 12's), when given. */
  only?: readonly number[];
}

const SHOTS = 'test-results/screenshots';

/** Opens an app page and waits for its #result to leave "…" (the flow has ended). */
export async function appFlow(driver: ExtensionDriver, url: string, result: string | RegExp = /\S/): Promise<ExtPage> {
  const page = await driver.openPage(url);
  await page.waitForText(result, 15_000).catch(() => undefined);
  return page;
}

/** The What went wrong region of the popup for the org: the title is in it and its Fix: line reads `fix`. */
/** Copy diagnosis, with the clipboard recorded in the page (headless browsers have none): the copied text. */
async function copyDiagnosis(popup: ExtPage): Promise<string> {
  await popup.evaluate(() => {
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    navigator.clipboard.writeText = async (text: string) => void w.copied.push(text);
  }, null);
  await popup.click('Copy diagnosis');
  await popup.waitForText('Copied the diagnosis.');
  return popup.evaluate(() => (window as unknown as { copied: string[] }).copied.join('\n'), null);
}

export async function expectDiagnosis(driver: ExtensionDriver, title: string, fix: string | RegExp, screenshot?: string, secrets?: string[]): Promise<string> {
  const popup = await driver.openPopup({ org: DEMO_ORIGIN });
  try {
    await popup.waitForText('What went wrong', 15_000);
    await popup.waitForText(title, 10_000);
    const text = await popup.text();
    const fixes = text.split('\n').filter((l) => l.startsWith('Fix: '));
    if (typeof fix === 'string') expect(fixes).toContain(`Fix: ${fix}`);
    else expect(fixes.some((l) => fix.test(l))).toBe(true);
    expect(await popup.buttons()).toContain('Copy diagnosis');
    if (secrets) {
      // The report for a ticket: the diagnosis and its Fix:, and none of the flow's secrets.
      const copied = await copyDiagnosis(popup);
      expect(copied).toContain(title);
      expect(copied).toMatch(/\n {3}Fix: /);
      expect(secrets.filter((x) => x.length >= 8).length).toBeGreaterThan(2);
      for (const secret of secrets) expect(copied + (await popup.text())).not.toContain(secret);
    }
    if (screenshot) {
      await mkdir(SHOTS, { recursive: true });
      await popup.screenshot(`${SHOTS}/${screenshot}`);
    }
    return text;
  } finally {
    await popup.close();
  }
}

/** Each entry: the diagnosis number of issue 12 it reproduces. */
export function diagnoseScenarios(world: World, hooks: DiagnoseHooks): void {
  const driver = () => world.driver;

  beforeEach(async () => {
    const fresh = authServer(world.mock.org(DEMO_ORG_HOST));
    fresh.logoutKeepsCookie = false;
    fresh.trustedOrigins = [{ origin: APP_ORIGIN, cors: true, redirect: true }];
    // The org first, so the recorder sees the cookies go (it follows configured orgs only).
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    await hooks.clearCookies();
    await new Promise((r) => setTimeout(r, 300));
    for (const request of [{ type: 'timeline/clear' }, { type: 'timeline/pause', paused: false }]) expect(await driver().message(request)).toMatchObject({ ok: true });
  });

  const signedIn = async () => (await signIn(driver())).page.close();
  const it = (name: string, fn: () => Promise<void>) => (!hooks.only || hooks.only.includes(Number(name.split(' ')[0])) ? test(name, fn) : undefined);

  it('1 user not assigned to the app', async () => {
    await signedIn();
    const app = await appFlow(driver(), `${APP_ORIGIN}/start?client=${UNASSIGNED_CLIENT}`, 'error access_denied');
    // Opened on the app's own tab (not an Okta page): the flows that came back to this app.
    const onApp = await driver().openPopup({ tabId: await driver().tabIdFor(app.url()) });
    await onApp.waitForText('Not an Okta page');
    await onApp.waitForText('User not assigned to the app', 15_000);
    await onApp.close();
    await app.close();
    const text = await expectDiagnosis(driver(), 'User not assigned to the app', `Admin Console → Applications → Applications → the app with Client ID ${UNASSIGNED_CLIENT} → Assignments → Assign → Assign to People (or Groups), then sign in again.`, `popup-diagnosis-${hooks.browser}.png`);
    expect(text).toContain('User is not assigned to the client application.');
  });

  it('2 no access policy rule, and scopes denied by the policy', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?client=${NO_POLICY_CLIENT}`, 'error access_denied')).close();
    await expectDiagnosis(driver(), 'No access policy rule matched', /^Fix: Admin Console → Security → API → Authorization Servers → default → Access Policies: add a policy/);
    await (await appFlow(driver(), `${APP_ORIGIN}/start?scope=${encodeURIComponent('openid orders.admin')}`, 'error access_denied')).close();
    const text = await expectDiagnosis(driver(), 'Scopes denied by the access policy', /Access Policies/);
    expect(text).toContain('Denied scopes: [orders.admin].');
  });

  it("3 scope not configured, and 'openid' missing", async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?scope=${encodeURIComponent('openid groups')}`, 'error invalid_scope')).close();
    await expectDiagnosis(driver(), 'Scope not configured on the authorization server', 'Admin Console → Security → API → Authorization Servers → default → Scopes → Add Scope, or stop asking for that scope in the app (e.g. groups).');
    await (await appFlow(driver(), `${APP_ORIGIN}/start?scope=profile`, 'error invalid_scope')).close();
    await expectDiagnosis(driver(), "The 'openid' scope is missing", /^Fix: Add openid to the scope parameter/);
  });

  it("4 redirect_uri not registered: Okta's 400 page, the exact URI to register", async () => {
    await signedIn();
    // The app signed in once (so Okta knows the client), then asks with a trailing slash.
    await (await appFlow(driver(), `${APP_ORIGIN}/start?exchange=0`, 'signed in')).close();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?redirect=${encodeURIComponent('/callback/')}`, '400 Bad Request')).close();
    await expectDiagnosis(driver(), 'redirect_uri not registered for the app', `Admin Console → Applications → Applications → the app with Client ID 0oaSpaApp00000000001 → General → Login → Sign-in redirect URIs → add ${APP_ORIGIN}/callback/.`);
  });

  it('5 unknown client_id', async () => {
    await (await appFlow(driver(), `${APP_ORIGIN}/start?client=0oaNoSuchApp`, '400 Bad Request')).close();
    await expectDiagnosis(driver(), 'Unknown client_id', /^Fix: Copy the Client ID from Admin Console → Applications → Applications/);
  });

  it('6 response type not enabled', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?response_type=token`, 'error unsupported_response_type')).close();
    await expectDiagnosis(driver(), 'Response type or grant type not enabled for the app', /General Settings → Edit → Grant type/);
  });

  it('7 PKCE required, and a verifier sent without a challenge', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?pkce=0`, 'error invalid_request')).close();
    await expectDiagnosis(driver(), 'PKCE required: the authorize sent no code challenge', /^Fix: Send code_challenge/);
    await (await appFlow(driver(), `${APP_ORIGIN}/start?client=${WEB_CLIENT}&pkce=0&verifier=1`, /token \d+/)).close();
    await expectDiagnosis(driver(), 'Code verifier sent without a challenge', /^Fix: Send code_challenge and code_challenge_method=S256/);
  });

  it('8 authorization code reused', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?exchange=2`, /token 200, token 400/)).close();
    // Every secret of the flow: the code, state, nonce and PKCE challenge, the sid cookie (= the session id).
    const model = authServer(world.mock.org(DEMO_ORG_HOST));
    const authorize = world.mock.log.filter((e) => e.path === '/oauth2/default/v1/authorize').at(-1)!;
    const secrets = [...model.codes.keys(), authorize.query.state!, authorize.query.nonce!, authorize.query.code_challenge!, latestSession(world.mock)!.id];
    await expectDiagnosis(driver(), 'Authorization code reused', /^Fix: Exchange each code exactly once/, undefined, secrets);
  });

  it('9 token endpoint refused a browser request: no PKCE; an origin that is not a redirect URI; an untrusted origin', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?client=${WEB_CLIENT}&pkce=0`, /token \d+/)).close();
    await expectDiagnosis(driver(), 'Token endpoint refused a browser request: no PKCE', /Single-Page App client with PKCE/);
    await (await appFlow(driver(), `${APP_ORIGIN}/start?from=other`, /token/)).close();
    await expectDiagnosis(driver(), "Token endpoint refused a browser request: origin is not one of the app's redirect URIs", `Admin Console → Applications → Applications → the app with Client ID 0oaSpaApp00000000001 → General → Login → Sign-in redirect URIs: add a redirect URI on ${OTHER_ORIGIN}.`);
    authServer(world.mock.org(DEMO_ORG_HOST)).trustedOrigins = [];
    await (await appFlow(driver(), `${APP_ORIGIN}/start`, /token/)).close();
    await expectDiagnosis(driver(), 'Token endpoint refused a browser request: origin not trusted', `Admin Console → Security → API → Trusted Origins → Add Origin: ${APP_ORIGIN}, type CORS (and Redirect).`);
  });

  it('11 login_required: silent sign-in with prompt=none and no Okta session', async () => {
    await (await appFlow(driver(), `${APP_ORIGIN}/silent`, 'renewal failed: login_required')).close();
    await expectDiagnosis(driver(), 'Silent sign-in found no Okta session (login_required)', /^Fix: Expected when no one is signed in/);
  });

  it("12 CORS: a page whose origin is not a Trusted Origin", async () => {
    await signedIn();
    await (await appFlow(driver(), `${OTHER_ORIGIN}/cors`, /CORS error|answer/)).close();
    await expectDiagnosis(driver(), "CORS: the page's origin is not a Trusted Origin", `Admin Console → Security → API → Trusted Origins → Add Origin: ${OTHER_ORIGIN} (exactly, no trailing slash), type CORS.`);
  });

  it('13 sign-out: no id_token_hint; post_logout_redirect_uri not registered; the cookie still set', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/logout?hint=0`, '400 Bad Request')).close();
    await expectDiagnosis(driver(), 'Sign-out failed: no id_token_hint', /^Fix: Send the user's ID token as id_token_hint/);
    await (await appFlow(driver(), `${APP_ORIGIN}/logout?to=${encodeURIComponent(`${APP_ORIGIN}/bye`)}`, '400 Bad Request')).close();
    await expectDiagnosis(driver(), 'Sign-out failed: post_logout_redirect_uri not registered', /Sign-out redirect URIs → add https:\/\/app\.example\.test\/bye\./);
    authServer(world.mock.org(DEMO_ORG_HOST)).logoutKeepsCookie = true;
    await (await appFlow(driver(), `${APP_ORIGIN}/logout`, 'home')).close();
    await new Promise((r) => setTimeout(r, 2500));
    await expectDiagnosis(driver(), 'Signed out, but the session cookie is still set', /DELETE \/api\/v1\/sessions\/me/);
  });

  it('14 session ended: a sign-out, a revoke elsewhere (Okta says 404 while the cookie remains), a revoke here', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/logout`, 'home')).close();
    await expectDiagnosis(driver(), 'Session ended: signed out', /^Fix: Nothing to fix if the sign-out was meant/);
    const { page } = await signIn(driver());
    await page.close();
    world.mock.org(DEMO_ORG_HOST).endSession(latestSession(world.mock)!.id);
    await expectDiagnosis(driver(), 'Session ended: revoked by someone else', /System Log: search for user\.session\.end/);
    // Revoked here, with the popup's own Revoke session.
    await (await signIn(driver())).page.close();
    const popup = await driver().openPopup({ org: DEMO_ORIGIN });
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    await popup.waitForText('Session ended: revoked by this extension', 15_000);
    expect((await popup.text()).split('\n')).toContain('Fix: Nothing to fix: sign in again to get a new session.');
    await popup.close();
  });

  it('15 rate limited, with the reset time', async () => {
    await signedIn();
    world.mock.fault({ host: DEMO_ORG_HOST, path: '/oauth2/default/v1/authorize', kind: 'rate-limit', resetInSeconds: 60 });
    await (await appFlow(driver(), `${APP_ORIGIN}/start`)).close();
    await expectDiagnosis(driver(), 'Rate limited by Okta', /^Fix: Wait until the reset \(\d{4}-\d\d-\d\dT/);
  });

  it('16 blocked before Okta: a 403 without x-okta-request-id', async () => {
    await signedIn();
    world.mock.fault({ host: DEMO_ORG_HOST, path: '/oauth2/default/v1/authorize', kind: 'status', status: 403, body: '<h1>Access denied by the corporate proxy</h1>', headers: { 'X-Okta-Request-Id': [], 'Content-Type': 'text/html' } });
    await (await appFlow(driver(), `${APP_ORIGIN}/start`)).close();
    await expectDiagnosis(driver(), 'Blocked before reaching Okta', /^Fix: Not an Okta setting: ask your network team/);
  });

  it('18 redirect loop', async () => {
    await signedIn();
    await (await appFlow(driver(), `${APP_ORIGIN}/start?loop=3`, 'signed in')).close();
    await expectDiagnosis(driver(), 'Redirect loop', /^Fix: Check the app's callback/);
  });
}
