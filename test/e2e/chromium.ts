// The Chromium driver: headless Debian Chromium with the built extension loaded and every hostname resolved
// to the mock org, so the extension talks to "https://dev-123456.okta.com" as in production.
// Recipe and its traps: shared/TESTING.md ("End to end in headless Chromium").
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { popupPath, type ExtPage, type ExtensionDriver } from './driver';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ChromiumDriver extends ExtensionDriver {
  readonly context: BrowserContext;
  worker(): Promise<Worker>;
  /** The Playwright page behind an ExtPage, for what only Chromium tests need (screenshots at a size, CDP). */
  raw(page: ExtPage): Page;
}

export interface LaunchOptions {
  mockPort: number;
  dist?: string;
  colorScheme?: 'light' | 'dark';
  /** Headed for `npm start` on a desktop; tests are always headless. */
  headless?: boolean;
  /** Hostnames sent to the mock; every hostname when omitted (tests: a credential sent anywhere is seen). */
  mockHosts?: string[];
  /** Unpacked extensions loaded beside ours (the security suite's stranger). They must have no service worker. */
  extraExtensions?: string[];
  /**
   * "Allow in Incognito", as a user ticks it in chrome://extensions, written into the new profile's
   * Preferences before launch (the extension's id is pinned by the manifest's key).
   */
  allowIncognito?: boolean;
  /** "Block third-party cookies", as a user sets it in chrome://settings/cookies, written into the new profile. */
  blockThirdPartyCookies?: boolean;
}

/** Chromium derives an unpacked extension's id from its manifest key: the first 16 bytes of SHA-256, as a-p. */
export function extensionIdFromKey(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

async function chromeExtensionId(dist: string): Promise<string> {
  const { key } = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as { key: string };
  return extensionIdFromKey(key);
}

/**
 * Resolves once the extension's worker answers a message from one of the extension's pages: that, not a
 * Playwright `serviceworker` event, is what every test needs. Waiting for the event was flaky on a loaded
 * machine: Playwright missed the worker's start (the worker ran), stopping and restarting the worker over CDP did
 * not make it report one, and each such launch cost 28 s and a second Chromium from a fresh profile (3 of
 * about 80 launches in four `npm test` runs here, issue 15). The page asks `settings/get`, which any fresh profile
 * answers; it retries while the extension is still loading (its pages 404 until then).
 */
async function untilWorkerAnswers(context: BrowserContext, base: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const page = await context.newPage();
  try {
    for (let lastError: unknown; ; ) {
      if (Date.now() > deadline) throw new Error(`the extension's worker did not answer within ${timeoutMs / 1000} s (${String(lastError)})`);
      try {
        if (!page.url().startsWith(base)) await page.goto(`${base}/options.html`);
        const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings/get' }));
        if (reply?.ok === true) return;
        lastError = `it answered ${JSON.stringify(reply)}`;
      } catch (error) {
        lastError = error;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await page.close().catch(() => undefined);
  }
}

export async function launchChromium(opts: LaunchOptions): Promise<ChromiumDriver> {
  const dist = resolve(opts.dist ?? 'dist/chrome');
  const extensions = [dist, ...(opts.extraExtensions ?? []).map((dir) => resolve(dir))].join(',');
  async function launchOnce(): Promise<{ context: BrowserContext; userDataDir: string }> {
    const userDataDir = await mkdtemp(join(tmpdir(), 'osi-chromium-'));
    if (opts.allowIncognito || opts.blockThirdPartyCookies) {
      await mkdir(join(userDataDir, 'Default'));
      const prefs = {
        ...(opts.allowIncognito ? { extensions: { settings: { [await chromeExtensionId(dist)]: { incognito: true } } } } : {}),
        // cookie_controls_mode 1 = block third-party cookies (the settings page's choice).
        ...(opts.blockThirdPartyCookies ? { profile: { cookie_controls_mode: 1, block_third_party_cookies: true } } : {}),
      };
      await writeFile(join(userDataDir, 'Default', 'Preferences'), JSON.stringify(prefs));
    }
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: opts.headless ?? true,
      colorScheme: opts.colorScheme ?? 'light',
      viewport: { width: 400, height: 640 },
      args: [
        `--disable-extensions-except=${extensions}`,
        `--load-extension=${extensions}`,
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Every name goes to the mock, which logs the Host of each request: a credential sent anywhere is seen.
        `--host-resolver-rules=${(opts.mockHosts ?? ['*']).map((h) => `MAP ${h} 127.0.0.1:${opts.mockPort}`).join(', ')}`,
        '--ignore-certificate-errors',
      ],
    });
    return { context, userDataDir };
  }
  // The extension's id is its manifest key's; the launch is ready when its worker answers. A launch whose
  // worker never does is made again from a fresh profile, once.
  const extensionId = await chromeExtensionId(dist);
  const base = `chrome-extension://${extensionId}`;
  let launched: { context: BrowserContext; userDataDir: string } | undefined;
  for (let attempt = 1; !launched; attempt++) {
    const { context, userDataDir } = await launchOnce();
    const ready = await untilWorkerAnswers(context, base).then(
      () => true,
      (error: unknown) => {
        if (attempt >= 2) throw error;
        console.warn(`[chromium driver] ${String(error)}: launching Chromium again with a fresh profile`);
        return false;
      },
    );
    if (ready) launched = { context, userDataDir };
    else {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    }
  }
  const { context, userDataDir } = launched;
  const logs: string[] = [];
  const watchWorker = (w: Worker) => w.on('console', (m) => logs.push(`[worker] ${m.text()}`));
  context.on('serviceworker', watchWorker);
  context.on('page', (p) => p.on('console', (m) => logs.push(`[page ${p.url()}] ${m.text()}`)));

  // Its console, for a failing test's report, as far as Playwright reports the worker.
  for (const w of context.serviceWorkers()) watchWorker(w);

  const pages = new WeakMap<ExtPage, Page>();
  function wrap(page: Page): ExtPage {
    const ext: ExtPage = {
      url: () => page.url(),
      fill: (label, value) => page.getByLabel(label, { exact: true }).fill(value),
      check: (label, on = true) => page.getByLabel(label, { exact: true }).setChecked(on),
      click: (name) => page.getByRole('button', { name, exact: true }).or(page.getByRole('link', { name, exact: true })).first().click(),
      press: (key) => page.keyboard.press(key),
      text: () => page.locator('body').innerText(),
      waitForText: async (text, timeoutMs = 10_000) => {
        await page.getByText(text).first().waitFor({ timeout: timeoutMs });
      },
      alertText: async () => ((await page.getByRole('alert').count()) ? page.getByRole('alert').first().innerText() : null),
      buttons: () => page.getByRole('button').allInnerTexts().then((t) => t.map((s) => s.trim())),
      screenshot: async (path) => {
        await page.screenshot({ path });
      },
      evaluate: (fn, arg) => page.evaluate(fn as any, arg) as any,
      close: () => page.close(),
    };
    pages.set(ext, page);
    return ext;
  }

  let helper: Page | undefined;
  async function helperPage(): Promise<Page> {
    if (!helper || helper.isClosed()) {
      helper = await context.newPage();
      await helper.goto(`${base}/options.html`);
    }
    return helper;
  }

  async function openExtension(path: string): Promise<ExtPage> {
    const page = await context.newPage();
    await page.goto(`${base}/${path}`);
    return wrap(page);
  }

  return {
    browser: 'chromium',
    extensionBase: base,
    logs,
    context,
    raw: (p) => pages.get(p)!,
    async worker() {
      return context.serviceWorkers().find((w) => w.url().startsWith(base)) ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
    },
    async openPage(url) {
      const page = await context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async tabIdFor(url) {
      const page = await helperPage();
      // Without host permission for a site the extension cannot match its tabs by URL; the newest tab whose
      // URL it cannot see is then the one the test just opened (Chromium's tab ids only grow).
      const ids = await page.evaluate(async (u) => {
        const byUrl = await chrome.tabs.query({ url: u });
        if (byUrl.length) return byUrl.map((t: { id: number }) => t.id);
        const hidden = (await chrome.tabs.query({})).filter((t: { url?: string }) => !t.url);
        return hidden.map((t: { id: number }) => t.id).sort((a: number, b: number) => b - a).slice(0, 1);
      }, url);
      if (ids[0] === undefined) throw new Error(`no tab with url ${url}`);
      return ids[0];
    },
    openPopup: (target) => openExtension(popupPath(target)),
    openOptions: () => openExtension('options.html'),
    openPanel: (target) => openExtension(popupPath(target, 'panel.html')),
    activate: (page) => pages.get(page)!.bringToFront(),
    async message(request) {
      const page = await helperPage();
      return page.evaluate((r) => chrome.runtime.sendMessage(r), request);
    },
    async stopBackground() {
      // MV3 stops idle workers; a debugger keeps ours alive, so tests stop it explicitly (TESTING.md).
      const page = await helperPage();
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
}

declare const chrome: any;
