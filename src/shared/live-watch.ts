// The browser events behind a live view, heard in the page itself: the listeners live and die with it, so a
// closed panel costs nothing and a stopped worker misses nothing (the next look starts it). There is no timer:
// only a session cookie change of the shown tab, the tab's move to another origin, or (follow mode) another
// active tab in the panel's window makes the view look again.
import { coalesce } from './live-coalesce';
import { originOf, parseCookieChange, touchesSession, type Watched } from './live-filter';
import type { Live, LiveTarget, TabInfo } from './live';
import { liveHooks, type LiveHooks } from './live-look';

/** How long a burst of events may last and still be one look (an overwrite's two halves, a sign-in's redirects). */
export const QUIET_MS = 25;

interface Event<A extends unknown[]> {
  addListener(fn: (...args: A) => void): void;
  removeListener(fn: (...args: A) => void): void;
}

/** The part of the extension API read here (Chrome and Firefox pages alike). */
export interface LiveApi {
  cookies: {
    onChanged: Event<[unknown]>;
    getAllCookieStores(): Promise<unknown[]>;
  };
  tabs: {
    get(tabId: number): Promise<unknown>;
    query(query: { active: true; windowId: number }): Promise<unknown[]>;
    onActivated: Event<[unknown]>;
    onUpdated: Event<[number, unknown, unknown]>;
  };
}

export interface Follow {
  /** The panel's own window: activations elsewhere are another panel's business. */
  windowId: number;
  /** The panel's own tab when it was opened as a page, which it never inspects. */
  selfTabId?: number | undefined;
}

interface TabFacts {
  url?: string;
  status?: string;
  title?: string;
  incognito?: boolean;
  cookieStoreId?: string;
}

/** A tab as the browser reports it, reduced to the fields used here. */
export function parseTab(raw: unknown): TabFacts {
  if (typeof raw !== 'object' || raw === null) return {};
  const { url, status, title, incognito, cookieStoreId } = raw as Record<string, unknown>;
  const facts: TabFacts = {};
  if (typeof url === 'string') facts.url = url;
  if (typeof status === 'string') facts.status = status;
  if (typeof title === 'string') facts.title = title;
  if (typeof incognito === 'boolean') facts.incognito = incognito;
  if (typeof cookieStoreId === 'string') facts.cookieStoreId = cookieStoreId;
  return facts;
}

/** tabs.onActivated's activeInfo, or undefined. */
export function parseActivated(raw: unknown): { tabId: number; windowId: number } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { tabId, windowId } = raw as Record<string, unknown>;
  return typeof tabId === 'number' && typeof windowId === 'number' ? { tabId, windowId } : undefined;
}

/**
 * The tab's cookie store: Firefox names it on the tab; in Chrome only an incognito tab has another store than
 * the main one, found among the stores' tab lists.
 */
async function storeOf(api: LiveApi, tabId: number, tab: TabFacts): Promise<string | undefined> {
  if (tab.cookieStoreId) return tab.cookieStoreId;
  if (!tab.incognito) return undefined;
  const stores = await api.cookies.getAllCookieStores().catch(() => []);
  for (const s of stores) {
    const { id, tabIds } = (s ?? {}) as { id?: unknown; tabIds?: unknown };
    if (typeof id === 'string' && Array.isArray(tabIds) && tabIds.includes(tabId)) return id;
  }
  return undefined;
}

const hostOf = (origin: string | undefined): string | undefined => (origin === undefined ? undefined : new URL(origin).hostname);

function info(tabId: number, tab: TabFacts, origin: string | undefined): TabInfo {
  const out: TabInfo = { tabId };
  if (tab.title) out.title = tab.title;
  if (origin) out.origin = origin;
  return out;
}

/**
 * Watches what may change `target`'s session; with `follow`, also which tab is active in the panel's window,
 * moving itself to that tab (learning its URL and store first, so a navigation right after is not missed), and
 * at once to `start` when given and not the target.
 */
export function watch(api: LiveApi, target: LiveTarget, hooks: LiveHooks, follow?: Follow, start?: number, quietMs = QUIET_MS): () => void {
  const looks = coalesce(() => hooks.changed(), quietMs);
  let tabId = target.tabId;
  let origin = target.org === undefined ? undefined : originOf(target.org);
  let watched: Watched = { host: hostOf(origin) };
  /** The tab was still loading when first read: the view may predate its URL, so look once when it is done. */
  let lookWhenLoaded = false;
  let stopped = false;

  /** Reads the tab (URL, title, store) into the watch; false when it has moved on to another tab meanwhile. */
  const learn = async (id: number): Promise<boolean> => {
    const tab = parseTab(await api.tabs.get(id));
    const storeId = await storeOf(api, id, tab);
    if (stopped || id !== tabId) return false;
    origin = originOf(tab.url);
    watched = { host: hostOf(origin), storeId };
    lookWhenLoaded = tab.status === 'loading';
    hooks.tab(info(id, tab, origin));
    return true;
  };
  if (tabId !== undefined && (start === undefined || start === tabId)) void learn(tabId).catch(() => undefined);

  const onCookie = (raw: unknown) => {
    const change = parseCookieChange(raw);
    if (change && touchesSession(change, watched)) looks.poke();
  };
  const onUpdated = (id: number, change: unknown, raw: unknown) => {
    if (id !== tabId) return;
    const tab = parseTab(raw);
    const next = originOf(tab.url);
    hooks.tab(info(id, tab, next));
    const loaded = lookWhenLoaded && (change as { status?: unknown } | null)?.status === 'complete';
    if (loaded) lookWhenLoaded = false;
    // Another origin may be another org (or none): the worker says which. Within one origin nothing changed.
    if (next === origin && !loaded) return;
    origin = next;
    watched = { ...watched, host: hostOf(next) };
    looks.poke();
  };
  const moveTo = (moved: number) => {
    tabId = moved;
    void learn(moved)
      .catch(() => true)
      .then((current) => {
        if (current) hooks.retarget({ tabId: moved });
      });
  };
  const onActivated = (raw: unknown) => {
    const active = parseActivated(raw);
    if (!follow || !active || active.windowId !== follow.windowId) return;
    if (active.tabId !== follow.selfTabId && active.tabId !== tabId) moveTo(active.tabId);
  };
  if (start !== undefined && start !== tabId) moveTo(start);

  api.cookies.onChanged.addListener(onCookie);
  api.tabs.onUpdated.addListener(onUpdated);
  if (follow) {
    api.tabs.onActivated.addListener(onActivated);
    // A tab activated before the listener was there (while the panel was placing itself) is found this way.
    void api.tabs
      .query({ active: true, windowId: follow.windowId })
      .then(([active]) => {
        const id = (active as { id?: unknown } | undefined)?.id;
        if (!stopped && typeof id === 'number' && id !== follow.selfTabId && id !== tabId) moveTo(id);
      })
      .catch(() => undefined);
  }
  return () => {
    stopped = true;
    looks.dispose();
    api.cookies.onChanged.removeListener(onCookie);
    api.tabs.onUpdated.removeListener(onUpdated);
    api.tabs.onActivated.removeListener(onActivated);
  };
}

/**
 * The Live of a page in this browser (what src/panel/page-live.ts hands the App). `start`: the tab a
 * following panel belongs on (src/panel/place.ts); its first view, of the window's active tab, may have been of
 * itself (panel.html opened as a tab), and then the first watch moves it there. Later watches (an org picked
 * from the list, ← This tab) stay where the user put them. `namesTab`: the view says which tab it shows (the
 * panel, pinned or not).
 */
export function browserLive(api: LiveApi, follow?: Follow, start?: number, namesTab = follow !== undefined): Live {
  let first = start;
  return (target, view) => {
    const s = first;
    first = undefined;
    return watch(api, target, liveHooks(view, target, namesTab), follow, s);
  };
}
