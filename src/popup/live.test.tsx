// @vitest-environment happy-dom
// The App as a live view: what it asks the worker when the browser says the session may have changed.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Live, LiveTarget } from '../shared/live';
import { liveHooks, type LiveHooks } from '../shared/live-look';
import type { InspectView } from '../shared/protocol';
import { App } from './App';
import { FakeWorker, sessionView } from './fake-worker';
import { formatClock } from './time';

afterEach(cleanup);

function mount(extra: Partial<Parameters<typeof App>[0]> = {}, namesTab = false, wait?: (ms: number) => Promise<void>) {
  const worker = new FakeWorker();
  const started: Array<{ target: LiveTarget; hooks: LiveHooks; stopped: boolean }> = [];
  // The App's side and the real look logic (live-look.ts); only the browser's events are the test's.
  const live: Live = (target, view) => {
    const entry = { target, hooks: liveHooks(view, target, namesTab, wait), stopped: false };
    started.push(entry);
    return () => void (entry.stopped = true);
  };
  render(
    <App send={worker.send} resolveTarget={async () => ({ tabId: 7 })} openOptions={vi.fn()} copyText={vi.fn(async () => undefined)} live={live} {...extra} />,
  );
  /** The watch the App started (it starts once the App knows its target, after a render). */
  const watching = async () => {
    await waitFor(() => expect(started).toHaveLength(1));
    return started[0]!;
  };
  return { worker, started, watching };
}

const noCookie: InspectView = { state: 'no-cookie', org: { origin: 'https://acme.okta.com' }, hasCredential: true };

async function openedWith(worker: FakeWorker, view: InspectView) {
  await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(1));
  worker.reply('session/cached', { ok: true, view: null });
  worker.reply('session/inspect', { ok: true, view });
}

describe('a live view', () => {
  it('starts watching the tab it shows once it knows it', async () => {
    const { started } = mount();
    await waitFor(() => expect(started).toHaveLength(1));
    expect(started[0]!.target).toEqual({ tabId: 7 });
  });

  it('on a change, shows the cached view when the tab still holds that session: no inspect, so no Okta request', async () => {
    const now = Date.now();
    const { worker, started } = mount();
    await openedWith(worker, sessionView(now));
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    const look = started[0]!.hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
    worker.reply('session/cached', { ok: true, view: sessionView(now, { status: 'MFA_REQUIRED' }) });
    await look;
    await screen.findByText('MFA_REQUIRED');
    expect(worker.sent('session/inspect')).toHaveLength(1);
  });

  it('on a change to another session, asks once for the fresh view, and shows it without a click', async () => {
    const now = Date.now();
    const { worker, started } = mount();
    await openedWith(worker, noCookie);
    await screen.findByText(/No Okta session in this browser/);
    const look = started[0]!.hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
    worker.reply('session/cached', { ok: true, view: null });
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    worker.reply('session/inspect', { ok: true, view: sessionView(now) });
    await look;
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    expect(screen.getByText(`Checked with Okta at ${formatClock(now)}.`)).toBeTruthy();
  });

  it('says politely what changed by itself (a new session, an ended one), and nothing when the session stayed', async () => {
    const now = Date.now();
    const { worker, started } = mount();
    await openedWith(worker, noCookie);
    await screen.findByText(/No Okta session in this browser/);
    const status = () => screen.getAllByRole('status').map((e) => e.textContent).join(' ');
    expect(status()).not.toContain('Now showing');

    let look = started[0]!.hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
    worker.reply('session/cached', { ok: true, view: null });
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    worker.reply('session/inspect', { ok: true, view: sessionView(now) });
    await look;
    await waitFor(() => expect(status()).toContain('Now showing a new session for john.doe@example.com.'));

    // The same session again (its cached view, a field changed): the status line is not read out again.
    look = started[0]!.hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(3));
    worker.reply('session/cached', { ok: true, view: sessionView(now, { status: 'MFA_REQUIRED' }) });
    await look;
    await screen.findByText('MFA_REQUIRED');
    expect(status()).not.toContain('The session shown has ended');

    look = started[0]!.hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(4));
    worker.reply('session/cached', {
      ok: true,
      view: { state: 'ended', org: { origin: 'https://acme.okta.com' }, sessionKey: 'k3yOfTheSession0', idHint: '102X…CU-Q', source: 'sid' },
    });
    await look;
    await waitFor(() => expect(status()).toContain('The session shown has ended.'));
  });

  it('a change during the opening look waits for it, then finds its cached view', async () => {
    const { worker, started } = mount();
    await waitFor(() => expect(started).toHaveLength(1));
    void started[0]!.hooks.changed();
    await new Promise((r) => setTimeout(r, 20));
    expect(worker.sent('session/cached')).toHaveLength(1);
    worker.reply('session/cached', { ok: true, view: null });
    worker.reply('session/inspect', { ok: true, view: noCookie });
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
  });

  it('does not wait for ever on an opening look the worker never answers', async () => {
    // The 3 s the look gives the one before it, passed by the test rather than slept through.
    const waits: Array<{ ms: number; pass: () => void }> = [];
    const { worker, watching } = mount({}, false, (ms) => new Promise<void>((pass) => waits.push({ ms, pass })));
    const { hooks } = await watching();
    void hooks.changed();
    await waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]!.ms).toBe(3_000);
    expect(worker.sent('session/cached')).toHaveLength(1);
    waits[0]!.pass();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
  });

  it('shows a failed live look in the alert, with Retry', async () => {
    const { worker, watching } = mount();
    await openedWith(worker, noCookie);
    const look = (await watching()).hooks.changed();
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
    worker.reply('session/cached', { ok: true, view: null });
    await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(2));
    worker.reply('session/inspect', { ok: false, error: { kind: 'network', message: 'Okta did not answer.' } });
    await look;
    expect((await screen.findByRole('alert')).textContent).toContain('Okta did not answer.');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });

  it('follows a new tab without restarting the watch, and the panel says which tab it shows', async () => {
    const now = Date.now();
    const { worker, started, watching } = mount({}, true);
    await openedWith(worker, noCookie);
    const { hooks } = await watching();
    hooks.tab({ tabId: 7, title: 'Sign in', origin: 'https://acme.okta.com' });
    await screen.findByText('Showing “Sign in”');
    hooks.retarget({ tabId: 8 });
    await waitFor(() => expect(worker.sent('session/cached')).toHaveLength(2));
    expect(worker.sent('session/cached')[1]).toEqual({ type: 'session/cached', tabId: 8 });
    worker.reply('session/cached', { ok: true, view: sessionView(now) });
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    expect(worker.sent('session/inspect')).toHaveLength(1);
    expect(started).toHaveLength(1);
    expect(started[0]!.stopped).toBe(false);
  });

  it('the popup does not name the tab (it is opened on it)', async () => {
    const { worker, watching } = mount();
    await openedWith(worker, noCookie);
    (await watching()).hooks.tab({ tabId: 7, title: 'Sign in' });
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByText(/Showing/)).toBeNull();
  });
});

describe('Open side panel', () => {
  it('is offered when the entry gives it, and is called within the click with the target', async () => {
    const openPanel = vi.fn();
    const { worker } = mount({ openPanel });
    await openedWith(worker, noCookie);
    fireEvent.click(screen.getByRole('button', { name: 'Open side panel' }));
    expect(openPanel).toHaveBeenCalledWith({ tabId: 7 });
  });

  it('is not there on the panel itself', async () => {
    const { worker } = mount({}, true);
    await openedWith(worker, noCookie);
    expect(screen.queryByRole('button', { name: 'Open side panel' })).toBeNull();
  });
});
