// Secrets, proven in a real browser: across one scripted use (configure in the options page, view, copy, refresh,
// an Okta error that echoes secrets back, retry, revoke), the API token and the sid/idx cookie values never reach
// a page: not in any reply a page receives, the DOM, the console of the worker or the pages, the popup's "Copy as
// JSON" export, or storage.local (unless the user ticked Remember). Requests carrying the token go only to the
// org's host. Another extension and web pages cannot talk to the worker. The built and loaded manifests match
// the pinned permissions.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { expectPinned } from '../unit/manifest-pin';
import { extensionIdFromKey, launchChromium, type ChromiumDriver } from './chromium';
import type { ExtPage } from './driver';
import { credentialedRequests, DEMO_ORIGIN, latestSession, signIn, useWorld } from './scenarios';

const OTHER_EXTENSION = fileURLToPath(new URL('./fixtures/other-extension', import.meta.url));

/** Everything a page received or showed during the test, gathered for the "no secret in here" checks. */
interface Seen {
  /** Each reply an extension page got from runtime.sendMessage, as the page got it. */
  replies: { request: unknown; reply?: unknown; error?: string }[];
  /** What the popup wrote to the clipboard. */
  clipboard: string[];
  /** Snapshots of the pages: HTML plus the values of every field. */
  dom: string[];
}

/**
 * Hooks every page of the browser before its own scripts run: replies to runtime.sendMessage and clipboard
 * writes are reported to the test. The page's code is not changed; it calls the same API and gets the same answer.
 */
async function installHooks(driver: ChromiumDriver, seen: Seen): Promise<void> {
  await driver.context.exposeBinding('__osiSeen', (_source, kind: 'reply' | 'clipboard', payload: unknown) => {
    if (kind === 'clipboard') seen.clipboard.push(String(payload));
    else seen.replies.push(payload as Seen['replies'][number]);
  });
  await driver.context.addInitScript(() => {
    const report = (globalThis as unknown as { __osiSeen: (kind: string, payload: unknown) => void }).__osiSeen;
    const scope = globalThis as { chrome?: { runtime?: { sendMessage?: unknown } }; browser?: { runtime?: { sendMessage?: unknown } } };
    for (const runtime of new Set([scope.chrome?.runtime, scope.browser?.runtime])) {
      if (!runtime || typeof runtime.sendMessage !== 'function') continue;
      const original = runtime.sendMessage as (...args: unknown[]) => Promise<unknown>;
      runtime.sendMessage = function (...args: unknown[]) {
        const sent = original.apply(this, args);
        const request = args.find((a) => typeof a === 'object' && a !== null);
        Promise.resolve(sent).then(
          (reply) => report('reply', { request, reply }),
          (error: unknown) => report('reply', { request, error: String(error) }),
        );
        return sent;
      };
    }
    if (navigator.clipboard) {
      // Headless Chromium has no clipboard to write to; record what the page exports instead.
      navigator.clipboard.writeText = async (text: string) => {
        report('clipboard', text);
      };
    }
  });
}

async function snapshot(page: ExtPage): Promise<string> {
  return page.evaluate(
    () =>
      [
        document.documentElement.outerHTML,
        ...Array.from(document.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value),
      ].join('\n'),
    null,
  );
}

/** Reads both storage areas from an extension page (allowed there: it is a trusted context). */
async function storage(driver: ChromiumDriver): Promise<{ local: string; session: string }> {
  const page = await driver.openOptions();
  const areas = await page.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: Record<'local' | 'session', { get(k: null): Promise<unknown> }> } }).chrome;
    return { local: JSON.stringify(await c.storage.local.get(null)), session: JSON.stringify(await c.storage.session.get(null)) };
  }, null);
  await page.close();
  return areas;
}

/** The sid/idx values the browser holds for any host (HttpOnly: pages cannot read them; the test can). */
async function cookieSecrets(driver: ChromiumDriver): Promise<string[]> {
  return (await driver.context.cookies()).filter((c) => c.name === 'sid' || c.name === 'idx').map((c) => c.value);
}

describe('Chromium: no secret reaches a page, a log, an export or storage.local', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port, extraExtensions: [OTHER_EXTENSION] }));
  const driver = () => world.driver as ChromiumDriver;
  const seen: Seen = { replies: [], clipboard: [], dom: [] };
  beforeAll(async () => {
    await installHooks(driver(), seen);
  });
  beforeEach(() => {
    seen.replies.length = 0;
    seen.clipboard.length = 0;
    seen.dom.length = 0;
    driver().logs.length = 0;
  });

  /** The scripted use; returns the secrets that existed during it. */
  async function scriptedUse(remember: boolean): Promise<string[]> {
    const { driver: d, mock } = world;

    // Configure, as a user does.
    const options = await d.openOptions();
    await options.fill('Okta org URL', `${DEMO_ORIGIN}/`);
    await options.fill('API token', DEMO_API_TOKEN);
    if (remember) await options.check('Remember on this device');
    await options.click('Save');
    await options.waitForText(/^Saved https:/);
    seen.dom.push(await snapshot(options));
    await options.close();

    // View, export, refresh.
    const { tabId } = await signIn(d);
    const secrets = new Set([DEMO_API_TOKEN, ...(await cookieSecrets(driver()))]);
    const sessionId = latestSession(mock)!.id;
    secrets.add(sessionId);
    const popup = await d.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    seen.dom.push(await snapshot(popup));
    await popup.click('Copy as JSON');
    await popup.waitForText(/^Copied/);
    await popup.click('Refresh session');
    await popup.waitForText(/^Session refreshed/);
    seen.dom.push(await snapshot(popup));
    await popup.close();

    // An error whose Okta body echoes the token and the session id, as a hostile or careless server might;
    // then Retry.
    mock.fault({
      kind: 'status',
      status: 400,
      path: '/api/v1/sessions/',
      body: { errorCode: 'E0000001', errorSummary: `Api validation failed: ${DEMO_API_TOKEN} for ${sessionId}`, errorId: sessionId },
      headers: { 'X-Okta-Request-Id': DEMO_API_TOKEN },
    });
    const failing = await d.openPopup({ tabId });
    await failing.waitForText('E0000001');
    seen.dom.push(await snapshot(failing));
    await failing.click('Retry');
    await failing.waitForText(DEMO_USER.login);

    // Revoke.
    await failing.click('Revoke session');
    await failing.click('Confirm revoke');
    await failing.waitForText('This session has ended or was revoked');
    seen.dom.push(await snapshot(failing));
    await failing.close();

    // The options page again (it lists the org with the token's hint), and the protocol asked directly.
    const again = await d.openOptions();
    await again.waitForText(DEMO_ORG_HOST);
    seen.dom.push(await snapshot(again));
    await again.close();
    for (const request of [{ type: 'session/cached', tabId }, { type: 'session/inspect', tabId }, { type: 'settings/get' }]) {
      seen.replies.push({ request, reply: await d.message(request) });
    }
    for (const value of await cookieSecrets(driver())) secrets.add(value);
    // Proof that console output of both the worker and the pages is being captured at all.
    await (await driver().worker()).evaluate(() => console.log('osi-log-probe worker'));
    const probe = await d.openOptions();
    await probe.evaluate(() => console.log('osi-log-probe page'), null);
    await probe.close();
    return [...secrets];
  }

  for (const remember of [false, true]) {
    it(`${remember ? 'with' : 'without'} "Remember on this device"`, async () => {
      const secrets = await scriptedUse(remember);
      const { local, session } = await storage(driver());
      // Replies only: the save request itself carries the token the user typed, on its way in.
      const repliesText = JSON.stringify(seen.replies.map((r) => r.reply));
      const logs = driver().logs.join('\n');

      // The checks below looked at real material.
      // (A Classic session id is the sid cookie's value itself: token + that value, at least.)
      expect(secrets.length).toBeGreaterThanOrEqual(2);
      const types = seen.replies.map((r) => (r.request as { type?: string } | undefined)?.type);
      for (const type of ['settings/save-org', 'session/cached', 'session/inspect', 'session/refresh', 'session/revoke', 'settings/get']) {
        expect(types).toContain(type);
      }
      expect(seen.replies.every((r) => r.error === undefined)).toBe(true);
      expect(seen.clipboard).toHaveLength(1);
      expect(seen.clipboard[0]).toContain(DEMO_USER.login);
      expect(seen.dom.join('\n')).toContain(DEMO_USER.login);
      expect(seen.dom.join('\n')).toContain('Api validation failed'); // the echoing error was shown, scrubbed
      expect(logs).toContain('osi-log-probe worker');
      expect(logs).toContain('osi-log-probe page');

      for (const secret of secrets) {
        expect(repliesText, 'a reply a page received').not.toContain(secret);
        for (const dom of seen.dom) expect(dom, 'a page’s DOM').not.toContain(secret);
        for (const text of seen.clipboard) expect(text, 'the JSON export').not.toContain(secret);
        expect(logs, 'the console of the worker or a page').not.toContain(secret);
      }

      // The token lives where the user chose; cookie values and session ids are stored nowhere.
      if (remember) {
        expect(local).toContain(DEMO_API_TOKEN);
        expect(session).not.toContain(DEMO_API_TOKEN);
      } else {
        expect(local).not.toContain(DEMO_API_TOKEN);
        expect(session).toContain(DEMO_API_TOKEN);
      }
      for (const secret of secrets.filter((s) => s !== DEMO_API_TOKEN)) {
        expect(local).not.toContain(secret);
        expect(session).not.toContain(secret);
      }

      // Every request that carried the token went to the org's own host (the mock sees every hostname).
      const credentialed = credentialedRequests(world.mock);
      expect(credentialed.length).toBeGreaterThanOrEqual(5);
      for (const request of credentialed) expect(request).toEqual({ host: DEMO_ORG_HOST, authorization: `SSWS ${DEMO_API_TOKEN}` });
    });
  }

  it('another extension gets no answer from the worker, and changes nothing', async () => {
    const { driver: d, mock } = world;
    const manifest = JSON.parse(await readFile(new URL('./fixtures/other-extension/manifest.json', import.meta.url), 'utf8')) as { key: string };
    const strangerId = extensionIdFromKey(manifest.key);
    const ourId = new URL(d.extensionBase).host;
    expect(strangerId).not.toBe(ourId);
    expect(await d.message({ type: 'settings/get' })).toEqual({ ok: true, orgs: [] });

    const stranger = await d.openPage(`chrome-extension://${strangerId}/page.html`);
    const outcomes = await stranger.evaluate(
      async ({ id, token }) => {
        const rt = (globalThis as unknown as { chrome: { runtime: any } }).chrome.runtime;
        const messages = [
          { type: 'settings/get' },
          { type: 'settings/save-org', orgUrl: 'https://dev-123456.okta.com', customDomains: [], remember: true, credential: { kind: 'api-token', token } },
          { type: 'session/inspect', org: 'https://dev-123456.okta.com' },
        ];
        const out: { answered: boolean; reply?: unknown; error?: string }[] = [];
        for (const message of messages) {
          try {
            out.push({ answered: true, reply: await rt.sendMessage(id, message) });
          } catch (error) {
            out.push({ answered: false, error: String(error) });
          }
        }
        // A long-lived port gets nothing either: the worker listens to neither onConnectExternal nor onMessageExternal.
        const portReplies = await new Promise<unknown[]>((resolve) => {
          const got: unknown[] = [];
          const port = rt.connect(id);
          port.onMessage.addListener((m: unknown) => got.push(m));
          port.onDisconnect.addListener(() => resolve(got));
          port.postMessage({ type: 'settings/get' });
          setTimeout(() => resolve(got), 1_000);
        });
        return { out, portReplies };
      },
      { id: ourId, token: 'stranger-token-0123456789abcdef' },
    );
    expect(outcomes.out).toHaveLength(3);
    for (const outcome of outcomes.out) {
      expect(outcome.answered, JSON.stringify(outcome)).toBe(false);
      expect(outcome.error).toMatch(/Receiving end does not exist|Could not establish connection/);
    }
    expect(outcomes.portReplies).toEqual([]);
    await stranger.close();

    // Nothing was saved and nothing was asked of Okta on its behalf.
    expect(await d.message({ type: 'settings/get' })).toEqual({ ok: true, orgs: [] });
    expect(mock.log.filter((e) => e.path.startsWith('/api/'))).toEqual([]);
  });

  it('web pages, the Okta org’s own included, cannot reach the worker', async () => {
    const { driver: d, mock } = world;
    const ourId = new URL(d.extensionBase).host;
    await signIn(d);
    for (const url of [`${DEMO_ORIGIN}/app/UserHome`, 'https://intranet.example.com/']) {
      const page = await d.openPage(url);
      const outcome = await page.evaluate(async (id) => {
        const rt = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
        if (!rt || typeof rt.sendMessage !== 'function') return { reachable: false, why: 'no chrome.runtime.sendMessage' };
        try {
          const reply = await (rt.sendMessage as (id: string, m: unknown) => Promise<unknown>)(id, { type: 'settings/get' });
          return { reachable: reply !== undefined, why: JSON.stringify(reply) };
        } catch (error) {
          return { reachable: false, why: String(error) };
        }
      }, ourId);
      expect(outcome.reachable, `${url}: ${outcome.why}`).toBe(false);
      await page.close();
    }
    expect(credentialedRequests(mock)).toEqual([]);
  });

  it('the manifests built and loaded carry exactly the pinned permissions', async () => {
    for (const flavour of ['chrome', 'firefox']) {
      const path = new URL(`../../dist/${flavour}/manifest.json`, import.meta.url);
      const built = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      expectPinned(built, `dist/${flavour}`, flavour as 'chrome' | 'firefox');
      // Each browser gets only its own panel key (the other's would be a warning in it), and its own shortcut.
      if (flavour === 'chrome') {
        expect(built).toMatchObject({ side_panel: { default_path: 'panel.html' }, commands: { 'open-side-panel': {} } });
        expect(built).not.toHaveProperty('sidebar_action');
      } else {
        expect(built).toMatchObject({ sidebar_action: { default_panel: 'panel.html' }, commands: { _execute_sidebar_action: {} } });
        expect(built).not.toHaveProperty('side_panel');
        expect(built.commands).not.toHaveProperty('open-side-panel');
      }
    }
    const page = await world.driver.openOptions();
    const loaded = await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): unknown } } }).chrome.runtime.getManifest(), null);
    expectPinned(loaded as Record<string, unknown>, 'the manifest Chromium loaded', 'chrome');
    await page.close();
  });
});
