// The real browser behind WorkerDeps. Kept apart from background.ts so that file stays pure wiring.
import browser from 'webextension-polyfill';
import type { WorkerDeps } from './deps';
import { indexedDbKeyStore } from './dpop-key-store';

export function browserDeps(): WorkerDeps {
  return {
    storageLocal: browser.storage.local,
    storageSession: browser.storage.session,
    cookies: { get: (details) => browser.cookies.get(details) },
    cookieStores: () => browser.cookies.getAllCookieStores(),
    setCookie: async (details) => {
      await browser.cookies.set(details);
    },
    tabs: { get: (id) => browser.tabs.get(id) },
    permissions: { contains: (permissions) => browser.permissions.contains(permissions) },
    identity: browser.identity,
    alarms: browser.alarms,
    dpopKeys: indexedDbKeyStore(),
    runtimeId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('').replace(/\/+$/, ''),
    // A bare reference to fetch, called as a method of another object, throws "Illegal invocation" in browsers.
    fetch: (input, init) => globalThis.fetch(input, init),
    now: () => Date.now(),
  };
}
