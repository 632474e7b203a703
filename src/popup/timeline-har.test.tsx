// @vitest-environment happy-dom
// The Timeline's Export HAR (beside Export JSON), the line saying what exports leave out, and Open a trace….
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, expect, it } from 'vitest';
import { emptyTimeline } from '../shared/timeline/schema';
import { FIXED } from '../shared/timeline/trace-fixture.test-data';
import { FakeWorker } from './fake-worker';
import { TimelinePanel } from './TimelinePanel';

afterEach(() => cleanup());

it('Export HAR saves a .har of the recorded events, and the Timeline says what exports leave out', async () => {
  const worker = new FakeWorker();
  const saved: { name: string; text: string }[] = [];
  render(<TimelinePanel send={worker.send} currentKey={undefined} copyText={async () => {}} saveFile={(name, text) => void saved.push({ name, text })} onShowSession={() => {}} />);
  await waitFor(() => expect(worker.sent('timeline/get')).toHaveLength(1));
  worker.reply('timeline/get', { ok: true, timeline: { ...emptyTimeline(), events: FIXED } });
  const buttons = (await screen.findAllByRole('button')).map((b) => b.textContent);
  expect(buttons.indexOf('Export HAR')).toBe(buttons.indexOf('Export JSON') + 1);
  expect(screen.getByText(/^Left out of exports: 6 query values, 1 cookie's value, all header values, all request and response bodies\.$/)).toBeTruthy();
  expect(screen.getByRole('link', { name: 'Open a trace…' }).getAttribute('href')).toBe('viewer.html');
  fireEvent.click(screen.getByRole('button', { name: 'Export HAR' }));
  await screen.findByText('Exported the timeline as HAR.');
  expect(saved).toHaveLength(1);
  expect(saved[0]!.name).toMatch(/^okta-session-trace-.*\.har$/);
  const har = JSON.parse(saved[0]!.text) as { log: { version: string; entries: unknown[]; _oktaSessionInspector: { diagnoses: { id: string }[] } } };
  expect(har.log.version).toBe('1.2');
  expect(har.log.entries).toHaveLength(4);
  expect(har.log._oktaSessionInspector.diagnoses.map((d) => d.id)).toContain('not-assigned');
});

it('Export this session as HAR saves only that session group, with the diagnoses resting on it', async () => {
  const worker = new FakeWorker();
  const saved: { name: string; text: string }[] = [];
  render(<TimelinePanel send={worker.send} currentKey={undefined} copyText={async () => {}} saveFile={(name, text) => void saved.push({ name, text })} onShowSession={() => {}} />);
  await waitFor(() => expect(worker.sent('timeline/get')).toHaveLength(1));
  worker.reply('timeline/get', { ok: true, timeline: { ...emptyTimeline(), events: FIXED } });
  const [sessionGroup, noSession] = await screen.findAllByRole('button', { name: 'Export this session as HAR' });
  fireEvent.click(sessionGroup!);
  await waitFor(() => expect(saved).toHaveLength(1));
  fireEvent.click(noSession!);
  await waitFor(() => expect(saved).toHaveLength(2));
  expect(saved[0]!.name).toMatch(/^okta-session-trace-session-102AAAAA-.*\.har$/);
  const [a, b] = saved.map((s) => JSON.parse(s.text) as { log: { entries: { request: { method: string } }[]; _oktaSessionInspector: { cookieEvents: unknown[]; diagnoses: { id: string }[] } } });
  expect(a!.log.entries.map((e) => e.request.method)).toEqual(['POST', 'GET', 'DELETE']);
  expect(a!.log._oktaSessionInspector.cookieEvents).toHaveLength(1);
  expect(a!.log._oktaSessionInspector.diagnoses.map((d) => d.id)).toEqual(['session-ended']);
  expect(b!.log.entries.map((e) => e.request.method)).toEqual(['GET']);
  expect(b!.log._oktaSessionInspector.diagnoses.map((d) => d.id)).toEqual(['not-assigned']);
});
