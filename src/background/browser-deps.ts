// The real browser behind WorkerDeps. Kept apart from background.ts so that file stays pure wiring.
import browser from 'webextension-polyfill';
import type { WorkerDeps } from './deps';
import { indexedDbKeyStore } from './dpop-key-store';
import { originStripper, withoutOrigin, type SessionRulesApi } from './origin-rule';

/** One per worker life, made by the first event that needs WorkerDeps: it reads the session rule once. */
let stripOrigin: ((url: string) => Promise<void>) | undefined;

export function browserDeps(): WorkerDeps {
  const extensionOrigin = browser.runtime.getURL('').replace(/\/+$/, '');
  // Absent without the permission (or in a browser without the API): requests then keep their Origin.
  const rules = (browser as unknown as { declarativeNetRequest?: SessionRulesApi }).declarativeNetRequest;
  stripOrigin ??= originStripper(rules?.updateSessionRules ? rules : undefined, new URL(extensionOrigin).host);
  return {
    storageLocal: browser.storage.local,
    storageSession: browser.storage.session,
    cookies: { get: (details) => browser.cookies.get(details), getAll: (details) => browser.cookies.getAll(details) },
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
    extensionOrigin,
    // A bare reference to fetch, called as a method of another object, throws "Illegal invocation" in browsers.
    // Every request the worker makes goes to an Okta org, and goes out without an Origin (origin-rule.ts).
    fetch: withoutOrigin((input, init) => globalThis.fetch(input, init), stripOrigin),
    now: () => Date.now(),
  };
}
