// Launches headless Chromium with the built extension loaded, every hostname resolved to the mock org, so the
// extension talks to "https://dev-123456.okta.com" exactly as it would in production. Recipe: shared/TESTING.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const DIST_CHROME = resolve('dist/chrome');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's worker; the handle keeps working after the worker is stopped and restarted. */
  worker(): Promise<Worker>;
  /** Everything any extension context printed, to assert that no secret was logged. */
  console: string[];
  open(url: string): Promise<Page>;
  tabIdFor(url: string): Promise<number>;
  /** Opens popup.html as a page inspecting the given tab (the popup uses ?tab= instead of the active tab). */
  openPopup(target?: { tabId?: number; org?: string }): Promise<Page>;
  openOptions(): Promise<Page>;
  /** Sends a protocol message from an extension page, as the popup would. */
  message(request: unknown): Promise<any>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launchWithExtension(opts: { mockPort: number; dist?: string; colorScheme?: 'light' | 'dark' }): Promise<ExtensionBrowser> {
  const dist = opts.dist ?? DIST_CHROME;
  const userDataDir = await mkdtemp(join(tmpdir(), 'osi-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: { width: 380, height: 600 },
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Every name goes to the mock, which logs the Host of each request: a credential sent anywhere is seen.
      `--host-resolver-rules=MAP * 127.0.0.1:${opts.mockPort}`,
      '--ignore-certificate-errors',
    ],
  });
  const consoleLines: string[] = [];
  const watchWorker = (w: Worker) => w.on('console', (m) => consoleLines.push(`[worker] ${m.text()}`));
  context.on('serviceworker', watchWorker);
  context.on('page', (p) => p.on('console', (m) => consoleLines.push(`[page] ${m.text()}`)));

  let first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  watchWorker(first);
  const extensionId = new URL(first.url()).host;
  const base = `chrome-extension://${extensionId}`;

  async function worker(): Promise<Worker> {
    const current = context.serviceWorkers().find((w) => w.url().startsWith(base));
    return current ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
  }

  let helperPage: Page | undefined;
  async function extensionPage(): Promise<Page> {
    if (!helperPage || helperPage.isClosed()) {
      helperPage = await context.newPage();
      await helperPage.goto(`${base}/options.html`);
    }
    return helperPage;
  }

  const api: ExtensionBrowser = {
    context,
    extensionId,
    worker,
    console: consoleLines,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async tabIdFor(url) {
      const page = await extensionPage();
      const ids = await page.evaluate(async (u) => (await chrome.tabs.query({ url: u })).map((t) => t.id), url);
      if (!ids[0]) throw new Error(`no tab with url ${url}`);
      return ids[0];
    },
    async openPopup(target = {}) {
      const page = await context.newPage();
      const query = new URLSearchParams();
      if (target.tabId !== undefined) query.set('tab', String(target.tabId));
      if (target.org) query.set('org', target.org);
      await page.goto(`${base}/popup.html?${query}`);
      return page;
    },
    async openOptions() {
      const page = await context.newPage();
      await page.goto(`${base}/options.html`);
      return page;
    },
    async message(request) {
      const page = await extensionPage();
      return page.evaluate((r) => chrome.runtime.sendMessage(r), request);
    },
    async stopWorker() {
      const page = await extensionPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      const stopped = new Promise<void>((done) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(base) && v.runningStatus === 'stopped')) done();
        });
      });
      await cdp.send('ServiceWorker.stopAllWorkers');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 5_000))]);
      await cdp.detach();
    },
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  return api;
}

declare const chrome: any;
