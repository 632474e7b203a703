// In-memory stand-ins for the browser parts of WorkerDeps, for tests. Okta itself is never faked: tests pass
// a real fetch that reaches the HTTPS mock org (useMockOrg).
import { afterAll, beforeAll } from 'vitest';
import { startMockOrg, type MockOrg, type MockOrgOptions } from '../../test/mock-org/server';
import { orgFetch } from '../../test/support/org-fetch';
import type { CookieReader, SetCookieDetails, StorageArea, TabReader, WorkerDeps } from './deps';
import { handleMessage, type Reply, type SenderLike } from './router';

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
export const POPUP_SENDER: SenderLike = { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}/popup.html?tab=1` };

/** Like browser storage, values are copied in and out: a caller cannot change what is stored by mutation. */
export class MemoryStorage implements StorageArea {
  readonly items = new Map<string, unknown>();
  async get(keys: string | string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const key of typeof keys === 'string' ? [keys] : keys) {
      if (this.items.has(key)) out[key] = structuredClone(this.items.get(key));
    }
    return out;
  }
  async set(items: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(items)) this.items.set(key, structuredClone(value));
  }
  async remove(keys: string | string[]): Promise<void> {
    for (const key of typeof keys === 'string' ? [keys] : keys) this.items.delete(key);
  }
  /** Everything stored, as text, for "this secret is nowhere in here" checks. */
  dump(): string {
    return JSON.stringify([...this.items]);
  }
}

/** The store `cookies.get` reads when not told one. */
const MAIN_STORE = 'main';

/**
 * Cookies by store and exact hostname, as `cookies.get` returns the cookie the browser would send to a URL's
 * host from one cookie store (the main one unless told another: a container's, a private window's).
 */
export class CookieJar implements CookieReader {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Hosts the extension has no permission for: `get` rejects, as the browser does. */
  readonly denied = new Set<string>();
  set(host: string, name: string, value: string, storeId = MAIN_STORE): void {
    const key = `${storeId}|${host}`;
    if (!this.jar.has(key)) this.jar.set(key, new Map());
    this.jar.get(key)!.set(name, value);
  }
  clear(host: string, storeId = MAIN_STORE): void {
    this.jar.delete(`${storeId}|${host}`);
  }
  /** What `cookies.set` was asked to write, in order (deps.setCookie). */
  readonly written: SetCookieDetails[] = [];
  /** `cookies.set`: rejects for denied hosts, as the browser does. */
  async write(details: SetCookieDetails): Promise<void> {
    const host = new URL(details.url).hostname;
    if (this.denied.has(host)) throw new Error(`No host permissions for cookies at url: "${details.url}".`);
    this.written.push({ ...details });
    this.set(host, details.name, details.value, details.storeId);
  }
  async get(details: { url: string; name: string; storeId?: string }): Promise<{ value: string } | null> {
    const host = new URL(details.url).hostname;
    if (this.denied.has(host)) throw new Error(`No host permissions for cookies at url: "${details.url}".`);
    const value = this.jar.get(`${details.storeId ?? MAIN_STORE}|${host}`)?.get(details.name);
    return value === undefined ? null : { value };
  }
  /** `cookies.getAll({url})`: host-only session cookies with the attributes Okta gives its session cookies. */
  async getAll(details: { url: string; storeId?: string }): Promise<unknown[]> {
    const host = new URL(details.url).hostname;
    if (this.denied.has(host)) throw new Error(`No host permissions for cookies at url: "${details.url}".`);
    const store = details.storeId ?? MAIN_STORE;
    return [...(this.jar.get(`${store}|${host}`) ?? [])].map(([name, value]) => ({
      name, value, domain: host, path: '/', hostOnly: true, httpOnly: true, secure: true, session: true, sameSite: 'no_restriction', storeId: store,
    }));
  }
  /** The Cookie header the browser's main store would send to `url`. */
  header(url: string): string | undefined {
    const pairs = [...(this.jar.get(`${MAIN_STORE}|${new URL(url).hostname}`) ?? [])].map(([n, v]) => `${n}=${v}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }
}

/**
 * The browser's part in a worker fetch: with `credentials: 'include'` it sends the main store's cookies for the
 * host (the /me calls), otherwise none. The request itself is real and reaches the mock org.
 */
export function withBrowserCookies(fetchFn: typeof fetch, jar: CookieJar): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const cookie = init?.credentials === 'include' ? jar.header(url) : undefined;
    if (!cookie) return fetchFn(input, init);
    const headers = new Headers(init?.headers);
    headers.set('Cookie', cookie);
    return fetchFn(input, { ...init, headers });
  };
}

type FakeTab = Awaited<ReturnType<TabReader['get']>>;

export class TabList implements TabReader {
  private readonly tabs = new Map<number, FakeTab>();
  private nextId = 1;
  /** `where`: a Firefox container or private tab names its store; a Chrome incognito tab says only incognito. */
  open(url: string | undefined, where: { incognito?: boolean; cookieStoreId?: string } = {}): number {
    const id = this.nextId++;
    this.tabs.set(id, { ...(url === undefined ? {} : { url }), ...where });
    return id;
  }
  async get(id: number): Promise<FakeTab> {
    const tab = this.tabs.get(id);
    if (!tab) throw new Error(`No tab with id: ${id}.`);
    return { ...tab };
  }
}

export interface World {
  deps: WorkerDeps;
  local: MemoryStorage;
  session: MemoryStorage;
  cookies: CookieJar;
  tabs: TabList;
  /** What `cookies.getAllCookieStores` answers (Chrome: which tabs use which store); empty unless a test fills it. */
  cookieStores: Array<{ id: string; tabIds: number[] }>;
  /** Sends a message through the router as the extension's popup would. */
  send(message: unknown): Promise<Reply>;
}

export function createWorld(options: { fetch?: typeof fetch; now?: () => number } = {}): World {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  const cookies = new CookieJar();
  const tabs = new TabList();
  const cookieStores: World['cookieStores'] = [];
  const deps: WorkerDeps = {
    storageLocal: local,
    storageSession: session,
    cookies,
    cookieStores: async () => structuredClone(cookieStores),
    setCookie: (details) => cookies.write(details),
    tabs,
    runtimeId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    ...(options.fetch ? { fetch: withBrowserCookies(options.fetch, cookies) } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  return { deps, local, session, cookies, tabs, cookieStores, send: (message) => handleMessage(deps, message, POPUP_SENDER) };
}

export interface MockOrgFixture {
  /** The running HTTPS mock org (its orgs, request log and faults). */
  readonly mock: MockOrg;
  /** A real fetch that reaches the mock under real org hostnames, for createWorld and clients. */
  readonly fetch: typeof fetch;
}

/**
 * Starts the real HTTPS mock org before the calling file's tests and closes it after them. Call it at the top
 * level of a test file; read the fields inside hooks and tests, once its beforeAll has run.
 */
export function useMockOrg(options?: MockOrgOptions): MockOrgFixture {
  const fixture = {} as { mock: MockOrg; fetch: typeof fetch };
  beforeAll(async () => {
    fixture.mock = await startMockOrg(options);
    fixture.fetch = orgFetch(fixture.mock);
  });
  afterAll(() => fixture.mock?.close());
  return fixture;
}
