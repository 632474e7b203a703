// @vitest-environment happy-dom
// The popup's Timeline and Advanced views, through the App with a fake worker: tabs, grouping, the current
// session's mark, Pause/Clear/Export/Copy, and creating a session from a session token.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TimelineEvent, TimelineState } from '../shared/timeline/schema';
import { App } from './App';
import { FakeWorker, sessionView } from './fake-worker';
import type { Target } from './target';
import { formatWhen } from './time';

afterEach(() => cleanup());

const ORG = 'https://acme.okta.com';
const HOST = 'acme.okta.com';
/** The key of fake-worker's sessionView: the session the Session tab shows. */
const CURRENT = { key: 'k3yOfTheSession0', hint: '102X…CU-Q' };
const OLD = { key: 'oldSessionKey000', hint: '102O…LD00' };

function mount(target: Target = { tabId: 7 }) {
  const worker = new FakeWorker();
  const copied: string[] = [];
  const saved: { name: string; text: string }[] = [];
  let changed: (() => void) | undefined;
  const unwatch = vi.fn();
  render(
    <App
      send={worker.send}
      resolveTarget={async () => target}
      openOptions={() => {}}
      copyText={async (text) => void copied.push(text)}
      saveFile={(name, text) => void saved.push({ name, text })}
      watchTimeline={(onChange) => {
        changed = onChange;
        return unwatch;
      }}
    />,
  );
  return { worker, copied, saved, unwatch, change: () => changed?.() };
}

async function withSession(now = Date.now()) {
  const m = mount();
  await waitFor(() => expect(m.worker.sent('session/inspect')).toHaveLength(1));
  m.worker.reply('session/cached', { ok: true, view: null });
  m.worker.reply('session/inspect', { ok: true, view: sessionView(now) });
  await screen.findByRole('heading', { name: 'john.doe@example.com' });
  // The Session view's What went wrong reads the timeline once, after its first paint (SessionDiagnoses).
  await waitFor(() => expect(m.worker.sent('timeline/get')).toHaveLength(1));
  m.worker.reply('timeline/get', { ok: true, timeline: state([]) });
  return m;
}

function state(events: TimelineEvent[], extra: Partial<TimelineState> = {}): TimelineState {
  return { events, dropped: 0, paused: false, current: {}, ...extra };
}

function story(now: number): TimelineEvent[] {
  return [
    { kind: 'request', at: now - 600_000, org: ORG, host: HOST, method: 'POST', path: '/login/login.htm', params: [], status: 302, durationMs: 80 },
    { kind: 'cookie', at: now - 599_000, org: ORG, host: HOST, cookie: 'sid', change: 'set', cause: 'explicit', session: OLD },
    { kind: 'cookie', at: now - 300_000, org: ORG, host: HOST, cookie: 'sid', change: 'replaced', cause: 'overwrite', session: CURRENT, previous: OLD },
    { kind: 'api', at: now - 60_000, org: ORG, action: 'refresh', method: 'POST', path: '/api/v1/sessions/102X…CU-Q/lifecycle/refresh', status: 200, durationMs: 41, session: CURRENT },
  ];
}

async function openTimeline(m: ReturnType<typeof mount>, reply: TimelineState) {
  const before = m.worker.sent('timeline/get').length;
  fireEvent.click(screen.getByRole('tab', { name: 'Timeline' }));
  await waitFor(() => expect(m.worker.sent('timeline/get')).toHaveLength(before + 1));
  m.worker.reply('timeline/get', { ok: true, timeline: reply });
  await screen.findByRole('button', { name: 'Export JSON' });
}

describe('tabs', () => {
  it('Session, Timeline and Advanced are ARIA tabs; arrow keys move between them', async () => {
    await withSession();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['Session', 'Timeline', 'Advanced']);
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false', 'false']);
    expect(screen.getByRole('tablist').getAttribute('aria-label')).toBe('Views');
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' });
    await waitFor(() => expect(screen.getByRole('tab', { name: 'Timeline' }).getAttribute('aria-selected')).toBe('true'));
    expect(document.activeElement?.id).toBe('tab-timeline');
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-timeline');
  });
});

describe('Timeline', () => {
  it('groups newest first with when each session started and what ended it, each event with time and age', async () => {
    const now = Date.now();
    const m = await withSession(now);
    await openTimeline(m, state(story(now)));
    const groups = screen.getAllByRole('region').filter((r) => r.classList.contains('tl-group'));
    expect(groups.map((g) => within(g).getByRole('heading').textContent)).toEqual([
      `Session ${CURRENT.hint} at ${HOST}`,
      `Session ${OLD.hint} at ${HOST}`,
      `No session at ${HOST}`,
    ]);
    const [current, old] = groups;
    expect(current!.textContent).toContain(`Started ${formatWhen(now - 300_000, now)} (5 min ago)`);
    expect(old!.textContent).toContain(`ended ${formatWhen(now - 300_000, now)}: replaced by ${CURRENT.hint}`);
    const items = within(current!).getAllByRole('listitem').map((li) => li.textContent);
    expect(items[0]).toMatch(/1 min ago/);
    expect(items[0]).toContain('Refresh session: POST /api/v1/sessions/102X…CU-Q/lifecycle/refresh → 200, 41 ms (by this extension)');
    expect(items[1]).toContain(`sid cookie replaced: session ${CURRENT.hint} (was ${OLD.hint})`);
    expect(current!.querySelector('time')!.getAttribute('datetime')).toBe(new Date(now - 60_000).toISOString());
  });

  it('names the private window or container a group happened in', async () => {
    const now = Date.now();
    const m = await withSession(now);
    const [signIn, set] = story(now) as [TimelineEvent, TimelineEvent];
    await openTimeline(m, state([{ ...signIn, store: 'firefox-private' } as TimelineEvent, { ...set, store: 'firefox-container-3' } as TimelineEvent, signIn]));
    const groups = screen.getAllByRole('region').filter((r) => r.classList.contains('tl-group'));
    expect(groups.map((g) => within(g).getByRole('heading').textContent)).toEqual([
      `Session ${OLD.hint} at ${HOST} in a container tab (firefox-container-3)`,
      `No session at ${HOST}`,
      `No session at ${HOST} in a private window`,
    ]);
  });

  it('marks the current session’s group, which leads back to its details', async () => {
    const now = Date.now();
    const m = await withSession(now);
    await openTimeline(m, state(story(now)));
    const marked = screen.getByText('This tab’s session').closest('section')!;
    expect(within(marked).getByRole('heading').textContent).toContain(CURRENT.hint);
    expect(screen.getAllByText('This tab’s session')).toHaveLength(1);
    fireEvent.click(within(marked).getByRole('button', { name: 'Show session details' }));
    await screen.findByRole('heading', { name: 'john.doe@example.com' });
    expect(screen.getByRole('tab', { name: 'Session' }).getAttribute('aria-selected')).toBe('true');
  });

  it('pauses and resumes, clears, and says how many older events were dropped', async () => {
    const now = Date.now();
    const m = await withSession(now);
    await openTimeline(m, state(story(now), { dropped: 12 }));
    expect(screen.getByText(/12 older events were dropped: the timeline keeps the latest 500/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(m.worker.sent('timeline/pause')).toEqual([{ type: 'timeline/pause', paused: true }]));
    m.worker.reply('timeline/pause', { ok: true, timeline: state(story(now), { dropped: 12, paused: true }) });
    await screen.findByRole('button', { name: 'Resume' });
    expect(screen.getByText(/Recording paused: nothing new is recorded/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(m.worker.sent('timeline/clear')).toHaveLength(1));
    m.worker.reply('timeline/clear', { ok: true, timeline: state([], { paused: true }) });
    await screen.findByText(/Nothing recorded yet/);
    expect(screen.queryByText(/older events were dropped/)).toBeNull();
    expect(screen.getByText('Timeline cleared.')).toBeTruthy();
  });

  it('exports JSON as a download and copies text, both without session keys', async () => {
    const now = Date.now();
    const m = await withSession(now);
    await openTimeline(m, state(story(now)));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(m.saved).toHaveLength(1);
    expect(m.saved[0]!.name).toMatch(/^okta-session-timeline-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
    const json = JSON.parse(m.saved[0]!.text) as { events: unknown[] };
    expect(json.events).toHaveLength(4);
    fireEvent.click(screen.getByRole('button', { name: 'Copy as text' }));
    await screen.findByText('Copied the timeline as text.');
    expect(m.copied[0]).toMatch(/^Okta session timeline, exported .*: 4 events/);
    for (const out of [m.saved[0]!.text, m.copied[0]!]) {
      expect(out).not.toContain(CURRENT.key);
      expect(out).toContain(CURRENT.hint);
    }
  });

  it('asks the worker again when the recorded timeline changes, and stops listening when closed', async () => {
    const now = Date.now();
    const m = await withSession(now);
    await openTimeline(m, state([]));
    m.change();
    await waitFor(() => expect(m.worker.sent('timeline/get')).toHaveLength(3));
    m.worker.reply('timeline/get', { ok: true, timeline: state(story(now)) });
    await screen.findByText('This tab’s session');
    fireEvent.click(screen.getByRole('tab', { name: 'Session' }));
    expect(m.unwatch).toHaveBeenCalled();
  });

  it('drops an invalid event from a reply rather than showing it, and shows a failure as an alert', async () => {
    const now = Date.now();
    const m = await withSession(now);
    const bad = { kind: 'request', at: now, org: ORG, host: HOST, method: 'GET', path: 'x'.repeat(700), params: [] };
    await openTimeline(m, state([...story(now), bad as TimelineEvent]));
    expect(screen.queryByText(/xxxxxxxx/)).toBeNull();
    m.change();
    await waitFor(() => expect(m.worker.sent('timeline/get')).toHaveLength(3));
    m.worker.reply('timeline/get', { ok: false, error: { kind: 'internal', message: 'The worker fell over.' } });
    expect((await screen.findByRole('alert')).textContent).toContain('The worker fell over.');
  });
});

describe('Advanced: Create session', () => {
  async function openAdvanced(m: ReturnType<typeof mount>) {
    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    return (await screen.findByLabelText('Session token')) as HTMLInputElement;
  }

  it('offers a password field, the adoption choice with its explanation, and the 2025.10 note', async () => {
    const m = await withSession();
    const field = await openAdvanced(m);
    expect(field.type).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('off');
    const use = screen.getByLabelText('Use in this browser') as HTMLInputElement;
    expect(use.checked).toBe(false);
    expect(document.getElementById(use.getAttribute('aria-describedby')!)!.textContent).toMatch(/sets the org’s sid cookie to the new session/i);
    expect(screen.getByText(/removed this call \(POST \/api\/v1\/sessions\) from its published API in 2025\.10; some orgs refuse it/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Create session' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('creates and adopts: the Session tab then shows the new session, and the token is gone from the page', async () => {
    const now = Date.now();
    const m = await withSession(now);
    const field = await openAdvanced(m);
    const token = '20111ReallyASessionToken0123456789abcdef';
    fireEvent.input(field, { target: { value: token } });
    fireEvent.click(screen.getByLabelText('Use in this browser'));
    fireEvent.click(screen.getByRole('button', { name: 'Create session' }));
    await waitFor(() => expect(m.worker.sent('session/create')).toEqual([{ type: 'session/create', tabId: 7, sessionToken: token, use: true }]));
    m.worker.reply('session/create', { ok: true, view: sessionView(now, { login: 'new.user@example.com', idHint: '102N…EW00', key: 'newSessionKey000' }) });
    await screen.findByRole('heading', { name: 'new.user@example.com' });
    expect(screen.getByText('102N…EW00')).toBeTruthy();
    expect(screen.getByText('Created a new session and set it in this browser.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    expect(((await screen.findByLabelText('Session token')) as HTMLInputElement).value).toBe('');
    expect(document.documentElement.outerHTML).not.toContain(token);
  });

  it('creates without adopting: shows the new session there, and the tab’s session stays', async () => {
    const now = Date.now();
    const m = await withSession(now);
    fireEvent.input(await openAdvanced(m), { target: { value: 'aSessionToken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create session' }));
    await waitFor(() => expect(m.worker.sent('session/create')[0]).toMatchObject({ use: false }));
    m.worker.reply('session/create', { ok: true, view: sessionView(now, { login: 'new.user@example.com', idHint: '102N…EW00' }) });
    expect((await screen.findByText(/Created session/)).textContent).toMatch(/102N…EW00 for new.user@example.com: expires in/);
    fireEvent.click(screen.getByRole('tab', { name: 'Session' }));
    expect(screen.getByRole('heading', { name: 'john.doe@example.com' })).toBeTruthy();
  });

  it('shows Okta’s refusal plainly in an alert, and Retry sends again', async () => {
    const m = await withSession();
    fireEvent.input(await openAdvanced(m), { target: { value: 'aSessionToken' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create session' }));
    await waitFor(() => expect(m.worker.sent('session/create')).toHaveLength(1));
    m.worker.reply('session/create', {
      ok: false,
      error: {
        kind: 'okta',
        status: 405,
        message: 'https://acme.okta.com refused to create a session (HTTP 405). Okta removed POST /api/v1/sessions from its published API in 2025.10, and some orgs no longer offer it.',
        okta: { errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' },
      },
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('E0000022');
    expect(alert.textContent).toContain('refused to create a session (HTTP 405)');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(m.worker.sent('session/create')).toHaveLength(2));
  });

  it('on a tab that is not Okta, asks to pick an org first', async () => {
    const m = mount();
    await waitFor(() => expect(m.worker.sent('session/inspect')).toHaveLength(1));
    m.worker.reply('session/inspect', { ok: true, view: { state: 'not-okta', host: 'intranet.example.com', orgs: [] } });
    await screen.findByText('Not an Okta page');
    fireEvent.click(screen.getByRole('tab', { name: 'Advanced' }));
    await screen.findByText(/Pick one of your orgs on the Session tab first/);
    expect(screen.queryByLabelText('Session token')).toBeNull();
  });
});

describe('the Timeline as events arrive', () => {
  it('keeps the rows it shows when one event is appended (and the oldest dropped): only the new one is drawn', async () => {
    const now = Date.now();
    const m = await withSession(now);
    const events = story(now);
    await openTimeline(m, state(events));
    const before = new Map([...document.querySelectorAll('.tl-events li')].map((li) => [li.textContent, li]));
    expect(before.size).toBe(4);

    const next: TimelineEvent = { kind: 'request', at: now - 1_000, org: ORG, host: HOST, method: 'GET', path: '/app/UserHome', params: [], status: 200, durationMs: 12, session: CURRENT };
    // The Session view's What went wrong asks for the timeline too: count from what was asked so far.
    const asked = m.worker.sent('timeline/get').length;
    m.change();
    await waitFor(() => expect(m.worker.sent('timeline/get')).toHaveLength(asked + 1));
    m.worker.reply('timeline/get', { ok: true, timeline: state([...events.slice(1), next], { dropped: 1 }) });
    await screen.findByText(/GET \/app\/UserHome/);
    const after = [...document.querySelectorAll('.tl-events li')];
    expect(after).toHaveLength(4);
    // The three events kept are the very same DOM nodes; the dropped one is gone.
    const kept = after.filter((li) => [...before.values()].includes(li));
    expect(kept).toHaveLength(3);
  });
});
