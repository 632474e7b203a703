// In-memory stand-ins for the browser parts Sign in with Okta uses, for tests. The sign-in window is played over
// real HTTPS against the mock org, as the browser would: open the authorize URL, sign in on the org's page when
// it asks, follow redirects until one lands on the redirect URI, and resolve with that URL.
import { signInCookie } from '../../test/support/oauth-browser';
import type { AlarmApi, IdentityApi, WorkerDeps } from './deps';
import type { DpopKeyStore } from './dpop-key-store';
import { EXTENSION_ID, EXTENSION_ORIGIN, CookieJar, MemoryStorage, POPUP_SENDER, TabList, withBrowserCookies } from './test-fakes';

export const FAKE_REDIRECT_URI = `https://${EXTENSION_ID}.chromiumapp.org/`;

export class FakeIdentity implements IdentityApi {
  /** The authorize URLs opened, and whether each was interactive. */
  readonly opened: { url: string; interactive: boolean }[] = [];
  /** The user who signs in when the window shows the org's sign-in page; undefined: the user closes it. */
  user: { login: string; password: string } | undefined;
  /** The window's cookie jar, per org origin (the browser's profile jar): a second sign-in needs no password. */
  readonly cookies = new Map<string, string>();
  /** Called with the URL the window is about to resolve with; may change it (a forged or replayed reply). */
  tamper: ((url: string) => string) | undefined;

  constructor(
    private readonly fetch: typeof globalThis.fetch,
    private readonly redirectUri = FAKE_REDIRECT_URI,
  ) {}

  getRedirectURL(): string {
    return this.redirectUri;
  }

  async launchWebAuthFlow({ url, interactive }: { url: string; interactive: boolean }): Promise<string | undefined> {
    this.opened.push({ url, interactive });
    const origin = new URL(url).origin;
    let at = url;
    for (let hops = 0; hops < 10; hops++) {
      if (at.startsWith(this.redirectUri)) return this.tamper ? this.tamper(at) : at;
      const cookie = this.cookies.get(new URL(at).origin);
      const res = await this.fetch(at, { redirect: 'manual', ...(cookie ? { headers: { Cookie: cookie } } : {}) });
      await res.text();
      // Chrome's words for an error page in the window.
      if (res.status >= 400) throw new Error('Authorization page could not be loaded.');
      const location = res.headers.get('location');
      if (res.status >= 300 && location) {
        const next = new URL(location, at);
        if (next.pathname === '/login/login.htm') {
          // The org wants the user to sign in: they do (or close the window), then Okta resumes the request.
          if (!this.user) throw new Error('The user did not approve access.');
          this.cookies.set(origin, await signInCookie(this.fetch, origin, this.user));
          continue;
        }
        at = next.toString();
        continue;
      }
      throw new Error('The user did not approve access.');
    }
    throw new Error('Authorization page could not be loaded.');
  }
}

export class FakeAlarms implements AlarmApi {
  readonly alarms = new Map<string, number>();
  create(name: string, info: { when: number }): void {
    this.alarms.set(name, info.when);
  }
  async clear(name: string): Promise<boolean> {
    return this.alarms.delete(name);
  }
}

/** Keys are structured-cloned in and out, as IndexedDB does: a CryptoKey survives, non-extractable. */
export class MemoryKeyStore implements DpopKeyStore {
  readonly keys = new Map<string, CryptoKeyPair>();
  async get(origin: string): Promise<CryptoKeyPair | undefined> {
    const pair = this.keys.get(origin);
    return pair && structuredClone(pair);
  }
  async put(origin: string, keyPair: CryptoKeyPair): Promise<void> {
    this.keys.set(origin, structuredClone({ privateKey: keyPair.privateKey, publicKey: keyPair.publicKey }));
  }
  async delete(origin: string): Promise<void> {
    this.keys.delete(origin);
  }
}

/** What outlives a worker: storage, the key store, alarms, the browser's cookies and the sign-in window. */
export interface Browserish {
  local: MemoryStorage;
  session: MemoryStorage;
  cookies: CookieJar;
  tabs: TabList;
  identity: FakeIdentity;
  alarms: FakeAlarms;
  keys: MemoryKeyStore;
}

export function createBrowser(fetch: typeof globalThis.fetch): Browserish {
  return {
    local: new MemoryStorage(),
    session: new MemoryStorage(),
    cookies: new CookieJar(),
    tabs: new TabList(),
    identity: new FakeIdentity(fetch),
    alarms: new FakeAlarms(),
    keys: new MemoryKeyStore(),
  };
}

export function depsFor(b: Browserish, fetch: typeof globalThis.fetch, now?: () => number): WorkerDeps {
  return {
    storageLocal: b.local,
    storageSession: b.session,
    cookies: b.cookies,
    tabs: b.tabs,
    runtimeId: EXTENSION_ID,
    extensionOrigin: EXTENSION_ORIGIN,
    identity: b.identity,
    alarms: b.alarms,
    dpopKeys: b.keys,
    fetch: withBrowserCookies(fetch, b.cookies),
    ...(now ? { now } : {}),
  };
}

export { POPUP_SENDER };
