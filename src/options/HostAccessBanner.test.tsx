// @vitest-environment happy-dom
// The options page when the browser withholds a site the inspector needs (Firefox: about:addons, Permissions):
// a fake permission API with the browser's behaviour (contains, request granting and firing onAdded, removal
// firing onRemoved) and a fake worker that answers the saved orgs through the real protocol schemas.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, type OrgSettingsView } from '../shared/protocol';
import { App, type SendFn } from './App';
import { checkedSend } from './checked-send';
import { browserNameOf, wantedOrigins, type HostAccess } from './host-access';

const REQUIRED = ['https://*.okta.com/*', 'https://*.oktapreview.com/*', 'https://*.okta-emea.com/*'];
const ORG = 'https://dev-123456.okta.com';
const WITHDRAWN =
  'Firefox is not letting the inspector read Okta sites (the permission was withdrawn). Without it the inspector cannot see your Okta session cookies or ask Okta about them.';

let clicking = false;

class FakePermissions {
  readonly granted = new Set<string>(REQUIRED);
  readonly listeners = new Set<() => void>();
  /** What each permissions.request asked for, and whether it came during the click (the user gesture). */
  readonly asked: { origins: string[]; duringClick: boolean }[] = [];
  checks = 0;
  answer: boolean | Error = true;
  readonly access: HostAccess = {
    required: REQUIRED,
    contains: async (origins) => {
      this.checks++;
      return origins.every((o) => this.granted.has(o));
    },
    watch: (onChange) => {
      this.listeners.add(onChange);
      return () => this.listeners.delete(onChange);
    },
    browserName: 'Firefox',
  };
  /** The browser's prompt: on Allow it grants, then fires onAdded, as Firefox does. */
  request = ({ origins }: { origins: string[] }): Promise<boolean> => {
    this.asked.push({ origins: [...origins], duringClick: clicking });
    const answer = this.answer;
    if (answer instanceof Error) throw answer;
    return Promise.resolve().then(() => {
      if (answer) this.change(() => origins.forEach((o) => this.granted.add(o)));
      return answer;
    });
  };
  /** The user changing access outside the page (about:addons): onAdded / onRemoved. */
  change(edit: () => void): void {
    edit();
    for (const listener of this.listeners) listener();
  }
}

function fakeSend(orgs: OrgSettingsView[]): SendFn {
  return checkedSend((request) => (request.type === 'settings/get' ? { ok: true, orgs } : failure('bad_request', 'not used here')));
}

async function mount(permissions: FakePermissions, orgs: OrgSettingsView[] = [{ origin: ORG, customDomains: [], credential: null }]) {
  render(<App send={fakeSend(orgs)} requestPermissions={permissions.request} hostAccess={permissions.access} />);
  await waitFor(() => expect(screen.queryByText('Loading saved orgs…')).toBeNull());
  // Every wanted site asked about, the last time round.
  const wanted = wantedOrigins(REQUIRED, orgs).length;
  await waitFor(() => expect(permissions.checks).toBeGreaterThanOrEqual(wanted));
  // Lets the answers render (Preact renders after a microtask; one macrotask runs them all).
  await new Promise((resolve) => setTimeout(resolve, 0));
}

function clickGrant() {
  clicking = true;
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Grant access' }));
  } finally {
    clicking = false;
  }
}

const banner = () => screen.queryByText(/is not letting the inspector read/);

afterEach(() => cleanup());

describe('host access banner', () => {
  it('stays away while the browser grants every site', async () => {
    const permissions = new FakePermissions();
    permissions.granted.add('https://login.example.com/*');
    await mount(permissions, [{ origin: ORG, customDomains: ['https://login.example.com'], credential: null }]);
    expect(banner()).toBeNull();
    expect(screen.queryByRole('button', { name: 'Grant access' })).toBeNull();
  });

  it('says the Okta sites were withdrawn; Grant access asks for them during the click and the banner goes', async () => {
    const permissions = new FakePermissions();
    permissions.granted.delete('https://*.okta.com/*');
    await mount(permissions);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(WITHDRAWN);

    clickGrant();
    expect(permissions.asked).toEqual([{ origins: ['https://*.okta.com/*'], duringClick: true }]);
    await waitFor(() => expect(banner()).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names a withdrawn custom domain and asks for it alone', async () => {
    const permissions = new FakePermissions();
    await mount(permissions, [{ origin: ORG, customDomains: ['https://login.example.com'], credential: null }]);
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Firefox is not letting the inspector read login.example.com (the permission was withdrawn).',
    );
    clickGrant();
    expect(permissions.asked.map((a) => a.origins)).toEqual([['https://login.example.com/*']]);
    await waitFor(() => expect(banner()).toBeNull());
  });

  it('follows permissions.onRemoved and onAdded while the page is open (the user in about:addons)', async () => {
    const permissions = new FakePermissions();
    await mount(permissions);
    expect(banner()).toBeNull();
    permissions.change(() => permissions.granted.delete('https://*.oktapreview.com/*'));
    expect((await screen.findByRole('alert')).textContent).toContain(WITHDRAWN);
    permissions.change(() => permissions.granted.add('https://*.oktapreview.com/*'));
    await waitFor(() => expect(banner()).toBeNull());
    expect(permissions.asked).toEqual([]);
  });

  it('keeps the banner, saying why, when the user does not allow it or the browser cannot ask', async () => {
    const permissions = new FakePermissions();
    permissions.granted.delete('https://*.okta.com/*');
    await mount(permissions);
    await screen.findByRole('alert');

    permissions.answer = false;
    clickGrant();
    await screen.findByText(/The browser did not grant access\./);
    expect(banner()).not.toBeNull();

    permissions.answer = new Error('permissions.request may only be called from a user input handler');
    clickGrant();
    await screen.findByText(/The browser could not ask for access \(permissions\.request may only be called/);
    expect(banner()).not.toBeNull();
    expect(permissions.asked.every((a) => a.duringClick)).toBe(true);
  });

  it('stops listening when the page goes', async () => {
    const permissions = new FakePermissions();
    await mount(permissions);
    expect(permissions.listeners.size).toBe(1);
    cleanup();
    // Preact runs an unmounted component's effect cleanups after the next paint.
    await waitFor(() => expect(permissions.listeners.size).toBe(0));
  });
});

describe('wantedOrigins', () => {
  it('is the Okta sites, custom domains and non-Okta orgs, https only', () => {
    expect(
      wantedOrigins(REQUIRED, [
        { origin: ORG, customDomains: ['https://login.example.com', 'https://sso.example.com:8443'], credential: null },
        { origin: 'https://okta.corp.example', customDomains: ['https://login.example.com'], credential: null },
        { origin: 'http://127.0.0.1:8443', customDomains: [], credential: null },
      ]),
    ).toEqual([...REQUIRED, 'https://login.example.com/*', 'https://sso.example.com/*', 'https://okta.corp.example/*']);
  });
});

describe('browserNameOf', () => {
  it('names the browser the user knows', () => {
    expect(browserNameOf('Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0')).toBe('Firefox');
    expect(browserNameOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36')).toBe('Chrome');
    expect(browserNameOf('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0')).toBe('Edge');
    expect(browserNameOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36')).toBe('Chrome');
    expect(browserNameOf('')).toBe('Your browser');
  });
});
