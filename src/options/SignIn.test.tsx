// @vitest-environment happy-dom
// Sign in with Okta on the options page, through its boundaries: a fake worker that checks every message and
// reply against the real protocol schemas, a fake permission prompt, and a fake clipboard.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, type ErrorInfo, type OrgSettingsView, type Request } from '../shared/protocol';
import { App, type SendFn } from './App';
import { checkedSend } from './checked-send';

const ORG = 'https://dev-123456.okta.com';
const CLIENT_ID = '0oaDemoSignIn0000001';
const REDIRECT_URI = 'https://ggpnlkpakjjfpcofddpohjgcglckoakm.chromiumapp.org/';
const USER = 'demo.user@example.com';

interface Fake {
  send: SendFn;
  requests: Request[];
  orgs: OrgSettingsView[];
  /** Resolves the pending sign-in (the user is in Okta's window until then). */
  finishSignIn?: (reply: unknown) => void;
  signOutError?: ErrorInfo;
}

function signedIn(request: { orgUrl: string; customDomains: string[]; clientId: string; remember: boolean }, now = Date.now()): OrgSettingsView {
  return {
    origin: request.orgUrl,
    customDomains: request.customDomains,
    clientId: request.clientId,
    oauth: { dpop: 'auto', staySignedIn: true },
    credential: {
      kind: 'oauth',
      hint: '',
      remember: request.remember,
      signedInAs: USER,
      expiresAt: now + 59 * 60_000 + 30_000,
      scopes: ['openid', 'profile', 'offline_access', 'okta.sessions.read', 'okta.sessions.manage'],
      canRenew: true,
      dpop: false,
    },
  };
}

function fakeWorker(orgs: OrgSettingsView[] = []): Fake {
  const fake: Fake = { requests: [], orgs: structuredClone(orgs), send: undefined as never };
  fake.send = checkedSend((request) => answer(fake, request), fake.requests);
  return fake;
}

async function answer(fake: Fake, request: Request): Promise<unknown> {
  switch (request.type) {
    case 'settings/get':
      return { ok: true, orgs: fake.orgs };
    case 'oauth/sign-in': {
      const reply = await new Promise((resolve) => (fake.finishSignIn = resolve));
      if ((reply as { ok: boolean }).ok) fake.orgs = [...fake.orgs.filter((o) => o.origin !== request.orgUrl), (reply as { org: OrgSettingsView }).org];
      return reply;
    }
    case 'oauth/sign-out':
      fake.orgs = fake.orgs.map((o) => (o.origin === request.origin ? { ...o, credential: null } : o));
      return fake.signOutError ? { ok: false, error: fake.signOutError } : { ok: true, orgs: fake.orgs };
    case 'settings/save-org':
      return { ok: true, org: fake.orgs.find((o) => o.origin === request.orgUrl) };
    default:
      return failure('bad_request', 'The options page has no business sending this.');
  }
}

let clicking = false;
async function mount(orgs: OrgSettingsView[] = [], options: { redirectUri?: string } = { redirectUri: REDIRECT_URI }) {
  const fake = fakeWorker(orgs);
  const asked: string[][] = [];
  const duringClick: boolean[] = [];
  const copied: string[] = [];
  render(
    <App
      send={fake.send}
      requestPermissions={async ({ origins }) => {
        asked.push(origins);
        duringClick.push(clicking);
        return true;
      }}
      redirectUri={options.redirectUri}
      copyText={async (text) => {
        copied.push(text);
      }}
    />,
  );
  await waitFor(() => expect(screen.queryByText('Loading saved orgs…')).toBeNull());
  return { fake, asked, duringClick, copied };
}

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

function chooseSignIn() {
  fireEvent.click(screen.getByRole('radio', { name: 'Sign in with Okta' }));
}

function clickSignIn() {
  clicking = true;
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with Okta' }));
  } finally {
    clicking = false;
  }
}

const help = (label: string) =>
  screen
    .getByLabelText(label)
    .getAttribute('aria-describedby')!
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

const signIns = (fake: Fake) => fake.requests.filter((r) => r.type === 'oauth/sign-in');

afterEach(() => cleanup());

describe('Sign in with Okta: the form', () => {
  it('asks for the Client ID, shows the exact redirect URI with Copy, DPoP and Stay signed in, each explained', async () => {
    const { copied } = await mount();
    chooseSignIn();
    expect(screen.queryByLabelText('API token')).toBeNull();
    expect(help('Client ID')).toMatch(/Authorization Code grant and PKCE/);
    expect(help('Client ID')).toMatch(/okta\.sessions\.read and okta\.sessions\.manage on its Okta API Scopes tab/);
    expect(screen.getByText(REDIRECT_URI).tagName).toBe('CODE');
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await screen.findByText('Copied the redirect URI.');
    expect(copied).toEqual([REDIRECT_URI]);
    const dpop = screen.getByRole('group', { name: 'Use DPoP' });
    expect(within(dpop).getAllByRole('radio').map((r) => (r as HTMLInputElement).checked)).toEqual([true, false, false]);
    expect(dpop.textContent).toMatch(/Only if the app requires Demonstrating Proof of Possession/);
    expect((screen.getByLabelText('Stay signed in') as HTMLInputElement).checked).toBe(true);
    expect(help('Stay signed in')).toMatch(/offline_access/);
    expect(help('Remember on this device')).toMatch(/^The tokens are written/);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign in with Okta' }).getAttribute('type')).toBe('submit');
  });

  it('says so when the browser offers no sign-in window', async () => {
    await mount([], {});
    chooseSignIn();
    expect(screen.getByText(/does not offer extensions a sign-in window/)).toBeTruthy();
  });

  it('needs a Client ID, and sends nothing without one', async () => {
    const { fake } = await mount();
    type('Okta org URL', ORG);
    chooseSignIn();
    clickSignIn();
    expect(screen.getByText(/^Enter the app's Client ID/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Client ID'));
    expect(signIns(fake)).toEqual([]);
  });
});

describe('Sign in with Okta: signing in', () => {
  it('sends exactly what was chosen, waits for the Okta window, then shows who signed in and until when', async () => {
    const { fake, asked } = await mount();
    type('Okta org URL', 'https://dev-123456-admin.okta.com/admin');
    chooseSignIn();
    type('Client ID', ` ${CLIENT_ID} `);
    fireEvent.click(screen.getByLabelText('Always'));
    fireEvent.click(screen.getByLabelText('Stay signed in'));
    clickSignIn();
    await waitFor(() => expect(signIns(fake)).toHaveLength(1));
    expect(signIns(fake)[0]).toEqual({
      type: 'oauth/sign-in',
      orgUrl: ORG,
      customDomains: [],
      clientId: CLIENT_ID,
      dpop: true,
      staySignedIn: false,
      remember: false,
    });
    expect(asked).toEqual([]);
    expect(screen.getAllByRole('status')[0]!.textContent).toMatch(/Sign in in the Okta window/);
    // A second click while the window is open does nothing.
    clickSignIn();
    expect(signIns(fake)).toHaveLength(1);

    fake.finishSignIn!({ ok: true, org: signedIn({ orgUrl: ORG, customDomains: [], clientId: CLIENT_ID, remember: false }) });
    await screen.findByText(`Signed in to ${ORG} as ${USER}.`);
    const row = screen.getByText(/^Signed in as /);
    expect(row.textContent).toBe(
      `Signed in as ${USER}, token expires in 59 min (renews by itself), scopes okta.sessions.read okta.sessions.manage, kept in memory until the browser closes`,
    );
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('asks for the org’s own address first when it is on a custom domain, inside the click', async () => {
    const { fake, asked, duringClick } = await mount();
    type('Okta org URL', 'https://id.example.com');
    chooseSignIn();
    type('Client ID', CLIENT_ID);
    clickSignIn();
    await waitFor(() => expect(signIns(fake)).toHaveLength(1));
    expect(asked).toEqual([['https://id.example.com/*']]);
    expect(duringClick).toEqual([true]);
  });

  it('shows a failed sign-in in words, with Okta’s error code, and keeps what was typed', async () => {
    const { fake } = await mount();
    type('Okta org URL', ORG);
    chooseSignIn();
    type('Client ID', CLIENT_ID);
    clickSignIn();
    await waitFor(() => expect(signIns(fake)).toHaveLength(1));
    fake.finishSignIn!({
      ok: false,
      error: {
        kind: 'oauth',
        message: 'The Okta app is not granted every scope the extension asked for. On the app’s Okta API Scopes tab, grant okta.sessions.read and okta.sessions.manage.',
        okta: { errorCode: 'invalid_scope' },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('grant okta.sessions.read and okta.sessions.manage');
    expect(alert.textContent).toContain('invalid_scope');
    expect((screen.getByLabelText('Client ID') as HTMLInputElement).value).toBe(CLIENT_ID);
    expect(screen.getAllByRole('status')[0]!.textContent).toBe('');
  });
});

describe('Sign in with Okta: a signed-in org', () => {
  const saved = signedIn({ orgUrl: ORG, customDomains: ['https://login.example.com'], clientId: CLIENT_ID, remember: true });

  it('Sign out revokes through the worker and leaves the org with its Client ID, ready to sign in again', async () => {
    const { fake } = await mount([saved]);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByText(`Signed out of ${ORG}: Okta revoked the tokens.`);
    expect(fake.requests.filter((r) => r.type === 'oauth/sign-out')).toEqual([{ type: 'oauth/sign-out', origin: ORG }]);
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.getByText(`Not signed in (app ${CLIENT_ID}). Choose Edit to sign in with Okta.`)).toBeTruthy();
  });

  it('a sign-out Okta did not confirm is shown, and the list says the sign-in is gone here', async () => {
    const { fake } = await mount([saved]);
    fake.signOutError = { kind: 'network', message: 'Signed out in this browser, but Okta did not confirm that it revoked the tokens.' };
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Signed out in this browser');
    await screen.findByText(/^Not signed in/);
  });

  it('Edit opens on Sign in with Okta with the Client ID, and Save keeps the sign-in', async () => {
    const { fake } = await mount([saved]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    expect(screen.getByRole('radio', { name: 'Sign in with Okta' }).getAttribute('aria-checked')).toBe('true');
    expect((screen.getByLabelText('Client ID') as HTMLInputElement).value).toBe(CLIENT_ID);
    type('Custom domains', 'https://login.example.com\nhttps://sso.example.com');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(`Saved ${ORG}.`);
    expect(fake.requests.filter((r) => r.type === 'settings/save-org')).toEqual([
      { type: 'settings/save-org', orgUrl: ORG, customDomains: ['https://login.example.com', 'https://sso.example.com'], remember: true },
    ]);
    expect(signIns(fake)).toEqual([]);
  });

  it('says when the token has expired and cannot renew itself', async () => {
    const expired: OrgSettingsView = { ...saved, credential: { ...saved.credential!, expiresAt: Date.now() - 1000, canRenew: false } };
    await mount([expired]);
    expect(screen.getByText(/^Signed in as .*, token expired: sign in again, scopes/)).toBeTruthy();
  });
});
