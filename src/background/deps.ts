// Everything the worker needs from the browser, passed in explicitly: background.ts builds it from `browser`,
// tests build it from in-memory fakes and a real fetch that reaches the mock org. Nothing here is cached
// between messages, because MV3 may stop the worker between any two of them.
import type { DpopKeyStore } from './dpop-key-store';

/** The slice of `storage.local` / `storage.session` the worker uses. */
export interface StorageArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface CookieReader {
  /** `browser.cookies.get`: the cookie the browser would send to `url` from that store (default: the main one), or null. */
  get(details: { url: string; name: string; storeId?: string }): Promise<{ value: string } | null>;
  /** `browser.cookies.getAll` for a URL: every cookie the browser would send there (In this browser). */
  getAll?(details: { url: string; storeId?: string }): Promise<unknown[]>;
}

/** `browser.cookies.getAllCookieStores`: which tabs use which store (Chrome's only way to place an incognito tab). */
export type CookieStoreLister = () => Promise<Array<{ id: string; tabIds: number[] }>>;

/** `browser.cookies.set` details, as the worker uses them (adopting a created session). */
export interface SetCookieDetails {
  url: string;
  name: string;
  value: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: 'no_restriction' | 'lax' | 'strict';
  /** The tab's cookie store (a container or private window); absent: the main one. */
  storeId?: string;
}

export interface TabReader {
  /**
   * `browser.tabs.get`: `url` is absent when the browser does not let the extension see it. `cookieStoreId` is
   * Firefox's (containers, private windows); Chrome says only `incognito`.
   */
  get(id: number): Promise<{ url?: string; incognito?: boolean; cookieStoreId?: string }>;
}

/** `browser.identity`, for Sign in with Okta. */
export interface IdentityApi {
  /** Resolves with the URL the sign-in window ended on (the redirect URI plus Okta's answer). */
  launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
  /** https://<id>.chromiumapp.org/ in Chrome, https://<hash>.extensions.allizom.org/ in Firefox. */
  getRedirectURL(): string;
}

/** `browser.alarms`: wakes a stopped worker to renew an access token before it expires. */
export interface AlarmApi {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): Promise<unknown>;
}

/** `browser.permissions`, to tell a withdrawn host permission from a site with nothing to show. */
export interface PermissionChecker {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export interface WorkerDeps {
  /** Settings, and secrets the user chose to remember across restarts. */
  storageLocal: StorageArea;
  /** Secrets (memory only) and the last view per org. */
  storageSession: StorageArea;
  cookies: CookieReader;
  /** Absent: every tab is taken to use the main cookie store unless it names its own. */
  cookieStores?: CookieStoreLister;
  tabs: TabReader;
  /** `runtime.id`: messages from any other extension are refused. */
  runtimeId: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  extensionOrigin: string;
  /** `browser.cookies.set`: only session/create with `use` writes a cookie (the org's sid). */
  setCookie?: (details: SetCookieDetails) => Promise<void>;
  identity?: IdentityApi;
  alarms?: AlarmApi;
  /** Absent: host access is taken as granted (tests that do not fake it). */
  permissions?: PermissionChecker;
  /** Where DPoP key pairs live (IndexedDB in the browser). */
  dpopKeys?: DpopKeyStore;
  /** Reaches the Okta orgs; defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}
