// End to end in headless Chromium: the popup's Timeline answers "when did my session start, what replaced it,
// and which request ended it" from what the browser really did on the mock org (Classic and Identity Engine
// sign-in, refresh, revoke, sign-out, a session created from a session token and adopted), and its exports
// hold no secret: not the API token, a sid/idx cookie value, a session id or the session token.
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionIdHint } from '../../src/okta/session-id';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { ALL_SESSION_SCOPES } from '../mock-org/state';
import { launchChromium, type ChromiumDriver } from './chromium';
import type { ExtPage } from './driver';
import { configureOrg, DEMO_ORIGIN, latestSession, signIn, useWorld } from './scenarios';

const OIE_HOST = 'oie-timeline.okta.com';
const OIE_API_TOKEN = '00OieTimelineApiToken_notASecret_000000005';

describe('Chromium: session timeline', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  const driver = () => world.driver as ChromiumDriver;
  /** Every sid/idx value the browser held during a test: none may appear in an export. */
  let cookieValues: Set<string>;

  beforeEach(async () => {
    await driver().context.clearCookies();
    for (const request of [{ type: 'timeline/clear' }, { type: 'timeline/pause', paused: false }]) {
      expect(await driver().message(request)).toMatchObject({ ok: true });
    }
    cookieValues = new Set();
  });

  async function noteCookies(origin: string): Promise<void> {
    for (const c of await driver().context.cookies(origin)) if (c.name === 'sid' || c.name === 'idx') cookieValues.add(c.value);
  }

  const tab = (popup: ExtPage, name: 'Session' | 'Timeline' | 'Advanced') =>
    driver().raw(popup).getByRole('tab', { name, exact: true }).click();

  /** Export JSON (a download) and Copy as text (the clipboard, recorded: headless Chromium has none). */
  async function exports(popup: ExtPage): Promise<{ json: string; text: string }> {
    const raw = driver().raw(popup);
    const [download] = await Promise.all([raw.waitForEvent('download'), popup.click('Export JSON')]);
    expect(download.suggestedFilename()).toMatch(/^okta-session-timeline-.*\.json$/);
    const json = await readFile((await download.path())!, 'utf8');
    await raw.evaluate(() => {
      const w = window as unknown as { copied: string[] };
      w.copied = [];
      navigator.clipboard.writeText = async (text: string) => void w.copied.push(text);
    });
    await popup.click('Copy as text');
    await popup.waitForText('Copied the timeline as text.');
    const text = await raw.evaluate(() => (window as unknown as { copied: string[] }).copied.join('\n'));
    return { json, text };
  }

  function expectNoSecret(out: string, secrets: string[]): void {
    expect(secrets.filter((s) => s.length >= 8).length).toBeGreaterThan(1);
    for (const secret of secrets) expect(out).not.toContain(secret);
  }

  it('Classic: sign-in, session start, refresh, revoke and sign-out, surviving a stopped worker; exports hold no secret', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { page, tabId } = await signIn(driver());
    await noteCookies(DEMO_ORIGIN);
    const session = latestSession(mock)!;
    const hint = sessionIdHint(session.id);
    // Recorded in storage.session: a stopped worker loses nothing.
    await driver().stopBackground();

    const popup = await driver().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await tab(popup, 'Timeline');
    await popup.waitForText(`sid cookie set: session ${hint}`);
    await popup.waitForText(/^POST \/login\/login\.htm → 302, \d+ ms$/);
    await popup.waitForText(/^GET \/login\/login\.htm → 200, \d+ ms$/);
    await popup.waitForText('This tab’s session');
    expect(await popup.text()).toMatch(new RegExp(`Session ${hint} at ${DEMO_ORG_HOST}\\s+This tab’s session`));
    expect(await popup.text()).toMatch(/Started \d\d:\d\d:\d\d \((\d+ s ago|just now)\)/);

    await tab(popup, 'Session');
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    await tab(popup, 'Timeline');
    await popup.waitForText(`Refresh session: POST /api/v1/sessions/${hint}/lifecycle/refresh → 200`);

    await tab(popup, 'Session');
    await popup.click('Revoke session');
    await popup.click('Confirm revoke');
    await popup.waitForText('This session has ended or was revoked');
    await tab(popup, 'Timeline');
    await popup.waitForText(`Revoke session: DELETE /api/v1/sessions/${hint} → 204`);
    await popup.waitForText(/ended \d\d:\d\d:\d\d: revoked by this extension/);

    // Signing out at the org: the request, and the site clearing the cookie.
    await driver().raw(page).goto(`${DEMO_ORIGIN}/login/signout`);
    await popup.waitForText(/^GET \/login\/signout → 302, \d+ ms$/);
    await popup.waitForText(`sid cookie removed: the site cleared it: session ${hint}`);

    const { json, text } = await exports(popup);
    const exported = JSON.parse(json) as { events: Array<{ kind: string; path?: string; session?: string }> };
    expect(exported.events.some((e) => e.path === '/login/signout')).toBe(true);
    expect(exported.events.filter((e) => e.session === hint).length).toBeGreaterThan(3);
    // The extension's own calls are api events, not also requests the browser made.
    expect(exported.events.filter((e) => e.kind === 'api').map((e) => e.path)).toContain(`/api/v1/sessions/${hint}`);
    expect(exported.events.filter((e) => e.kind === 'request' && e.path?.startsWith('/api/v1/sessions'))).toEqual([]);
    expect(text).toContain(`sid cookie set: session ${hint}`);
    expectNoSecret([json, text].join('\n'), [DEMO_API_TOKEN, session.id, ...cookieValues]);
    await popup.close();
    await page.close();
  });

  it('Identity Engine: the /idp/idx steps and the idx cookie, with state handles and tokens left out', async () => {
    const { mock } = world;
    if (!mock.orgs.has(OIE_HOST)) {
      mock.addOrg({ host: OIE_HOST, mode: 'oie', apiTokens: { [OIE_API_TOKEN]: ALL_SESSION_SCOPES }, users: [{ ...DEMO_USER }] });
    }
    const origin = `https://${OIE_HOST}`;
    await configureOrg(driver(), origin, OIE_API_TOKEN);
    const { page, tabId } = await signIn(driver(), OIE_HOST);
    await noteCookies(origin);
    const session = latestSession(mock, OIE_HOST)!;
    const hint = sessionIdHint(session.id);
    expect(session.id).toMatch(/^idx/);

    const popup = await driver().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await tab(popup, 'Timeline');
    await popup.waitForText(`idx cookie set: session ${hint}`);
    await popup.waitForText(/^POST \/idp\/idx\/introspect → 200/);
    await popup.waitForText(/^POST \/idp\/idx\/identify → 200/);
    await popup.waitForText(/^GET \/login\/token\/redirect\?stateToken → 302/);
    await popup.waitForText('This tab’s session');

    const { json, text } = await exports(popup);
    expect(json).toContain('/idp/idx/identify');
    expectNoSecret([json, text].join('\n'), [OIE_API_TOKEN, session.id, ...cookieValues]);
    await popup.close();
    await page.close();
  });

  it('creates a session from a session token and adopts it: the tab’s session becomes the new one', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { page, tabId } = await signIn(driver());
    await noteCookies(DEMO_ORIGIN);
    const before = latestSession(mock)!;
    const sessionToken = mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);

    const popup = await driver().openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    await tab(popup, 'Advanced');
    await popup.waitForText(/removed this call \(POST \/api\/v1\/sessions\) from its published API in 2025\.10/);
    await popup.fill('Session token', sessionToken);
    await popup.check('Use in this browser');
    await popup.click('Create session');
    await popup.waitForText('Created a new session and set it in this browser.');

    const created = latestSession(mock)!;
    expect(created.id).not.toBe(before.id);
    const hint = sessionIdHint(created.id);
    const shown = await popup.text();
    expect(shown).toContain(DEMO_USER.login);
    expect(shown).toContain(hint);
    const sid = (await driver().context.cookies(DEMO_ORIGIN)).find((c) => c.name === 'sid');
    expect(sid).toMatchObject({ value: created.id, secure: true, httpOnly: true, sameSite: 'None', path: '/' });
    await noteCookies(DEMO_ORIGIN);

    // A fresh look at the tab finds the new session from its cookie, and the org's page runs on it.
    const again = await driver().openPopup({ tabId });
    await again.waitForText(hint);
    expect(await again.text()).toContain(DEMO_USER.login);
    await again.close();
    mock.log.length = 0;
    await driver().raw(page).reload();
    await page.waitForText(`Signed in as ${DEMO_USER.login}`);

    await tab(popup, 'Timeline');
    await popup.waitForText('Create session: POST /api/v1/sessions → 200');
    await popup.waitForText(`sid cookie replaced: session ${hint} (was ${sessionIdHint(before.id)})`);
    await popup.waitForText(new RegExp(`ended \\d\\d:\\d\\d:\\d\\d: replaced by ${hint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const { json, text } = await exports(popup);
    const pageHtml = await popup.evaluate(() => document.documentElement.outerHTML, null);
    expectNoSecret([json, text, pageHtml, driver().logs.join('\n')].join('\n'), [sessionToken, DEMO_API_TOKEN, before.id, created.id, ...cookieValues]);
    await popup.close();
    await page.close();
  });
});
