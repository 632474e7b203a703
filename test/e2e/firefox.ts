// The Firefox driver: headless Firefox ESR with the built extension installed as a temporary add-on, driven over
// WebDriver BiDi, and every hostname sent to the mock org through a loopback CONNECT proxy, so the extension
// talks to "https://dev-123456.okta.com" as in production. Recipe and its traps: shared/TESTING.md ("End to end
// in headless Firefox ESR").
//
// Why a raw BiDi client (./bidi) and not puppeteer-core: stopping the event page needs a command in a privileged
// (parent-process) context, which is a plain `browsingContext.getTree {"moz:scope": "chrome"}` here and is not
// exposed by puppeteer; BiDi's `browsingContext.navigate {wait: 'complete'}` returns for moz-extension:// pages,
// where puppeteer's `page.goto` never resolves; and it adds no dependency (undici's WebSocket).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { BidiConnection, BidiError } from './bidi';
import { startConnectProxy, type ProxyLogEntry } from './connect-proxy';
import { popupPath, type ExtPage, type ExtensionDriver } from './driver';
import { pageAction, type ActionResult, type PageAction } from './page-actions';

/** Fixed through `extensions.webextensions.uuids`, so `extensionBase` is known before the add-on is installed. */
export const FIREFOX_EXTENSION_UUID = '3f6b0c2e-5a7d-4e41-9b8c-0d2e6f1a7c55';
const DEFAULT_GECKO_ID = 'okta-session-inspector@session-inspector.dev';
const VIEWPORT = { width: 400, height: 640 }; // the popup's size, as in the Chromium driver
const POLL_MS = 50;
/** Two animation frames (a paint in between), or 200 ms where frames do not come (a tab in the background). */
const SETTLE = '() => new Promise((done) => { requestAnimationFrame(() => requestAnimationFrame(done)); setTimeout(done, 200); })';
/** How long a click may take to reach the page after its input actions complete before it counts as lost. */
const CLICK_ARRIVAL_MS = 2_000;
/** esbuild's keepNames (tsx, some vitest setups) makes functions call `__name`, which the page lacks. */
const NAME_SHIM = 'const __name = (f) => f;';
const KEYS = { Escape: '\uE00C', Enter: '\uE007', Tab: '\uE004' } as const;

export interface LaunchFirefoxOptions {
  mockPort: number;
  /**
   * Accepted for symmetry with the Node helpers; not needed: the session's `acceptInsecureCerts` makes Firefox
   * accept the mock's self-signed certificate in pages and in the background alike (a cert_override.txt would
   * only cover the hostnames it lists, and custom-domain tests use arbitrary ones).
   */
  mockCert?: string;
  /** The built extension; default dist/firefox. */
  dist?: string;
  /** prefers-color-scheme of pages (extension pages included); default light, as the Chromium driver. */
  colorScheme?: 'light' | 'dark';
  /** Headed for `npm run start:firefox` on a desktop; tests are always headless. */
  headless?: boolean;
  /** Extra prefs for this run (e.g. `extensions.background.idle.timeout`), written after the defaults. */
  prefs?: Record<string, string | number | boolean>;
}

export interface FirefoxDriver extends ExtensionDriver {
  readonly bidi: BidiConnection;
  /** Every request Firefox sent through the proxy (host and port it asked for), in order. */
  readonly proxyLog: ProxyLogEntry[];
  readonly profileDir: string;
  /** The BiDi browsing-context id behind an ExtPage. */
  contextOf(page: ExtPage): string;
  /** The event page's state as Firefox tracks it: 'starting' | 'running' | 'suspending' | 'stopped'. */
  backgroundState(): Promise<string>;
  /** Runs `fn` in the browser's parent process (system privileges): for what no web or extension API reaches. */
  privileged<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /**
   * Waits for the extension's permission prompt (from `permissions.request`, a doorhanger in the browser window
   * that no page script can reach) and answers it as the user would: Allow or Don't allow. Returns its text.
   */
  answerPermissionPrompt(allow: boolean, timeoutMs?: number): Promise<string>;
  /** The profile's cookies for a domain (e.g. dev-123456.okta.com), values included: for tests to look for leaks. */
  cookies(domain: string): Promise<Array<{ name: string; value: string; domain: string; path: string; secure: boolean; httpOnly: boolean }>>;
  /**
   * Opens `url` in a new tab of a new container (a BiDi user context is a Firefox container: its own cookies,
   * `cookieStoreId` "firefox-container-<n>"), as a developer keeps two accounts apart.
   */
  openPageInContainer(url: string): Promise<ExtPage>;
  /** Resizes a page's viewport (default 400 x 640, as in the Chromium driver). */
  setViewport(page: ExtPage, size: { width: number; height: number }): Promise<void>;
  /** A PNG of the page: the viewport, or the whole document with `fullPage`. */
  screenshot(page: ExtPage, path: string, options?: { fullPage?: boolean }): Promise<void>;
  setCookie(cookie: { name: string; value: string; domain: string; path?: string; secure?: boolean; httpOnly?: boolean; sameSite?: 'none' | 'lax' | 'strict' }): Promise<void>;
}

export async function launchFirefox(opts: LaunchFirefoxOptions): Promise<FirefoxDriver> {
  const dist = resolve(opts.dist ?? 'dist/firefox');
  const geckoId = await geckoIdOf(dist);
  const executable = await firefoxPath();
  const base = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  const logs: string[] = [];

  const proxy = await startConnectProxy({ port: opts.mockPort });
  const profileDir = await mkdtemp(join(tmpdir(), 'osi-firefox-'));
  let firefox: ChildProcess | undefined;
  let bidi: BidiConnection | undefined;
  const killOnExit = () => firefox?.kill('SIGKILL');
  process.once('exit', killOnExit);

  async function cleanup(): Promise<void> {
    process.off('exit', killOnExit);
    if (bidi) {
      await bidi.send('browser.close', {}, 10_000).catch(() => undefined);
      bidi.close();
    }
    if (firefox && firefox.exitCode === null && firefox.signalCode === null) {
      const exited = new Promise((done) => firefox!.once('exit', done));
      const killed = setTimeout(() => firefox!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    }
    await proxy.close();
    await rm(profileDir, { recursive: true, force: true, maxRetries: 3 });
  }

  try {
    await writeFile(join(profileDir, 'user.js'), await userJs(geckoId, proxy.port, {
      // 0 dark, 1 light: what pages see as prefers-color-scheme, whatever the (absent) desktop theme says.
      'layout.css.prefers-color-scheme.content-override': opts.colorScheme === 'dark' ? 0 : 1,
      ...opts.prefs,
    }));
    firefox = spawn(executable, [...(opts.headless === false ? [] : ['--headless']), '--no-remote', '--remote-debugging-port=0', '--remote-allow-system-access', '--profile', profileDir], {
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1', MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    captureConsole(firefox, logs);
    const wsUrl = await bidiUrl(firefox);
    bidi = await BidiConnection.connect(`${wsUrl}/session`);
    await bidi.send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });
    await bidi.send('webExtension.install', { extensionData: { type: 'path', path: dist } });
  } catch (error) {
    await cleanup();
    throw error;
  }
  const session = bidi;

  // Where each tab is, for ExtPage.url(): from navigation events (web pages; Firefox sends none for extension
  // pages) and from every script call (extension pages included).
  const urls = new Map<string, string>();
  for (const event of ['browsingContext.load', 'browsingContext.fragmentNavigated', 'browsingContext.historyUpdated']) {
    session.on(event, ({ context, url }: { context: string; url: string }) => urls.set(context, url));
    await session.send('session.subscribe', { events: [event] }).catch(() => undefined);
  }

  /** Calls `fn(arg)` in a context's page realm; the value crosses as JSON. Also tracks the page's URL. */
  async function call<T>(context: string, fn: string, arg: unknown): Promise<T> {
    const result = await session.send('script.callFunction', {
      functionDeclaration: `async (input) => { ${NAME_SHIM} const value = await (${fn})(JSON.parse(input).arg); return JSON.stringify({ value, href: location.href }); }`,
      arguments: [{ type: 'string', value: JSON.stringify({ arg }) }],
      target: { context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`script in ${urls.get(context) ?? context} failed: ${result.exceptionDetails?.text ?? 'unknown error'}`);
    const { value, href } = JSON.parse(result.result.value) as { value: T; href: string };
    urls.set(context, href);
    return value;
  }

  /** Repeats a page action until it succeeds or `timeoutMs` passes (Playwright's auto-waiting, more or less). */
  async function until(context: string, action: PageAction, timeoutMs = 10_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let why: string;
      try {
        const r = await call<ActionResult>(context, pageAction.toString(), action);
        if (r.ok) return r.value;
        why = r.why;
      } catch (error) {
        why = (error as Error).message; // e.g. the page navigated mid-call; look again
      }
      if (Date.now() > deadline) throw new Error(`${action.op} on ${urls.get(context)}: ${why} (after ${timeoutMs} ms)`);
      await sleep(POLL_MS);
    }
  }

  async function clickByName(context: string, name: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await session.send('browsingContext.activate', { context }); // input goes to the tab in front
    for (let attempt = 0; ; attempt++) {
      const mark = `${name}#${attempt}`;
      const result = await session
        .send('script.callFunction', {
          functionDeclaration: `(input) => { ${NAME_SHIM} const r = (${pageAction.toString()})(JSON.parse(input)); return r instanceof Element ? r : JSON.stringify(r); }`,
          arguments: [{ type: 'string', value: JSON.stringify({ op: 'clickable', name, mark } satisfies PageAction) }],
          target: { context },
          awaitPromise: false,
        })
        .catch((error: Error) => ({ type: 'exception', exceptionDetails: { text: error.message } })); // navigating: look again
      let why = result.type === 'exception' ? String(result.exceptionDetails?.text) : '';
      if (result.type === 'success' && result.result.type === 'node') {
        // Input is hit-tested against what was last painted: let a scroll into view reach the screen first.
        await call(context, SETTLE, undefined).catch(() => undefined);
        // Real pointer input, as a user clicks: focus moves to the button, what covers it gets the click, and
        // it is a user gesture (permissions.request needs one).
        const clicked = session.send('input.performActions', {
          context,
          actions: [
            {
              type: 'pointer',
              id: 'mouse',
              parameters: { pointerType: 'mouse' },
              actions: [
                { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId: result.result.sharedId } } },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ],
        });
        try {
          await clicked;
          if (await clickArrived(context, mark)) return;
          // Under load, CI once saw a Save click submit nothing (form filled, idle, no error): most likely the
          // click landed on a layout not yet painted. No click event on it means no handler ran: click again.
          why = 'the click did not reach the page';
          console.warn(`firefox driver: a click on "${name}" was lost; clicking again`);
        } catch (error) {
          // A re-render moved or replaced it between finding and clicking: find it afresh.
          if (!(error instanceof BidiError && ['move target out of bounds', 'no such node'].includes(error.error))) throw error;
          why = error.message;
        }
      }
      if (result.type === 'success' && result.result.type === 'string') why = (JSON.parse(result.result.value) as { why: string }).why;
      if (Date.now() > deadline) throw new Error(`click on ${urls.get(context)}: ${why} (after ${timeoutMs} ms)`);
      await sleep(POLL_MS);
    }
  }

  /** Whether the click marked `mark` reached its element; a page that closed or navigated counts as reached. */
  async function clickArrived(context: string, mark: string): Promise<boolean> {
    const deadline = Date.now() + CLICK_ARRIVAL_MS;
    for (;;) {
      const seen = await call<ActionResult>(context, pageAction.toString(), { op: 'clicked', mark }).then(
        (r) => (r.ok ? r.value : 'no'),
        () => 'gone', // the click closed the page (the popup's window.close()) or is navigating it
      );
      if (seen !== 'no') return true;
      if (Date.now() > deadline) return false;
      await sleep(POLL_MS);
    }
  }

  const contexts = new WeakMap<ExtPage, string>();
  function wrap(context: string): ExtPage {
    const page: ExtPage = {
      url: () => urls.get(context) ?? 'about:blank',
      fill: async (label, value) => void (await until(context, { op: 'fill', label, value })),
      check: async (label, on = true) => void (await until(context, { op: 'check', label, on })),
      click: (name) => clickByName(context, name),
      press: async (key) => {
        await session.send('browsingContext.activate', { context });
        await session.send('input.performActions', {
          context,
          actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: KEYS[key] }, { type: 'keyUp', value: KEYS[key] }] }],
        });
      },
      text: async () => (await until(context, { op: 'text' })) as string,
      waitForText: async (text, timeoutMs = 10_000) => {
        const action: PageAction = typeof text === 'string' ? { op: 'hasText', text } : { op: 'hasText', regex: { source: text.source, flags: text.flags } };
        try {
          await until(context, action, timeoutMs);
        } catch (error) {
          const shown = await until(context, { op: 'text' }, 0).catch(() => '(unreadable)');
          // A page waiting on the worker looks like one that never got the click, except for its busy controls.
          const busy = await call<string[]>(
            context,
            '() => Array.from(document.querySelectorAll("[aria-disabled=true], [aria-busy=true], :disabled"), (e) => e.textContent.trim() || e.localName)',
            undefined,
          ).catch(() => ['(unreadable)']);
          throw new Error(
            `waitForText(${String(text)}): ${(error as Error).message}; disabled or busy: ${busy.join(', ') || 'nothing'}; the page says: ${tail(String(shown), 1500)}`,
          );
        }
      },
      alertText: async () => (await until(context, { op: 'alert' })) as string | null,
      buttons: async () => (await until(context, { op: 'buttons' })) as string[],
      screenshot: async (path) => {
        const { data } = await session.send<{ data: string }>('browsingContext.captureScreenshot', { context });
        await writeFile(path, Buffer.from(data, 'base64'));
      },
      evaluate: (fn, arg) => call(context, fn.toString(), arg),
      close: async () => {
        // A page may have closed itself (window.close()); closing it again is not an error.
        await session.send('browsingContext.close', { context }).catch((error: unknown) => {
          if (!(error instanceof BidiError && error.error === 'no such frame')) throw error;
        });
      },
    };
    contexts.set(page, context);
    return page;
  }

  /** A new tab (in front, as a user's new tab is) at `url`, once loaded. */
  async function openTab(url: string, background = false, userContext?: string): Promise<string> {
    const { context } = await session.send<{ context: string }>('browsingContext.create', {
      type: 'tab',
      background,
      ...(userContext ? { userContext } : {}),
    });
    await session.send('browsingContext.setViewport', { context, viewport: VIEWPORT });
    // For moz-extension:// pages too, `wait: 'complete'` returns once loaded (unlike puppeteer's goto).
    const { url: landed } = await session.send<{ url: string }>('browsingContext.navigate', { context, url, wait: 'complete' });
    urls.set(context, landed);
    return context;
  }

  // One extension page kept open (behind the others) to send messages and query tabs from, as the popup would.
  let helper: string | undefined;
  async function helperContext(): Promise<string> {
    if (helper) {
      const { contexts: alive } = await session.send<{ contexts: unknown[] }>('browsingContext.getTree', { root: helper, maxDepth: 0 }).catch(() => ({ contexts: [] }));
      if (alive.length) return helper;
    }
    helper = await openTab(`${base}/options.html`, true);
    return helper;
  }

  async function privileged<T, A>(fn: ((arg: A) => T | Promise<T>) | string, arg: A): Promise<T> {
    const { contexts: windows } = await session.send<{ contexts: { context: string; url: string }[] }>('browsingContext.getTree', {
      'moz:scope': 'chrome',
      maxDepth: 0,
    });
    const browserWindow = windows.find((w) => w.url === 'chrome://browser/content/browser.xhtml') ?? windows[0];
    if (!browserWindow) throw new Error('no Firefox window to run privileged code in');
    return call<T>(browserWindow.context, fn.toString(), arg);
  }

  const backgroundState = () =>
    privileged((id: string) => {
      const state = WebExtensionPolicy.getByID(id)?.extension?.backgroundState;
      return state ?? 'no such extension';
    }, geckoId);

  const openExtension = async (path: string) => wrap(await openTab(`${base}/${path}`));

  let closed: Promise<void> | undefined;
  return {
    browser: 'firefox',
    extensionBase: base,
    logs,
    bidi: session,
    proxyLog: proxy.log,
    profileDir,
    contextOf: (page) => contexts.get(page)!,
    backgroundState,
    privileged,
    async answerPermissionPrompt(allow, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answered = await privileged((yes: boolean) => {
          const win = globalThis as any;
          for (const tab of win.gBrowser.browsers) {
            const prompt = win.PopupNotifications.getNotification('addon-webext-permissions', tab);
            if (!prompt) continue;
            const text = String(prompt.message ?? '').replace('<>', String(prompt.options?.name ?? '')); // "<>" marks the add-on's name
            (yes ? prompt.mainAction : prompt.secondaryActions[0]).callback();
            prompt.remove();
            return text;
          }
          return null;
        }, allow);
        if (answered !== null) return answered;
        if (Date.now() > deadline) throw new Error(`no permission prompt within ${timeoutMs} ms`);
        await sleep(POLL_MS);
      }
    },
    async cookies(domain) {
      const { cookies } = await session.send<{ cookies: any[] }>('storage.getCookies', { filter: { domain } });
      return cookies.map((c) => ({ name: c.name, value: c.value.value, domain: c.domain, path: c.path, secure: c.secure, httpOnly: c.httpOnly }));
    },
    async setViewport(page, size) {
      await session.send('browsingContext.setViewport', { context: contexts.get(page)!, viewport: size });
    },
    async screenshot(page, path, options = {}) {
      const { data } = await session.send<{ data: string }>('browsingContext.captureScreenshot', {
        context: contexts.get(page)!,
        origin: options.fullPage ? 'document' : 'viewport',
      });
      await writeFile(path, Buffer.from(data, 'base64'));
    },
    async setCookie(c) {
      await session.send('storage.setCookie', {
        cookie: {
          name: c.name,
          value: { type: 'string', value: c.value },
          domain: c.domain,
          path: c.path ?? '/',
          secure: c.secure ?? true,
          httpOnly: c.httpOnly ?? true,
          sameSite: c.sameSite ?? 'none',
        },
      });
    },
    openPage: async (url) => wrap(await openTab(url)),
    async openPageInContainer(url) {
      const { userContext } = await session.send<{ userContext: string }>('browser.createUserContext', {});
      return wrap(await openTab(url, false, userContext));
    },
    async tabIdFor(url) {
      const ids = await call<number[]>(
        await helperContext(),
        (async (u: string) => (await browser.tabs.query({ url: u })).map((t: { id: number }) => t.id)).toString(),
        url,
      );
      if (ids[0] === undefined) throw new Error(`no tab with url ${url}`);
      return ids[0];
    },
    openPopup: (target) => openExtension(popupPath(target)),
    openOptions: () => openExtension('options.html'),
    openPanel: (target) => openExtension(popupPath(target, 'panel.html')),
    async activate(page) {
      await session.send('browsingContext.activate', { context: contexts.get(page)! });
    },
    async message(request) {
      return call(await helperContext(), ((r: unknown) => browser.runtime.sendMessage(r)).toString(), request);
    },
    async stopBackground() {
      // Firefox runs background.scripts as an event page; it unloads one after `extensions.background.idle.timeout`
      // (30 s) without events. This does now what that timer would do: from the parent process, the same
      // `extension.terminateBackground()` that the idle timer and about:debugging's "Terminate Background Script"
      // call (ignoreDevToolsAttached as about:debugging does; disableResetIdleForTest so a listener still pending
      // cannot postpone it, as Chromium's stopAllWorkers does not wait either). It runs runtime.onSuspend, unloads
      // the background document and re-primes its persistent listeners; the next runtime message starts a fresh
      // background page, with fresh module state.
      const state = await privileged(async (id: string) => {
        const extension = WebExtensionPolicy.getByID(id)?.extension;
        if (!extension) return 'no such extension';
        await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
        return extension.backgroundState as string;
      }, geckoId);
      if (state !== 'stopped') throw new Error(`the background did not stop (state: ${state})`);
    },
    close() {
      closed ??= cleanup();
      return closed;
    },
  };
}

/** Prefs: offline (no updates, telemetry, remote settings...), the fixed extension UUID, and the proxy. */
async function userJs(geckoId: string, proxyPort: number, extra: Record<string, string | number | boolean>): Promise<string> {
  const offline = JSON.parse(await readFile(fileURLToPath(new URL('./firefox-offline-prefs.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
  const prefs: Record<string, unknown> = {
    ...offline,
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_EXTENSION_UUID }),
    'extensions.originControls.grantByDefault': true,
    // Every request, whatever its host (loopback names included), goes through the proxy to the mock, and
    // nowhere else if the proxy fails.
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.failover_direct': false,
    'network.http.http3.enable': false,
    // Nimbus rollouts would still ask remote settings (refused on loopback) and print an error on every run.
    'nimbus.rollouts.enabled': false,
    // console.* of extension pages and the background printed on stdout, where `logs` collects them: BiDi's log
    // events skip extension contexts (Firefox does not expose them to WebDriver yet).
    'devtools.console.stdout.content': true,
    // ...and uncaught errors of every context on stderr.
    'browser.dom.window.dump.enabled': true,
    'browser.aboutConfig.showWarning': false,
    ...extra,
  };
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n');
}

async function geckoIdOf(dist: string): Promise<string> {
  let manifest: { browser_specific_settings?: { gecko?: { id?: string } } };
  try {
    manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8'));
  } catch (error) {
    throw new Error(`no built Firefox extension at ${dist} (run \`npm run build\`): ${(error as Error).message}`);
  }
  return manifest.browser_specific_settings?.gecko?.id ?? DEFAULT_GECKO_ID;
}

async function firefoxPath(): Promise<string> {
  const mod = (await import(new URL('../../scripts/ensure-browser.mjs', import.meta.url).href)) as { ensureFirefox: () => string };
  return mod.ensureFirefox();
}

/** Firefox prints `WebDriver BiDi listening on ws://127.0.0.1:<port>` on stderr once the remote agent is up. */
function bidiUrl(firefox: ChildProcess, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stderr = '';
    const fail = (why: string) => {
      cleanupListeners();
      reject(new Error(`Firefox did not start its WebDriver BiDi server: ${why}\n${stderr.slice(-2000)}`));
    };
    const onData = (chunk: Buffer | string) => {
      stderr += chunk.toString();
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) {
        cleanupListeners();
        resolvePromise(m[1]!);
      }
    };
    const onExit = (code: number | null, signal: string | null) => fail(`it exited (${signal ?? code})`);
    const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
    const cleanupListeners = () => {
      clearTimeout(timer);
      firefox.stderr!.off('data', onData);
      firefox.off('exit', onExit);
    };
    firefox.stderr!.on('data', onData);
    firefox.once('exit', onExit);
    firefox.once('error', (e) => fail(e.message));
  });
}

/**
 * Collects what the extension's contexts (pages and the background alike) print: `console.*` calls, which
 * Firefox writes on stdout as `console.log: "a" "b"` (continuation lines unprefixed), and uncaught errors and
 * unhandled rejections, written on stderr as `JavaScript error: <url>, line N: <message>`. Everything else on
 * those streams (the remote agent's own log, graphics warnings, Firefox's internal modules) is left out.
 */
function captureConsole(firefox: ChildProcess, logs: string[]): void {
  let inConsole = false;
  const other = /^(\d{10,}\t|\[[A-Z][\w ]*\d*[,\]]|Crash Annotation|\*\*\*|JavaScript (error|warning)|ATTENTION|Exiting due to)/;
  const endConsoleEntry = () => {
    if (inConsole && logs.length && isFirefoxInternal(logs[logs.length - 1]!)) logs.pop();
    inConsole = false;
  };
  eachLine(firefox.stdout!, (line) => {
    if (inConsole && line && !other.test(line) && !CONSOLE_START.test(line)) {
      logs[logs.length - 1] += `\n${line}`;
      return;
    }
    endConsoleEntry();
    if (CONSOLE_START.test(line)) {
      logs.push(`[firefox] ${line}`);
      inConsole = true;
    }
  });
  firefox.stdout!.on('end', endConsoleEntry);
  eachLine(firefox.stderr!, (line) => {
    if (/^JavaScript (error|warning): /.test(line) && !isFirefoxInternal(line)) logs.push(`[firefox] ${line}`);
  });
}

function eachLine(stream: Readable, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
  });
}

const CONSOLE_START = /^console\.(log|info|warn|error|debug|trace|assert|dir|table|timeEnd|count)\b[^:]*: /;
/** Firefox's own modules (remote settings failing offline, as it should) log through the same channel. */
const isFirefoxInternal = (entry: string) => /(resource|chrome):\/\//.test(entry) && !entry.includes('moz-extension://');

/** The end of a long text: where a page's status line and errors are, below its fixed introduction. */
function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Globals of the contexts these functions run in (an extension page; Firefox's parent process).
declare const browser: any;
declare const WebExtensionPolicy: { getByID(id: string): { extension?: any } | null };
