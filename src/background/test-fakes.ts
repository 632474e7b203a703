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

/** Cookies by exact hostname, as `cookies.get` returns the cookie the browser would send to a URL's host. */
export class CookieJar implements CookieReader {
  private readonly jar = new Map<string, Map<string, string>>();
  /** Hosts the extension has no permission for: `get` rejects, as the browser does. */
  readonly denied = new Set<string>();
  set(host: string, name: string, value: string): void {
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }
  clear(host: string): void {
    this.jar.delete(host);
  }
  /** What `cookies.set` was asked to write, in order (deps.setCookie). */
  readonly written: SetCookieDetails[] = [];
  /** `cookies.set`: rejects for denied hosts, as the browser does. */
  async write(details: SetCookieDetails): Promise<void> {
    const host = new URL(details.url).hostname;
    if (this.denied.has(host)) throw new Error(`No host permissions for cookies at url: "${details.url}".`);
    this.written.push({ ...details });
    this.set(host, details.name, details.value);
  }
  async get(details: { url: string; name: string }): Promise<{ value: string } | null> {
    const host = new URL(details.url).hostname;
    if (this.denied.has(host)) throw new Error(`No host permissions for cookies at url: "${details.url}".`);
    const value = this.jar.get(host)?.get(details.name);
    return value === undefined ? null : { value };
  }
}

export class TabList implements TabReader {
  private readonly tabs = new Map<number, string | undefined>();
  private nextId = 1;
  open(url: string | undefined): number {
    const id = this.nextId++;
    this.tabs.set(id, url);
    return id;
  }
  async get(id: number): Promise<{ url?: string }> {
    if (!this.tabs.has(id)) throw new Error(`No tab with id: ${id}.`);
    const url = this.tabs.get(id);
    return url === undefined ? {} : { url };
  }
}

export interface World {
  deps: WorkerDeps;
  local: MemoryStorage;
  session: MemoryStorage;
  cookies: CookieJar;
  tabs: TabList;
  /** Sends a message through the router as the extension's popup would. */
  send(message: unknown): Promise<Reply>;
}

export function createWorld(options: { fetch?: typeof fetch; now?: () => number } = {}): World {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  const cookies = new CookieJar();
  const tabs = new TabList();
  const deps: WorkerDeps = {
    storageLocal: local,
    storageSession: session,
    cookies,
    setCookie: (details) => cookies.write(details),
    tabs,
    runtimeId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  return { deps, local, session, cookies, tabs, send: (message) => handleMessage(deps, message, POPUP_SENDER) };
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
