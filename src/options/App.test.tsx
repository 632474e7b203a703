// @vitest-environment happy-dom
// The options page through its two boundaries: a fake worker that checks every message against the real protocol
// schemas (so a message the real worker would refuse fails here too), and a fake permission prompt.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, type ErrorInfo, type OrgSettingsView, type Request } from '../shared/protocol';
import { App, type SendFn } from './App';
import { checkedSend } from './checked-send';

const ORG = 'https://dev-123456.okta.com';
const TOKEN = '00QCjAl4MlV-WPXM7F2mh8XzNnAx0K9yHqa1b2';

interface Fake {
  send: SendFn;
  requests: Request[];
  /** The order of calls across both boundaries. */
  events: string[];
  orgs: OrgSettingsView[];
  saveError?: ErrorInfo;
}

function fakeWorker(orgs: OrgSettingsView[] = []): Fake {
  const fake: Fake = { requests: [], events: [], orgs: structuredClone(orgs), send: undefined as never };
  fake.send = checkedSend((request) => {
    fake.events.push(request.type);
    return answer(fake, request);
  }, fake.requests);
  return fake;
}

function answer(fake: Fake, request: Request): unknown {
  switch (request.type) {
    case 'settings/get':
      return { ok: true, orgs: fake.orgs };
    case 'settings/save-org': {
      if (fake.saveError) return { ok: false, error: fake.saveError };
      const before = fake.orgs.find((o) => o.origin === request.orgUrl);
      const org: OrgSettingsView = {
        origin: request.orgUrl,
        customDomains: request.customDomains,
        credential: request.credential
          ? { kind: request.credential.kind, hint: request.credential.token.slice(-4), remember: request.remember }
          : before?.credential
            ? { ...before.credential, remember: request.remember }
            : null,
      };
      fake.orgs = [...fake.orgs.filter((o) => o.origin !== org.origin), org];
      return { ok: true, org };
    }
    case 'settings/remove-org':
      fake.orgs = fake.orgs.filter((o) => o.origin !== request.origin);
      return { ok: true, orgs: fake.orgs };
    default:
      return failure('bad_request', 'The options page has no business sending this.');
  }
}

interface Prompt {
  request: (p: { origins: string[] }) => Promise<boolean>;
  asked: string[][];
  /** Whether each call happened while the Save click was still being dispatched (the user gesture). */
  duringClick: boolean[];
}

let clicking = false;
function fakePrompt(fake: Fake, grant: boolean): Prompt {
  const prompt: Prompt = {
    asked: [],
    duringClick: [],
    request: async ({ origins }) => {
      prompt.asked.push(origins);
      prompt.duringClick.push(clicking);
      fake.events.push('permissions');
      return grant;
    },
  };
  return prompt;
}

/** Clicks Save the way a user does, noting which calls the click itself made. */
function clickSave() {
  clicking = true;
  try {
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  } finally {
    clicking = false;
  }
}

async function mount(orgs: OrgSettingsView[] = [], grant = true) {
  const fake = fakeWorker(orgs);
  const prompt = fakePrompt(fake, grant);
  render(<App send={fake.send} requestPermissions={prompt.request} />);
  // The list has loaded once the loading line is gone.
  await waitFor(() => expect(screen.queryByText('Loading saved orgs…')).toBeNull());
  return { fake, prompt };
}

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

const saves = (fake: Fake) => fake.requests.filter((r) => r.type === 'settings/save-org');

const savedOrg: OrgSettingsView = {
  origin: ORG,
  customDomains: ['https://login.example.com'],
  credential: { kind: 'api-token', hint: 'a1b2', remember: true },
};

afterEach(() => cleanup());

describe('Okta org URL', () => {
  it('refuses a URL that is not an org address and sends nothing', async () => {
    const { fake, prompt } = await mount();
    type('Okta org URL', 'ftp://dev-123456.okta.com');
    type('API token', TOKEN);
    clickSave();
    const field = screen.getByLabelText('Okta org URL');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const problem = document.getElementById(field.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(problem?.textContent).toMatch(/must start with https:\/\//);
    expect(document.activeElement).toBe(field);
    expect(saves(fake)).toEqual([]);
    expect(prompt.asked).toEqual([]);
  });

  it('shows the normalised origin of an -admin address while typing', async () => {
    await mount();
    expect(screen.queryByText(ORG)).toBeNull();
    type('Okta org URL', 'https://Dev-123456-admin.okta.com/admin/dashboard');
    expect(screen.getByText(ORG).closest('p')?.textContent).toBe(`Saved as ${ORG}`);
  });

  it('explains every field in a help line tied to it', async () => {
    await mount();
    const help = (label: string) =>
      screen
        .getByLabelText(label)
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    expect(help('Okta org URL')).toContain('The -admin address works too.');
    expect(help('Custom domains')).toContain("The browser asks for permission to read that site's cookies.");
    expect(help('API token')).toContain('Security → API → Tokens');
    expect(help('Remember on this device')).toContain("written to this browser profile's disk");
    fireEvent.click(screen.getByRole('radio', { name: 'OAuth access token' }));
    expect(help('Access token')).toContain('okta.sessions.read scope');
    expect(screen.queryByLabelText('API token')).toBeNull();
  });

  it('switches the credential kind with the arrow keys, as a radio group does', async () => {
    await mount();
    const api = screen.getByRole('radio', { name: 'API token' });
    expect(api.getAttribute('aria-checked')).toBe('true');
    expect(screen.getAllByRole('radio').map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    api.focus();
    fireEvent.keyDown(api, { key: 'ArrowRight' });
    const oauth = screen.getByRole('radio', { name: 'OAuth access token' });
    expect(oauth.getAttribute('aria-checked')).toBe('true');
    expect(document.activeElement).toBe(oauth);
    expect(screen.getByLabelText('Access token')).toBeTruthy();
    fireEvent.keyDown(oauth, { key: 'ArrowRight' });
    expect(screen.getByRole('radio', { name: 'Sign in with Okta' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByLabelText('Client ID')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('radio', { name: 'Sign in with Okta' }), { key: 'ArrowRight' });
    expect(screen.getByRole('radio', { name: 'API token' }).getAttribute('aria-checked')).toBe('true');
  });
});

describe('Save', () => {
  it('asks for the custom domains inside the click, then sends exactly the normalised fields', async () => {
    const { fake, prompt } = await mount();
    type('Okta org URL', '  https://Dev-123456-admin.okta.com/admin/dashboard ');
    type('Custom domains', ' https://Login.Example.com/app \n\nlogin.example.com\nhttps://id.example.org');
    type('API token', ` ${TOKEN} `);
    fireEvent.click(screen.getByLabelText('Remember on this device'));
    clickSave();

    await screen.findByText(`Saved ${ORG}.`);
    expect(prompt.asked).toEqual([['https://login.example.com/*', 'https://id.example.org/*']]);
    expect(prompt.duringClick).toEqual([true]);
    expect(fake.events.filter((e) => e !== 'settings/get')).toEqual(['permissions', 'settings/save-org']);
    expect(saves(fake)).toEqual([
      {
        type: 'settings/save-org',
        orgUrl: ORG,
        customDomains: ['https://login.example.com', 'https://id.example.org'],
        credential: { kind: 'api-token', token: TOKEN },
        remember: true,
      },
    ]);
    expect(screen.getByRole('status').textContent).toBe(`Saved ${ORG}.`);
    // The form starts over, and the list (reloaded from the worker) shows the org with its hint.
    expect((screen.getByLabelText('Okta org URL') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('API token') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Remember on this device') as HTMLInputElement).checked).toBe(false);
    await waitFor(() => expect(fake.events.at(-1)).toBe('settings/get'));
    expect(screen.getByText('API token …a1b2, remembered on this device')).toBeTruthy();
  });

  it('asks for no permission when there are no custom domains, and sends an access token as such', async () => {
    const { fake, prompt } = await mount();
    type('Okta org URL', 'dev-123456.okta.com');
    fireEvent.click(screen.getByRole('radio', { name: 'OAuth access token' }));
    type('Access token', 'eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOlsib2t0YSJdfQ.c2ln');
    clickSave();
    await screen.findByText(`Saved ${ORG}.`);
    expect(prompt.asked).toEqual([]);
    expect(saves(fake)[0]).toEqual({
      type: 'settings/save-org',
      orgUrl: ORG,
      customDomains: [],
      credential: { kind: 'access-token', token: 'eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOlsib2t0YSJdfQ.c2ln' },
      remember: false,
    });
  });

  it('saves nothing and says why when the browser refuses the permission', async () => {
    const { fake, prompt } = await mount([], false);
    type('Okta org URL', ORG);
    type('Custom domains', 'https://login.example.com');
    type('API token', TOKEN);
    clickSave();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing was saved');
    expect(alert.textContent).toContain('https://login.example.com');
    expect(prompt.asked).toEqual([['https://login.example.com/*']]);
    expect(saves(fake)).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('requires a token for a new org', async () => {
    const { fake } = await mount();
    type('Okta org URL', ORG);
    clickSave();
    expect(screen.getByText(/Enter the api token/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('API token'));
    expect(saves(fake)).toEqual([]);
  });

  it('refuses an Okta address among the custom domains', async () => {
    const { fake, prompt } = await mount();
    type('Okta org URL', ORG);
    type('Custom domains', 'https://acme.okta.com');
    type('API token', TOKEN);
    clickSave();
    expect(screen.getByText(/Line 1 \(https:\/\/acme\.okta\.com\): this is an Okta address/)).toBeTruthy();
    expect(saves(fake)).toEqual([]);
    expect(prompt.asked).toEqual([]);
  });

  it("shows the worker's failure in an alert with Okta's identifiers, and keeps what was typed", async () => {
    const { fake } = await mount();
    fake.saveError = {
      kind: 'unauthorized',
      message: 'Okta refused the API token: it is wrong or expired.',
      status: 401,
      okta: { errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorId: 'oaeXyz123', requestId: 'req-4f2a' },
    };
    type('Okta org URL', ORG);
    type('API token', TOKEN);
    clickSave();
    const alert = await screen.findByRole('alert');
    for (const text of ['Okta refused the API token: it is wrong or expired.', 'E0000011', 'Invalid token provided', 'oaeXyz123', 'req-4f2a'])
      expect(alert.textContent).toContain(text);
    expect(screen.getByRole('status').textContent).toBe('');
    expect((screen.getByLabelText('Okta org URL') as HTMLInputElement).value).toBe(ORG);
    expect(screen.queryByText(/Okta refused/)?.closest('[role=alert]')).toBe(alert);
  });

  it('never puts the token on the page once saved: the list shows the hint only', async () => {
    const { fake } = await mount();
    type('Okta org URL', ORG);
    type('API token', TOKEN);
    clickSave();
    await screen.findByText(`Saved ${ORG}.`);
    await waitFor(() => expect(fake.events.at(-1)).toBe('settings/get'));
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(document.body.innerHTML).not.toContain(TOKEN.slice(0, 12));
    for (const input of document.querySelectorAll('input, textarea')) expect((input as HTMLInputElement).value).not.toContain(TOKEN);
    expect(screen.getByText('API token …a1b2, kept in memory until the browser closes')).toBeTruthy();
  });
});

describe('Edit', () => {
  it('keeps the saved token when the field is left empty: no credential in the message', async () => {
    const { fake, prompt } = await mount([savedOrg]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const url = screen.getByLabelText('Okta org URL') as HTMLInputElement;
    expect(url.value).toBe(ORG);
    expect(url.readOnly).toBe(true);
    const token = screen.getByLabelText('API token') as HTMLInputElement;
    expect(token.value).toBe('');
    expect(token.placeholder).toBe('Leave empty to keep the saved token (…a1b2)');
    expect((screen.getByLabelText('Custom domains') as HTMLTextAreaElement).value).toBe('https://login.example.com');
    expect((screen.getByLabelText('Remember on this device') as HTMLInputElement).checked).toBe(true);

    clickSave();
    await screen.findByText(`Saved ${ORG}.`);
    expect(saves(fake)).toEqual([
      { type: 'settings/save-org', orgUrl: ORG, customDomains: ['https://login.example.com'], remember: true },
    ]);
    expect(prompt.asked).toEqual([['https://login.example.com/*']]);
  });

  it('sends a new token when one is typed', async () => {
    const { fake } = await mount([savedOrg]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    type('API token', 'newtokenzz99');
    clickSave();
    await screen.findByText(`Saved ${ORG}.`);
    expect(saves(fake)[0]?.credential).toEqual({ kind: 'api-token', token: 'newtokenzz99' });
  });

  it('will not keep a saved API token as an access token', async () => {
    const { fake } = await mount([savedOrg]);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.click(screen.getByRole('radio', { name: 'OAuth access token' }));
    expect((screen.getByLabelText('Access token') as HTMLInputElement).placeholder).toBe('');
    clickSave();
    expect(screen.getByText(/choose API token again to keep the saved one/)).toBeTruthy();
    expect(saves(fake)).toEqual([]);
  });
});

describe('Remove', () => {
  it('asks in the page first, and Cancel removes nothing', async () => {
    const { fake } = await mount([savedOrg]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(screen.getByText(`Remove ${ORG}?`)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByText(`Remove ${ORG}?`)).toBeNull();
    expect(fake.requests.filter((r) => r.type === 'settings/remove-org')).toEqual([]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await screen.findByText(`Removed ${ORG}.`);
    expect(fake.requests.filter((r) => r.type === 'settings/remove-org')).toEqual([{ type: 'settings/remove-org', origin: ORG }]);
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    expect(screen.getByText('No orgs saved yet. Add one below.')).toBeTruthy();
  });
});

describe('Saved orgs', () => {
  it('lists each org with its domains and credential in words', async () => {
    await mount([
      savedOrg,
      { origin: 'https://acme.okta.com', customDomains: [], credential: null },
      { origin: 'https://beta.oktapreview.com', customDomains: [], credential: { kind: 'access-token', hint: '…zz09', remember: false } },
    ]);
    expect(screen.getByText('Custom domains: https://login.example.com')).toBeTruthy();
    expect(screen.getByText('API token …a1b2, remembered on this device')).toBeTruthy();
    expect(screen.getByText(/^No token saved/)).toBeTruthy();
    expect(screen.getByText('Access token …zz09, kept in memory until the browser closes')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Edit' })).toHaveLength(3);
  });

  it('shows a failure to load in an alert and offers to try again', async () => {
    const fake = fakeWorker([savedOrg]);
    let fail = true;
    const send = (async (request: Request) =>
      fail && request.type === 'settings/get'
        ? failure('internal', "The extension's background worker did not answer. Try again.")
        : fake.send(request as never)) as SendFn;
    render(<App send={send} requestPermissions={async () => true} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('did not answer');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText(ORG);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
