// @vitest-environment happy-dom
// viewer.html's page: a file chosen in "Open a trace file" is shown with the Timeline's own view and What went
// wrong, read-only; a file it cannot read gets a sentence in role="alert" and the page goes on working.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { toExportJson } from '../shared/timeline/export';
import { toHarJson } from '../shared/timeline/har';
import { emptyTimeline } from '../shared/timeline/schema';
import { FIXED, NOW } from '../shared/timeline/trace-fixture.test-data';
import { MAX_TRACE_BYTES } from '../shared/timeline/trace-file';
import { TraceViewer } from './TraceViewer';

afterEach(() => cleanup());

function choose(name: string, text: string) {
  const input = screen.getByLabelText('Open a trace file') as HTMLInputElement;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('TraceViewer', () => {
  for (const [name, text] of [
    ['trace.json', toExportJson({ ...emptyTimeline(), events: FIXED }, { now: NOW })],
    ['trace.har', toHarJson(FIXED, { now: NOW, version: '0.1.0' })],
  ] as const) {
    it(`shows ${name} with the Timeline's view and What went wrong, without Pause or Clear`, async () => {
      render(<TraceViewer copyText={async () => {}} />);
      choose(name, text);
      const timeline = await screen.findByRole('region', { name: 'Session timeline' });
      expect(within(timeline).getByRole('region', { name: 'What went wrong' }).textContent).toContain('User not assigned to the app');
      expect(timeline.textContent).toContain('POST /api/v1/authn → 200, 40 ms');
      expect(timeline.textContent).toContain('Session 102A…AAAA');
      expect(document.querySelector('.trace-name')?.textContent).toContain(`${name} (${name.endsWith('har') ? 'HAR' : 'JSON'}): 5 events`);
      expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Export HAR' })).toBeTruthy();
    });
  }

  it('says why a file cannot be opened, and opens the next one', async () => {
    render(<TraceViewer copyText={async () => {}} />);
    choose('x.har', JSON.stringify({ log: { version: '1.2', entries: [] } }));
    expect((await screen.findByRole('alert')).textContent).toContain('not exported by Okta Session Inspector');
    choose('big.json', ' '.repeat(MAX_TRACE_BYTES + 1));
    expect((await screen.findByRole('alert')).textContent).toBe('This file is 10.0 MB; a trace file is at most 10 MB.');
    choose('x.json', '{');
    await screen.findByText('This file is not JSON: open a file saved with Export JSON or Export HAR.');
    choose('trace.json', toExportJson({ ...emptyTimeline(), events: FIXED }, { now: NOW }));
    await screen.findByRole('region', { name: 'Session timeline' });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
