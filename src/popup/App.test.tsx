// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorInfo } from '../shared/protocol';
import { App } from './App';
import { FakeWorker, sessionView } from './fake-worker';
import type { Target } from './target';
import { formatClock } from './time';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function mount(target: Target = { tabId: 7 }) {
  const worker = new FakeWorker();
  const openOptions = vi.fn();
  const copied: string[] = [];
  const copyText = vi.fn(async (text: string) => {
    copied.push(text);
  });
  render(
    <App send={worker.send} resolveTarget={async () => target} openOptions={openOptions} copyText={copyText} />,
  );
  return { worker, openOptions, copied };
}

/** Waits until the popup has sent both opening requests. */
async function opened(worker: FakeWorker) {
  await waitFor(() => {
    expect(worker.sent('session/cached')).toHaveLength(1);
    expect(worker.sent('session/inspect')).toHaveLength(1);
  });
}

describe('opening the popup', () => {
  it('asks for the cached and the fresh view at once, for the target tab', async () => {
    const { worker } = mount({ tabId: 7 });
    await opened(worker);
    expect(worker.sent('session/cached')[0]).toEqual({ type: 'session/cached', tabId: 7 });
    expect(worker.sent('session/inspect')[0]).toEqual({ type: 'session/inspect', tabId: 7 });
    expect(screen.getByText("Looking up this tab's Okta session…")).toBeTruthy();
  });

  it('paints the cached view marked as updating, then replaces it with the fresh one', async () => {
    const now = Date.now();
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: sessionView(now, { login: 'cached@example.com' }) });
    await screen.findByRole('heading', { name: 'cached@example.com' });
    expect(screen.getByText('Updating…')).toBeTruthy();

    worker.reply('session/inspect', { ok: true, view: sessionView(now, { login: 'fresh@example.com' }) });
    await screen.findByRole('heading', { name: 'fresh@example.com' });
    expect(screen.queryByText('cached@example.com')).toBeNull();
    expect(screen.queryByText('Updating…')).toBeNull();
  });

  it('uses the look-up the entry already started instead of asking again, and Retry asks anew', async () => {
    const now = Date.now();
    const worker = new FakeWorker();
    const firstLoad = Promise.resolve({
      target: { tabId: 9 },
      cached: Promise.resolve({ ok: true as const, view: sessionView(now, { login: 'cached@example.com' }) }),
      inspect: Promise.resolve({ ok: false as const, error: { kind: 'network' as const, message: 'Could not reach acme.okta.com.' } }),
    });
    const resolveTarget = vi.fn(async () => ({ tabId: 1 }));
    render(<App send={worker.send} firstLoad={firstLoad} resolveTarget={resolveTarget} openOptions={vi.fn()} copyText={vi.fn()} />);
    await screen.findByRole('alert');
    expect(worker.sent('session/cached')).toHaveLength(0);
    expect(worker.sent('session/inspect')).toHaveLength(0);
    expect(resolveTarget).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(worker.sent('session/inspect')).toEqual([{ type: 'session/inspect', tabId: 9 }]));
  });

  it('ignores a cached view that arrives after the fresh one', async () => {
    const now = Date.now();
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(now, { login: 'fresh@example.com' }) });
    await screen.findByRole('heading', { name: 'fresh@example.com' });
    worker.reply('session/cached', { ok: true, view: sessionView(now, { login: 'stale@example.com' }) });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole('heading').textContent).toBe('fresh@example.com');
  });

  it('keeps the loading state when there is no cache', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByText("Looking up this tab's Okta session…")).toBeTruthy();
    expect(screen.queryByText('Updating…')).toBeNull();
  });
});

describe('a session', () => {
  it('shows who, status, expiry, verification ages, methods, provider and the masked id with its source', async () => {
    const now = Date.now();
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', {
      ok: true,
      view: sessionView(now, { status: 'MFA_REQUIRED', amr: ['pwd', 'hwk', 'face'] }, { source: 'idx', org: { origin: 'https://acme.okta.com', via: 'https://login.acme.com' } }),
    });
    await screen.findByRole('heading', { level: 1, name: 'john.doe@example.com' });
    const badge = screen.getByText('MFA_REQUIRED');
    expect(badge.className).toContain('warn');
    expect(screen.getByText(/^expires in (1 h 59 min|2 h 0 min)/)).toBeTruthy();
    expect(dd('Password verified')).toBe('12 min ago');
    expect(dd('Factor verified')).toBe('never');
    expect(dd('Signed in with')).toBe('Password, Hardware key, face');
    expect(dd('Identity provider')).toBe('Okta');
    expect(dd('User id')).toBe('00u8eyowx5GiJhqvj1d6');
    expect(dd('Session id')).toContain('102X…CU-Q');
    expect(dd('Session id')).toContain('derived from the idx cookie');
    expect(dd('Session id')).toContain("masked: the full id is the session cookie's value, a secret");
    expect(screen.getByRole('banner').textContent).toContain('acme.okta.com');
    expect(screen.getByRole('banner').textContent).toContain('via login.acme.com');
  });

  it('shows an unknown status as it came, without colour', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(Date.now(), { status: 'SOMETHING_NEW' }) });
    const badge = await screen.findByText('SOMETHING_NEW');
    expect(badge.className).not.toMatch(/\b(ok|warn)\b/);
  });

  it('copies the session as JSON with the masked id, says so, and offers no way to copy the id itself', async () => {
    const now = Date.now();
    const { worker, copied } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(now) });
    fireEvent.click(await screen.findByRole('button', { name: 'Copy as JSON' }));
    await screen.findByText('Copied the session as JSON.');
    const json = JSON.parse(copied[0]!);
    expect(json.org).toBe('https://acme.okta.com');
    expect(json.session.idHint).toBe('102X…CU-Q');
    expect(json.session).not.toHaveProperty('id');
    expect(json.session.login).toBe('john.doe@example.com');
    expect(screen.queryByRole('button', { name: /copy (session )?id/i })).toBeNull();
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Refresh session', 'Revoke session', 'Copy as JSON']);
  });

  it('never puts a full session id in the DOM or the clipboard, even if a reply carried one', async () => {
    // Not what the worker sends (its schema has no such field); what an older or broken one might.
    const fullId = '102XV1tNvxsTm69-StW_BCU-Q';
    const leaky = sessionView(Date.now(), { id: fullId, _links: { self: { href: `https://acme.okta.com/api/v1/sessions/${fullId}` } } });
    const { worker, copied } = mount();
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: leaky });
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    worker.reply('session/inspect', { ok: true, view: leaky });
    await waitFor(() => expect(screen.queryByText('Updating…')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Copy as JSON' }));
    await screen.findByText('Copied the session as JSON.');
    expect(copied).toHaveLength(1);
    expect(copied[0]).toContain('102X…CU-Q'); // the control: the export does name the session
    expect(copied[0]).not.toContain(fullId);
    expect(document.body.innerHTML).toContain('102X…CU-Q');
    expect(document.body.innerHTML).not.toContain(fullId);

    fireEvent.click(screen.getByRole('button', { name: 'Revoke session' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm revoke' }));
    await waitFor(() => expect(worker.sent('session/revoke')).toHaveLength(1));
    expect(JSON.stringify(worker.requests)).not.toContain(fullId);
    worker.reply('session/revoke', {
      ok: true,
      view: { state: 'ended', org: { origin: 'https://acme.okta.com' }, sessionKey: 'k3yOfTheSession0', idHint: '102X…CU-Q', source: 'sid', sessionId: fullId } as never,
    });
    await screen.findByRole('heading', { name: 'This session has ended or was revoked' });
    expect(document.body.innerHTML).toContain('102X…CU-Q');
    expect(document.body.innerHTML).not.toContain(fullId);
  });
});

function dd(label: string): string {
  const dt = screen.getByText(label, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? '';
}

describe('Refresh session', () => {
  it("sends the shown session's key for the same tab, disables while busy, then shows the new expiry", async () => {
    const now = Date.now();
    const { worker } = mount({ tabId: 9 });
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(now, { key: 'shownSessionKey0' }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh session' }));

    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(1));
    expect(worker.sent('session/refresh')[0]).toEqual({ type: 'session/refresh', tabId: 9, sessionKey: 'shownSessionKey0' });
    const busy = screen.getByRole('button', { name: 'Refreshing…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Revoke session' }) as HTMLButtonElement).disabled).toBe(true);

    const newExpiry = now + 5 * 3_600_000;
    worker.reply('session/refresh', {
      ok: true,
      view: sessionView(now, { key: 'shownSessionKey0', expiresAt: new Date(newExpiry).toISOString() }),
    });
    await screen.findByText(/^Session refreshed: it now expires at/);
    expect(screen.getByText(/^Session refreshed/).textContent).toContain(formatClock(newExpiry));
    expect(screen.getByText(/^expires in (4 h 59 min|5 h 0 min)/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Refresh session' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("after a 'stale' refresh, Retry looks at the tab again rather than refreshing the old session", async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(Date.now()) });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh session' }));
    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(1));
    worker.reply('session/refresh', { ok: false, error: { kind: 'stale', message: "This tab's session changed." } });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    expect(worker.sent('session/refresh')).toHaveLength(1);
  });

  it('shows a failed refresh as an alert, and Retry refreshes the same session again', async () => {
    const now = Date.now();
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: sessionView(now, { key: 'shownSessionKey0' }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh session' }));
    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(1));
    worker.reply('session/refresh', { ok: false, error: { kind: 'network', message: 'Could not reach acme.okta.com.' } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach acme.okta.com.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(2));
    expect(worker.sent('session/refresh')[1]!.sessionKey).toBe('shownSessionKey0');
  });
});

describe('Revoke session', () => {
  async function withSession() {
    const m = mount({ tabId: 4 });
    await opened(m.worker);
    m.worker.reply('session/inspect', { ok: true, view: sessionView(Date.now(), { key: 'keyToRevoke00000' }) });
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    return m;
  }

  it('asks for confirmation in the popup, focusing Confirm, and sends nothing until confirmed', async () => {
    const confirm = vi.fn(() => true);
    vi.stubGlobal('confirm', confirm);
    const { worker } = await withSession();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke session' }));
    const confirmButton = await screen.findByRole('button', { name: 'Confirm revoke' });
    await waitFor(() => expect(document.activeElement).toBe(confirmButton));
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    expect(worker.sent('session/revoke')).toHaveLength(0);
    expect(confirm).not.toHaveBeenCalled();

    fireEvent.click(confirmButton);
    await waitFor(() => expect(worker.sent('session/revoke')).toHaveLength(1));
    expect(worker.sent('session/revoke')[0]).toEqual({
      type: 'session/revoke',
      tabId: 4,
      sessionKey: 'keyToRevoke00000',
      confirmed: true,
    });
    expect((screen.getByRole('button', { name: 'Revoking…' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Cancel' }) as HTMLButtonElement).disabled).toBe(true);

    worker.reply('session/revoke', {
      ok: true,
      view: { state: 'ended', org: { origin: 'https://acme.okta.com' }, sessionKey: 'keyToRevoke00000', idHint: '102X…CU-Q', source: 'sid' },
    });
    await screen.findByRole('heading', { name: 'This session has ended or was revoked' });
    expect(screen.getByText('Session revoked.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm revoke' })).toBeNull();
  });

  it('a failed revoke shows an alert, and Retry looks again instead of revoking unconfirmed', async () => {
    const { worker } = await withSession();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke session' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm revoke' }));
    await waitFor(() => expect(worker.sent('session/revoke')).toHaveLength(1));
    worker.reply('session/revoke', {
      ok: false,
      error: { kind: 'forbidden', message: 'The API token may not revoke sessions.', okta: { errorCode: 'E0000006' } },
    });
    expect((await screen.findByRole('alert')).textContent).toContain('E0000006');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    expect(worker.sent('session/revoke')).toHaveLength(1);
  });

  it('Escape cancels, returns focus to Revoke session, and sends nothing', async () => {
    const { worker } = await withSession();
    const revoke = screen.getByRole('button', { name: 'Revoke session' });
    fireEvent.click(revoke);
    const confirmButton = await screen.findByRole('button', { name: 'Confirm revoke' });
    await waitFor(() => expect(document.activeElement).toBe(confirmButton));
    fireEvent.keyDown(confirmButton, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Confirm revoke' })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(revoke));
    expect(worker.sent('session/revoke')).toHaveLength(0);
  });

  it('Cancel closes the confirmation and sends nothing', async () => {
    const { worker } = await withSession();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke session' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Confirm revoke' })).toBeNull());
    expect(worker.sent('session/revoke')).toHaveLength(0);
  });
});

describe('errors', () => {
  const forbidden: ErrorInfo = {
    kind: 'forbidden',
    message: 'The API token for acme.okta.com may not read sessions.',
    status: 403,
    okta: {
      errorCode: 'E0000006',
      errorSummary: 'You do not have permission to perform the requested action',
      errorId: 'oaeHfmOAx1iRLa0H10DeMz5fQ',
      requestId: 'reqXyZ123',
    },
    org: { origin: 'https://acme.okta.com' },
  };

  it('shows the message and the fields support asks for in role=alert', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: null });
    worker.reply('session/inspect', { ok: false, error: forbidden });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The API token for acme.okta.com may not read sessions.');
    expect(alert.textContent).toContain('E0000006');
    expect(alert.textContent).toContain('You do not have permission to perform the requested action');
    expect(alert.textContent).toContain('oaeHfmOAx1iRLa0H10DeMz5fQ');
    expect(alert.textContent).toContain('reqXyZ123');
    expect(screen.getByRole('banner').textContent).toContain('acme.okta.com');
    expect(screen.queryByText("Looking up this tab's Okta session…")).toBeNull();
  });

  it('Retry inspects again and the fresh view replaces the error', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: false, error: forbidden });
    fireEvent.click(await screen.findByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    worker.reply('session/inspect', { ok: true, view: sessionView(Date.now()) });
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps a cached view under the alert when the fresh look fails', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: sessionView(Date.now(), { login: 'cached@example.com' }) });
    await screen.findByRole('heading', { name: 'cached@example.com' });
    worker.reply('session/inspect', { ok: false, error: { kind: 'timeout', message: 'Okta did not answer within 10 s.' } });
    await screen.findByRole('alert');
    expect(screen.getByRole('heading', { name: 'cached@example.com' })).toBeTruthy();
  });

  it('says when the rate limit resets', async () => {
    const retryAt = Date.now() + 40_000;
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', {
      ok: false,
      error: { kind: 'rate_limited', message: 'Okta is limiting requests.', status: 429, okta: { errorCode: 'E0000047' }, retryAt },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`Okta's rate limit resets at ${formatClock(retryAt)} (in`);
    expect(alert.textContent).toContain('E0000047');
  });

  it('turns a rejected send into an alert instead of spinning', async () => {
    const send = vi.fn(async () => {
      throw new Error('port closed');
    });
    render(<App send={send as never} resolveTarget={async () => ({ tabId: 1 })} openOptions={() => {}} copyText={async () => {}} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('port closed');
  });

  it('says plainly when no tab can be found', async () => {
    render(
      <App
        send={new FakeWorker().send}
        resolveTarget={async () => {
          throw new Error('the browser reports no active tab');
        }}
        openOptions={() => {}}
        copyText={async () => {}}
      />,
    );
    expect((await screen.findByRole('alert')).textContent).toContain('no active tab');
  });
});

describe('other states', () => {
  it('no cookie: names the org and how to sign in', async () => {
    const { worker, openOptions } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: { state: 'no-cookie', org: { origin: 'https://acme.okta.com' }, hasCredential: false } });
    await screen.findByRole('heading', { name: 'No Okta session in this browser for acme.okta.com' });
    expect(screen.getByRole('link', { name: 'acme.okta.com' }).getAttribute('href')).toBe('https://acme.okta.com');
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('no credential: offers the options page', async () => {
    const { worker, openOptions } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: { state: 'no-credential', org: { origin: 'https://acme.okta.com' }, source: 'sid' } });
    await screen.findByRole('heading', { name: 'No credential for acme.okta.com' });
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(openOptions).toHaveBeenCalledOnce();
    expect(screen.queryByRole('button', { name: 'Refresh session' })).toBeNull();
  });

  it('ended: says the session is over', async () => {
    const { worker } = mount();
    await opened(worker);
    worker.reply('session/inspect', {
      ok: true,
      view: { state: 'ended', org: { origin: 'https://acme.okta.com' }, sessionKey: 'goneSessionKey00', idHint: 'gone…6789', source: 'idx' },
    });
    await screen.findByRole('heading', { name: 'This session has ended or was revoked' });
    expect(screen.getByText('gone…6789')).toBeTruthy();
  });

  it('not okta: lists the configured orgs, and a click inspects that org', async () => {
    const { worker } = mount({ tabId: 3 });
    await opened(worker);
    worker.reply('session/inspect', {
      ok: true,
      view: {
        state: 'not-okta',
        host: 'example.com',
        orgs: [
          { origin: 'https://acme.okta.com', hasCredential: true, sessionCookie: 'sid' },
          { origin: 'https://dev-123456.okta.com', hasCredential: false, sessionCookie: null },
        ],
      },
    });
    await screen.findByText(/This tab is on example.com/);
    const second = screen.getByRole('button', { name: /dev-123456\.okta\.com/ });
    expect(second.textContent).toContain('no session in this browser; no credential set up');
    expect(screen.getByRole('button', { name: /acme\.okta\.com/ }).textContent).toContain('signed in (sid cookie)');

    fireEvent.click(second);
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    expect(worker.sent('session/inspect')[1]).toEqual({ type: 'session/inspect', org: 'https://dev-123456.okta.com' });
    expect(worker.sent('session/cached')[1]).toEqual({ type: 'session/cached', org: 'https://dev-123456.okta.com' });
    await screen.findByText('Looking up the Okta session for dev-123456.okta.com…');

    worker.reply('session/inspect', { ok: true, view: sessionView(Date.now(), {}, { org: { origin: 'https://dev-123456.okta.com' } }) });
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    // Actions on a picked org name that org, not the tab.
    fireEvent.click(screen.getByRole('button', { name: 'Refresh session' }));
    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(1));
    expect(worker.sent('session/refresh')[0]).toMatchObject({ org: 'https://dev-123456.okta.com' });

    fireEvent.click(screen.getByRole('button', { name: '← This tab' }));
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(3));
    expect(worker.sent('session/inspect')[2]).toEqual({ type: 'session/inspect', tabId: 3 });
  });

  it('not okta with no orgs: links to the options', async () => {
    const { worker, openOptions } = mount();
    await opened(worker);
    worker.reply('session/inspect', { ok: true, view: { state: 'not-okta', orgs: [] } });
    await screen.findByText('No Okta org is set up yet.');
    expect(screen.getByText('This tab has no web address to inspect.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('?org= target: asks about that org and says so while loading', async () => {
    const { worker } = mount({ org: 'https://acme.okta.com' });
    await opened(worker);
    expect(worker.sent('session/inspect')[0]).toEqual({ type: 'session/inspect', org: 'https://acme.okta.com' });
    expect(screen.getByText('Looking up the Okta session for acme.okta.com…')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '← This tab' })).toBeNull();
  });
});

describe('no credential: the session read with the browser’s cookie, and Add this org', () => {
  it('refreshes as it was read, then adds the org inline and looks again by id', async () => {
    const now = Date.now();
    const { worker } = mount({ tabId: 7 });
    await opened(worker);
    worker.reply('session/cached', { ok: true, view: null });
    worker.reply('session/inspect', { ok: true, view: sessionView(now, {}, { readWith: 'cookie', configured: false }) });
    await screen.findByText("Read with this browser's session cookie");

    fireEvent.click(screen.getByRole('button', { name: 'Refresh session' }));
    await waitFor(() => expect(worker.sent('session/refresh')).toHaveLength(1));
    expect(worker.sent('session/refresh')[0]).toEqual({ type: 'session/refresh', tabId: 7, sessionKey: 'k3yOfTheSession0', readWith: 'cookie' });
    worker.reply('session/refresh', { ok: true, view: sessionView(now, {}, { readWith: 'cookie', configured: false }) });

    fireEvent.click(await screen.findByRole('button', { name: 'Add this org' }));
    const url = (await screen.findByLabelText('Okta org URL')) as HTMLInputElement;
    expect(url.value).toBe('https://acme.okta.com');
    fireEvent.input(screen.getByLabelText('API token'), { target: { value: '00abcdefghijklmnop' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(worker.sent('settings/save-org')).toHaveLength(1));
    expect(worker.sent('settings/save-org')[0]).toEqual({
      type: 'settings/save-org',
      orgUrl: 'https://acme.okta.com',
      customDomains: [],
      credential: { kind: 'api-token', token: '00abcdefghijklmnop' },
      remember: false,
    });
    worker.reply('settings/save-org', { ok: true, org: { origin: 'https://acme.okta.com', customDomains: [], credential: { kind: 'api-token', hint: '…mnop', remember: false } } });
    await screen.findByText('Saved https://acme.okta.com with its API token.');
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    worker.reply('session/inspect', { ok: true, view: sessionView(now) });
    await waitFor(() => expect(screen.queryByText("Read with this browser's session cookie")).toBeNull());
  });

  it('explains why the cookie read was refused, with Okta’s code', async () => {
    const { worker } = mount({ tabId: 7 });
    await opened(worker);
    worker.reply('session/inspect', {
      ok: true,
      view: {
        state: 'no-credential',
        org: { origin: 'https://acme.okta.com' },
        source: 'sid',
        cookies: [],
        configured: false,
        cookieRead: { status: 'refused', message: 'Okta would not read the session with this browser’s cookie (HTTP 403).', errorCode: 'E0000006', httpStatus: 403 },
      },
    });
    await screen.findByText('Okta would not read the session with this browser’s cookie (HTTP 403).');
    expect(screen.getByText(/HTTP 403 · E0000006/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add this org' })).toBeTruthy();
    // In this browser comes with the lazily loaded chunk, a moment after the first paint.
    expect(await screen.findByRole('heading', { name: 'In this browser' })).toBeTruthy();
  });
});
