import { describe, expect, it } from 'vitest';
import { liveChange } from './live-announce';
import type { InspectView } from './protocol';

const org = { origin: 'https://acme.okta.com' };
const session = (key: string, login?: string): InspectView => ({
  state: 'session',
  org,
  source: 'sid',
  fetchedAt: 1,
  session: { key, idHint: '102X…CU-Q', ...(login ? { login } : {}) },
});

describe('liveChange', () => {
  it('names a new session, and says nothing for the one already shown', () => {
    expect(liveChange(null, session('a', 'jo@example.com'))).toBe('Now showing a new session for jo@example.com.');
    expect(liveChange(session('a'), session('b'))).toBe('Now showing a new session.');
    expect(liveChange(session('a', 'jo@example.com'), session('a', 'jo@example.com'))).toBe('');
  });

  it('says when the session ended or the cookie went, once', () => {
    const ended: InspectView = { state: 'ended', org, sessionKey: 'a', idHint: '102X…CU-Q', source: 'sid' };
    const gone: InspectView = { state: 'no-cookie', org, hasCredential: true };
    expect(liveChange(session('a'), ended)).toBe('The session shown has ended.');
    expect(liveChange(ended, ended)).toBe('');
    expect(liveChange(session('a'), gone)).toBe('There is no Okta session in this browser for this site now.');
    expect(liveChange(gone, gone)).toBe('');
    expect(liveChange(gone, { state: 'not-okta', orgs: [] })).toBe('This tab is not an Okta page.');
  });
});
