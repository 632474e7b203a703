// @vitest-environment happy-dom
// What went wrong in the popup, through the App with a fake worker: the Session view and the Timeline show the
// diagnoses of the tab's latest flow (title, Okta's words, a Fix: line, the events behind a disclosure), the
// Timeline reads flows as flows, and Copy diagnosis copies a plain-text report.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import type { TimelineEvent, TimelineState } from '../shared/timeline/schema';
import { App } from './App';
import { TimelinePanel } from './TimelinePanel';
import { FakeWorker, sessionView } from './fake-worker';

afterEach(() => cleanup());

const ORG = 'https://acme.okta.com';
const HOST = 'acme.okta.com';
const APP = 'https://app.example.com';

function failedFlow(now: number): TimelineEvent[] {
  return [
    { kind: 'request', at: now - 5000, org: ORG, host: HOST, method: 'GET', path: '/oauth2/default/v1/authorize', params: ['client_id=0oaApp1'], resourceType: 'main_frame', status: 302, oauth: { clientId: '0oaApp1', scope: 'openid profile', codeChallengeMethod: 'S256', sent: ['code_challenge', 'state'], redirectUri: `${APP}/callback` } },
    { kind: 'request', at: now - 4000, org: ORG, host: HOST, method: 'GET', path: '/login/login.htm', params: ['fromURI'], resourceType: 'main_frame', status: 200 },
    { kind: 'request', at: now - 1000, org: ORG, host: HOST, method: 'GET', path: '/oauth2/v1/authorize/redirect', params: ['okta_key'], resourceType: 'main_frame', status: 302, back: { to: `${APP}/callback`, error: 'access_denied', errorDescription: 'User is not assigned to the client application.', state: true } },
  ];
}

const state = (events: TimelineEvent[]): TimelineState => ({ events, dropped: 0, paused: false, current: {} });

async function mount(events: TimelineEvent[]) {
  const worker = new FakeWorker();
  const copied: string[] = [];
  render(<App send={worker.send} resolveTarget={async () => ({ tabId: 7 })} openOptions={() => {}} copyText={async (t) => void copied.push(t)} saveFile={() => {}} watchTimeline={() => () => {}} />);
  await waitFor(() => expect(worker.sent('session/inspect')).toHaveLength(1));
  worker.reply('session/cached', { ok: true, view: null });
  worker.reply('session/inspect', { ok: true, view: sessionView(Date.now()) });
  await waitFor(() => expect(worker.sent('timeline/get')).toHaveLength(1));
  worker.reply('timeline/get', { ok: true, timeline: state(events) });
  return { worker, copied };
}

it('the Session view shows What went wrong with the title, Okta’s words and the Fix: line; Copy diagnosis copies it', async () => {
  const { copied } = await mount(failedFlow(Date.now()));
  const region = await screen.findByRole('region', { name: 'What went wrong' });
  const r = within(region);
  r.getByRole('heading', { name: /User not assigned to the app/ });
  expect(region.textContent).toContain('User is not assigned to the client application.');
  expect(r.getByText(/^Fix: /).textContent).toBe('Fix: Admin Console → Applications → Applications → the app with Client ID 0oaApp1 → Assignments → Assign → Assign to People (or Groups), then sign in again.');
  expect(r.getByText(/events it rests on/).closest('details')).not.toBeNull();
  fireEvent.click(r.getByRole('button', { name: 'Copy diagnosis' }));
  await r.findByText('Copied the diagnosis.');
  expect(copied[0]).toContain('1. User not assigned to the app (certain)');
  expect(copied[0]).toContain('Fix: Admin Console');
});

it('nothing to say: no region', async () => {
  await mount([]);
  await screen.findByRole('heading', { name: 'john.doe@example.com' });
  await new Promise((r) => setTimeout(r, 50));
  expect(screen.queryByRole('region', { name: 'What went wrong' })).toBeNull();
});

it('the Timeline shows the region at its top and reads the flow as a flow', async () => {
  const now = Date.now();
  const { worker } = await mount(failedFlow(now));
  fireEvent.click(screen.getByRole('tab', { name: 'Timeline' }));
  await waitFor(() => expect(worker.sent('timeline/get')).toHaveLength(2));
  worker.reply('timeline/get', { ok: true, timeline: state(failedFlow(now)) });
  const panel = await screen.findByRole('tabpanel', { name: 'Timeline' });
  const region = await within(panel).findByRole('region', { name: 'What went wrong' });
  expect(region.textContent).toContain('User not assigned to the app');
  expect(panel.textContent).toContain('authorize (client 0oaApp1, scope openid profile, PKCE S256) → Okta sign-in → redirect to https://app.example.com/callback with error=access_denied');
});

it("offers access to the app's own site when the browser would hide its calls, and says when it is allowed", async () => {
  const worker = new FakeWorker();
  const asked: string[] = [];
  const granted = new Set<string>();
  render(
    <TimelinePanel
      send={worker.send}
      currentKey={undefined}
      copyText={async () => {}}
      onShowSession={() => {}}
      siteAccess={{ has: async (o) => granted.has(o), request: async (o) => (asked.push(o), granted.add(o), true) }}
    />,
  );
  await waitFor(() => expect(worker.sent('timeline/get')).toHaveLength(1));
  worker.reply('timeline/get', { ok: true, timeline: state(failedFlow(Date.now())) });
  fireEvent.click(await screen.findByRole('button', { name: 'Allow on https://app.example.com' }));
  await screen.findByText('Allowed on https://app.example.com: its own calls to Okta are recorded from now on.');
  expect(asked).toEqual(['https://app.example.com']);
  expect(screen.queryByRole('button', { name: 'Allow on https://app.example.com' })).toBeNull();
});
