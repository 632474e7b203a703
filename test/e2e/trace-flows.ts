// Share a trace, end to end, written once against ExtensionDriver (Chromium and Firefox): a real failed sign-in
// on the mock org is recorded, the popup's Timeline exports it with Export HAR and Export JSON (the real
// download code, its blob read back in the page), and viewer.html opens each file (one through the file field,
// one dropped) and shows the same events and the same What went wrong. Neither file holds a secret of the flow,
// and the viewer page loads nothing but its own files.
import { mkdir } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_USER } from '../mock-org/demo';
import { APP_ORIGIN, UNASSIGNED_CLIENT } from '../mock-org/oidc-apps';
import { appFlow } from './diagnose-flows';
import type { ChromiumDriver } from './chromium';
import type { ExtPage, ExtensionDriver } from './driver';
import { configureOrg, DEMO_ORIGIN, latestSession, signIn, type World } from './scenarios';

const TITLE = 'User not assigned to the app';

/** Records every download the page starts (an <a download> click) as { name, text }, read from its blob URL. */
async function recordDownloads(page: ExtPage): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { saved: Promise<{ name: string; text: string }>[] };
    w.saved = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) w.saved.push(fetch(this.href).then(async (r) => ({ name: this.download, text: await r.text() })));
    };
  }, null);
}
const downloads = (page: ExtPage) =>
  page.evaluate(() => Promise.all((window as unknown as { saved: Promise<{ name: string; text: string }>[] }).saved), null);

/** The Timeline's event lines and What went wrong titles, as shown. */
const shown = (page: ExtPage) =>
  page.evaluate(() => {
    const timeline = document.querySelector('[aria-label="Session timeline"]');
    const lines = Array.from(timeline?.querySelectorAll('.tl-what') ?? []).map((e) => e.textContent ?? '');
    const titles = Array.from(timeline?.querySelectorAll('.wwr-entry h3') ?? []).map((e) => e.textContent ?? '');
    return { lines, titles, text: (timeline as HTMLElement | null)?.innerText ?? '' };
  }, null);

/** The viewer's Timeline once it has read the newly opened file (it mounts afresh per file). */
async function shownWhenReady(page: ExtPage, lines: number): Promise<Shown> {
  let now = await shown(page);
  for (let i = 0; i < 100 && now.lines.length < lines; i++) {
    await new Promise((r) => setTimeout(r, 100));
    now = await shown(page);
  }
  return now;
}

/** Hands the viewer a file as a user would: chosen in "Open a trace file", or dropped on the page. */
export async function openInViewer(viewer: ExtPage, name: string, text: string, how: 'field' | 'drop'): Promise<void> {
  await viewer.evaluate(
    ({ name, text, how }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/json' }));
      if (how === 'field') {
        const input = document.querySelector('input[type=file]') as HTMLInputElement;
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { name, text, how },
  );
  await viewer.waitForText(`${name} (`, 10_000);
}

export interface TraceFile {
  name: string;
  text: string;
}
export interface Exported {
  har: TraceFile;
  json: TraceFile;
  /** What the popup's Timeline showed at export. */
  inPopup: Shown;
}
type Shown = Awaited<ReturnType<typeof shown>>;

/** Records a failed sign-in (user not assigned) on the mock and exports it from the popup's Timeline. */
export async function recordAndExport(world: World): Promise<Exported> {
  const driver = world.driver;
  {
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    for (const request of [{ type: 'timeline/clear' }, { type: 'timeline/pause', paused: false }]) expect(await driver.message(request)).toMatchObject({ ok: true });
    await (await signIn(driver)).page.close();
    await (await appFlow(driver, `${APP_ORIGIN}/start?client=${UNASSIGNED_CLIENT}`, 'error access_denied')).close();

    const popup = await driver.openPopup({ org: DEMO_ORIGIN });
    await popup.waitForText(TITLE, 15_000);
    await popup.evaluate(() => (Array.from(document.querySelectorAll('[role=tab]')).find((t) => t.textContent === 'Timeline') as HTMLElement).click(), null);
    await popup.waitForText('Export HAR', 10_000);
    await popup.waitForText(/^Left out of exports: \d+ query values?, /);
    // Let the popup's own Inspect session call land in the Timeline before comparing.
    await new Promise((r) => setTimeout(r, 1500));
    await recordDownloads(popup);
    const inPopup = await shown(popup);
    expect(inPopup.lines.length).toBeGreaterThan(3);
    expect(inPopup.lines.some((l) => l.startsWith('GET /oauth2/default/v1/authorize?'))).toBe(true);
    expect(inPopup.titles.some((t) => t.startsWith(TITLE))).toBe(true);
    await popup.click('Export HAR');
    await popup.waitForText('Exported the timeline as HAR.');
    await popup.click('Export JSON');
    await popup.waitForText('Exported the timeline as JSON.');
    const files = await downloads(popup);
    expect((await shown(popup)).lines).toEqual(inPopup.lines);
    await popup.close();

    expect(files.map((f) => f.name.replace(/\d.*\./, 'N.'))).toEqual(['okta-session-trace-N.har', 'okta-session-timeline-N.json']);
    const [har, json] = files as [TraceFile, TraceFile];
    expect(JSON.parse(har.text)).toMatchObject({ log: { version: '1.2', creator: { name: 'Okta Session Inspector' }, _oktaSessionInspector: { diagnoses: expect.arrayContaining([expect.objectContaining({ title: TITLE })]) } } });
    expect(JSON.parse(json.text)).toMatchObject({ format: 'okta-session-inspector.timeline', schemaVersion: 1 });
    expect(har.text).toContain('state=[redacted]');

    // Every secret of the flow: the authorize's state, nonce and PKCE challenge, the session id (the sid cookie),
    // the password typed and the API token.
    const authorize = world.mock.log.filter((e) => e.path === '/oauth2/default/v1/authorize').at(-1)!;
    const secrets = [authorize.query.state!, authorize.query.nonce!, authorize.query.code_challenge!, latestSession(world.mock)!.id, DEMO_USER.password, DEMO_API_TOKEN];
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
    for (const f of files) for (const s of secrets) expect(f.text).not.toContain(s);
    return { har, json, inPopup };
  }
}

/** Opens the HAR (dropped) and the JSON (the file field) in viewer.html: each shows what the popup showed. */
export async function expectViewerShows(driver: ExtensionDriver, { har, json, inPopup }: Exported): Promise<void> {
  {
    const viewer = await driver.openPage(`${driver.extensionBase}/viewer.html`);
    await viewer.waitForText('Open a trace file');
    // Chromium: every request the page makes from here on (Playwright sees them; BiDi's driver here does not).
    const requests: string[] = [];
    if (driver.browser === 'chromium') (driver as ChromiumDriver).raw(viewer).on('request', (r) => requests.push(r.url()));
    await openInViewer(viewer, har.name, har.text, 'drop');
    await viewer.waitForText(TITLE, 10_000);
    const fromHar = await shownWhenReady(viewer, inPopup.lines.length);
    await openInViewer(viewer, json.name, json.text, 'field');
    await viewer.waitForText(`${json.name} (JSON)`);
    const fromJson = await shownWhenReady(viewer, inPopup.lines.length);
    for (const v of [fromHar, fromJson]) {
      expect(v.lines).toEqual(inPopup.lines);
      expect(v.titles).toEqual(inPopup.titles);
      expect(v.text).toContain(TITLE);
      expect(v.text).toContain('Fix: ');
    }
    expect(await viewer.buttons()).not.toContain('Clear');
    await mkdir('test-results/screenshots', { recursive: true });
    await viewer.screenshot(`test-results/screenshots/viewer-${driver.browser}.png`);
    // A foreign file: a clear message, and the page still works.
    await viewer.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"log":{"version":"1.2","entries":[]}}'], 'devtools.har'));
      const input = document.querySelector('input[type=file]') as HTMLInputElement;
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, null);
    await viewer.waitForText('This HAR was not exported by Okta Session Inspector');
    // It never sends a request: nothing it loaded or asked for is off the extension's own files.
    const loaded = await viewer.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name), null);
    for (const url of [...loaded, ...requests]) expect(url.startsWith(driver.extensionBase)).toBe(true);
    await viewer.close();
  }
}

export function traceScenarios(world: World): void {
  it('a failed sign-in exported as HAR and JSON opens in viewer.html with the same events and diagnosis, and no secret', async () => {
    await expectViewerShows(world.driver, await recordAndExport(world));
  });

  it('the options page leads to the viewer', async () => {
    const options = await world.driver.openOptions();
    await options.waitForText('Open a trace…');
    const href = await options.evaluate(() => Array.from(document.querySelectorAll('a')).find((a) => a.textContent === 'Open a trace…')?.href, null);
    expect(href).toBe(`${world.driver.extensionBase}/viewer.html`);
    await options.close();
  });
}
