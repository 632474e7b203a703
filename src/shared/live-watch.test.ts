// The watch against a stand-in for the browser's events: each test fires what the browser would, in its order.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LiveView, TabInfo } from './live';
import type { LiveHooks } from './live-look';
import { browserLive, parseActivated, parseTab, watch, type LiveApi } from './live-watch';

class Ev<A extends unknown[]> {
  readonly listeners = new Set<(...args: A) => void>();
  addListener(fn: (...args: A) => void) {
    this.listeners.add(fn);
  }
  removeListener(fn: (...args: A) => void) {
    this.listeners.delete(fn);
  }
  fire(...args: A) {
    for (const fn of this.listeners) fn(...args);
  }
}

const DEMO = 'https://dev-123456.okta.com';

function fakeBrowser(tabs: Record<number, Record<string, unknown>>, stores: unknown[] = []) {
  const api = {
    cookies: { onChanged: new Ev<[unknown]>(), getAllCookieStores: async () => stores },
    tabs: {
      get: async (id: number) => {
        if (!tabs[id]) throw new Error('no tab');
        return tabs[id];
      },
      query: async (q: { active: true; windowId: number }) => Object.entries(tabs).filter(([, t]) => t.active === true && (t.windowId ?? 1) === q.windowId).map(([id, t]) => ({ ...t, id: Number(id) })),
      onActivated: new Ev<[unknown]>(),
      onUpdated: new Ev<[number, unknown, unknown]>(),
    },
  };
  return api satisfies LiveApi;
}

function recorder() {
  const shown: TabInfo[] = [];
  const retargets: number[] = [];
  const hooks: LiveHooks & { changed: ReturnType<typeof vi.fn> } = {
    changed: vi.fn(async () => undefined),
    retarget: async (t) => void retargets.push(t.tabId),
    tab: (info) => void shown.push(info),
  };
  return { hooks, shown, retargets };
}

const sid = (over: Record<string, unknown> = {}) => ({
  removed: false,
  cause: 'explicit',
  cookie: { name: 'sid', value: 'v', domain: 'dev-123456.okta.com', storeId: '0', ...over },
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('watch: one tab', () => {
  it('says which tab it shows, and looks again once per burst of the tab’s session cookie changes', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/app/UserHome`, title: 'Home', status: 'complete' } });
    const { hooks, shown } = recorder();
    watch(browser, { tabId: 7 }, hooks);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([{ tabId: 7, title: 'Home', origin: DEMO }]);

    // An overwrite: its removal half, then the set, then a server's second Set-Cookie.
    browser.cookies.onChanged.fire({ ...sid(), removed: true, cause: 'overwrite' });
    browser.cookies.onChanged.fire(sid());
    browser.cookies.onChanged.fire(sid());
    await vi.advanceTimersByTimeAsync(100);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('does nothing for other cookies, hosts and stores, nor with time passing', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/`, status: 'complete' } });
    const { hooks } = recorder();
    watch(browser, { tabId: 7 }, hooks);
    await vi.advanceTimersByTimeAsync(0);
    browser.cookies.onChanged.fire(sid({ name: 'DT' }));
    browser.cookies.onChanged.fire(sid({ domain: 'acme.okta.com' }));
    browser.cookies.onChanged.fire(sid({ storeId: '1' }));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(hooks.changed).not.toHaveBeenCalled();
  });

  it('looks again when the tab moves to another origin, not for a navigation within one', async () => {
    const browser = fakeBrowser({ 7: { url: 'https://app.example.com/', status: 'complete' } });
    const { hooks, shown } = recorder();
    watch(browser, { tabId: 7 }, hooks);
    await vi.advanceTimersByTimeAsync(0);
    browser.tabs.onUpdated.fire(7, { url: `${DEMO}/login/login.htm` }, { url: `${DEMO}/login/login.htm`, status: 'loading' });
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
    browser.tabs.onUpdated.fire(7, { url: `${DEMO}/app/UserHome` }, { url: `${DEMO}/app/UserHome`, title: 'Home' });
    browser.tabs.onUpdated.fire(8, { url: 'https://other.example/' }, { url: 'https://other.example/' });
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
    expect(shown.at(-1)).toEqual({ tabId: 7, title: 'Home', origin: DEMO });
    // Back to the app, whose URL the page may not see: another origin (none) all the same.
    browser.tabs.onUpdated.fire(7, { status: 'loading' }, { status: 'loading' });
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(2);
  });

  it('hears cookie changes of the new origin after a move, no longer the old', async () => {
    const browser = fakeBrowser({ 7: { url: 'https://acme.okta.com/', status: 'complete' } });
    const { hooks } = recorder();
    watch(browser, { tabId: 7 }, hooks);
    await vi.advanceTimersByTimeAsync(0);
    browser.tabs.onUpdated.fire(7, {}, { url: `${DEMO}/` });
    await vi.advanceTimersByTimeAsync(50);
    hooks.changed.mockClear();
    browser.cookies.onChanged.fire(sid({ domain: 'acme.okta.com' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).not.toHaveBeenCalled();
    browser.cookies.onChanged.fire(sid());
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('looks once more when a tab that was loading at the start is done (its view may predate its URL)', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/`, status: 'loading' } });
    const { hooks } = recorder();
    watch(browser, { tabId: 7 }, hooks);
    await vi.advanceTimersByTimeAsync(0);
    browser.tabs.onUpdated.fire(7, { status: 'complete' }, { url: `${DEMO}/`, status: 'complete' });
    browser.tabs.onUpdated.fire(7, { status: 'complete' }, { url: `${DEMO}/`, status: 'complete' });
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('watches the cookie store of the tab: a Firefox container, a Chrome incognito tab', async () => {
    const firefox = fakeBrowser({ 7: { url: `${DEMO}/`, cookieStoreId: 'firefox-container-2', status: 'complete' } });
    const a = recorder();
    watch(firefox, { tabId: 7 }, a.hooks);
    await vi.advanceTimersByTimeAsync(0);
    firefox.cookies.onChanged.fire(sid({ storeId: 'firefox-default' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(a.hooks.changed).not.toHaveBeenCalled();
    firefox.cookies.onChanged.fire(sid({ storeId: 'firefox-container-2' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(a.hooks.changed).toHaveBeenCalledTimes(1);

    const chrome = fakeBrowser({ 9: { url: `${DEMO}/`, incognito: true, status: 'complete' } }, [
      { id: '0', tabIds: [1] },
      { id: '1', tabIds: [9] },
    ]);
    const b = recorder();
    watch(chrome, { tabId: 9 }, b.hooks);
    await vi.advanceTimersByTimeAsync(0);
    chrome.cookies.onChanged.fire(sid({ storeId: '0' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(b.hooks.changed).not.toHaveBeenCalled();
    chrome.cookies.onChanged.fire(sid({ storeId: '1' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(b.hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('an org target watches the org’s own host', async () => {
    const browser = fakeBrowser({});
    const { hooks } = recorder();
    watch(browser, { org: DEMO }, hooks);
    browser.cookies.onChanged.fire(sid());
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('stops hearing anything once stopped: no listener is left behind', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/` } });
    const { hooks } = recorder();
    const stop = watch(browser, { tabId: 7 }, hooks, { windowId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    browser.cookies.onChanged.fire(sid());
    stop();
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).not.toHaveBeenCalled();
    expect(browser.cookies.onChanged.listeners.size + browser.tabs.onUpdated.listeners.size + browser.tabs.onActivated.listeners.size).toBe(0);
  });
});

describe('watch: following the window’s active tab', () => {
  it('moves to a tab activated in its own window, learning it first, and ignores other windows and itself', async () => {
    const browser = fakeBrowser({
      7: { url: `${DEMO}/`, status: 'complete' },
      8: { url: 'https://acme.okta.com/', title: 'Acme', status: 'complete' },
      9: { url: `${DEMO}/`, status: 'complete' },
    });
    const { hooks, shown, retargets } = recorder();
    watch(browser, { tabId: 7 }, hooks, { windowId: 1, selfTabId: 3 });
    await vi.advanceTimersByTimeAsync(0);
    browser.tabs.onActivated.fire({ tabId: 9, windowId: 2 });
    browser.tabs.onActivated.fire({ tabId: 3, windowId: 1 });
    browser.tabs.onActivated.fire({ tabId: 7, windowId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([]);

    browser.tabs.onActivated.fire({ tabId: 8, windowId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([8]);
    expect(shown.at(-1)).toEqual({ tabId: 8, title: 'Acme', origin: 'https://acme.okta.com' });

    // Now it is tab 8's cookies and navigations that count.
    browser.cookies.onChanged.fire(sid());
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).not.toHaveBeenCalled();
    browser.cookies.onChanged.fire(sid({ domain: 'acme.okta.com' }));
    await vi.advanceTimersByTimeAsync(50);
    expect(hooks.changed).toHaveBeenCalledTimes(1);
  });

  it('moves at once to the tab it belongs on when its first view was of another (panel.html opened as a tab)', async () => {
    const browser = fakeBrowser({ 3: { url: 'chrome-extension://id/panel.html' }, 8: { url: `${DEMO}/`, status: 'complete' } });
    const retargets: number[] = [];
    const view: LiveView = {
      send: (async () => ({ ok: true, view: null })) as LiveView['send'],
      pending: () => undefined,
      begin: () => () => true,
      show: () => undefined,
      load: async () => undefined,
      move: (t) => void retargets.push(t.tabId!),
      tab: () => undefined,
      current: () => null,
      announce: () => undefined,
    };
    const live = browserLive(browser, { windowId: 1, selfTabId: 3 }, 8);
    const stop = live({ tabId: 3 }, view);
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([8]);
    stop();
    // Only the first watch: a later one (an org picked from the list) stays where the user put it.
    live({ org: DEMO }, view);
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([8]);
  });

  it('finds a tab activated before its listener was there (while the panel placed itself)', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/` }, 8: { url: `${DEMO}/`, active: true } });
    const { hooks, retargets } = recorder();
    watch(browser, { tabId: 7 }, hooks, { windowId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([8]);
  });

  it('after quick switches, ends on the last tab', async () => {
    const browser = fakeBrowser({ 7: { url: `${DEMO}/` }, 8: { url: `${DEMO}/` }, 9: { url: `${DEMO}/` } });
    const { hooks, retargets } = recorder();
    watch(browser, { tabId: 7 }, hooks, { windowId: 1 });
    browser.tabs.onActivated.fire({ tabId: 8, windowId: 1 });
    browser.tabs.onActivated.fire({ tabId: 9, windowId: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(retargets).toEqual([9]);
  });
});

describe('parsers', () => {
  it('read only well-typed fields', () => {
    expect(parseTab({ url: 1, title: 'T', incognito: 'no', cookieStoreId: 'firefox-private', status: 'complete' })).toEqual({
      title: 'T',
      cookieStoreId: 'firefox-private',
      status: 'complete',
    });
    expect(parseTab(null)).toEqual({});
    expect(parseActivated({ tabId: 1, windowId: 2 })).toEqual({ tabId: 1, windowId: 2 });
    expect(parseActivated({ tabId: '1', windowId: 2 })).toBeUndefined();
  });
});
