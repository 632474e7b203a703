import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, toExportJson, toText } from './export';
import { emptyTimeline, type TimelineEvent, type TimelineState } from './schema';

const ORG = 'https://dev-123456.okta.com';
const A = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102A…AAAA' };
const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

const state = (events: TimelineEvent[], extra: Partial<TimelineState> = {}): TimelineState => ({ ...emptyTimeline(), events, ...extra });

/** The keys each kind may export, and nothing else. */
const ALLOWED: Record<TimelineEvent['kind'], string[]> = {
  cookie: ['time', 'at', 'kind', 'org', 'host', 'cookie', 'change', 'cause', 'session', 'previousSession', 'cookieStore'],
  request: ['time', 'at', 'kind', 'org', 'host', 'method', 'path', 'params', 'resourceType', 'status', 'durationMs', 'error', 'session', 'cookieStore', 'oauth', 'back', 'signals'],
  api: ['time', 'at', 'kind', 'org', 'action', 'method', 'path', 'status', 'durationMs', 'errorCode', 'error', 'session'],
};

const events: TimelineEvent[] = [
  { kind: 'cookie', at: NOW - 3000, org: ORG, host: 'login.example.com', cookie: 'idx', change: 'set', cause: 'explicit', session: A },
  { kind: 'request', at: NOW - 2000, org: ORG, host: 'dev-123456.okta.com', method: 'POST', path: '/api/v1/authn', params: [], status: 200, durationMs: 40, resourceType: 'xmlhttprequest', session: A },
  { kind: 'api', at: NOW - 1000, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/102A…AAAA', status: 204, session: A },
];

describe('toExportJson', () => {
  it('names its format, counts, and lists events oldest first with session hints, never keys', () => {
    const json = JSON.parse(toExportJson(state(events, { dropped: 3, paused: true }), { now: NOW })) as {
      format: string;
      schemaVersion: number;
      exportedAt: string;
      dropped: number;
      paused: boolean;
      events: Array<Record<string, unknown>>;
    };
    expect(json).toMatchObject({ format: EXPORT_FORMAT, schemaVersion: 1, exportedAt: '2026-11-28T12:00:00.000Z', dropped: 3, paused: true });
    expect(json.events.map((e) => e.kind)).toEqual(['cookie', 'request', 'api']);
    expect(json.events[0]).toEqual({
      time: '2026-11-28T11:59:57.000Z',
      at: NOW - 3000,
      kind: 'cookie',
      org: ORG,
      host: 'login.example.com',
      cookie: 'idx',
      change: 'set',
      cause: 'explicit',
      session: '102A…AAAA',
    });
    expect(JSON.stringify(json)).not.toContain(A.key);
  });

  it('exports only the listed fields of each kind, whatever extra keys an event carries (500 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...events), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('Zq9-leak'))), { maxLength: 10 }),
        (items) => {
          const withExtras = items.map(([e, extra]) => ({ ...extra, ...e }) as TimelineEvent);
          const out = toExportJson(state(withExtras), { now: NOW });
          expect(out).not.toContain('Zq9-leak');
          for (const e of (JSON.parse(out) as { events: Array<Record<string, unknown> & { kind: TimelineEvent['kind'] }> }).events) {
            for (const k of Object.keys(e)) expect(ALLOWED[e.kind]).toContain(k);
          }
          expect(toText(state(withExtras), { now: NOW })).not.toContain('Zq9-leak');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('flow facts in the export', () => {
  it('are copied key by key: a viewer can diagnose the trace; an unknown key inside them is not exported', () => {
    const e = {
      kind: 'request',
      at: NOW,
      org: ORG,
      host: 'dev-123456.okta.com',
      method: 'GET',
      path: '/oauth2/default/v1/authorize',
      params: [],
      oauth: { clientId: '0oa1', sent: ['state'], leak: 'Zq9-leak' },
      back: { to: 'https://app.example.com/cb', error: 'access_denied', extra: 'Zq9-leak' },
      signals: { oktaRequestId: true, rateLimit: { reset: 5, x: 'Zq9-leak' } },
    } as unknown as TimelineEvent;
    const out = toExportJson(state([e]), { now: NOW });
    expect(out).not.toContain('Zq9-leak');
    expect(JSON.parse(out).events[0]).toMatchObject({ oauth: { clientId: '0oa1', sent: ['state'] }, back: { to: 'https://app.example.com/cb', error: 'access_denied' }, signals: { oktaRequestId: true, rateLimit: { reset: 5 } } });
  });
});

describe('toText', () => {
  it('a header then one line per event, oldest first, with the host when it is not the org’s', () => {
    const text = toText(state(events, { dropped: 2 }), { now: NOW });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('Okta session timeline, exported 2026-11-28T12:00:00.000Z: 3 events, 2 older dropped');
    expect(lines.slice(3)).toEqual([
      `2026-11-28T11:59:57.000Z  ${ORG} via login.example.com  idx cookie set: session 102A…AAAA`,
      `2026-11-28T11:59:58.000Z  ${ORG}  POST /api/v1/authn → 200, 40 ms`,
      `2026-11-28T11:59:59.000Z  ${ORG} (by the extension)  Revoke session: DELETE /api/v1/sessions/102A…AAAA → 204`,
    ]);
    expect(text).not.toContain(A.key);
  });

  it('says which window or container an event happened in, when not the main one', () => {
    const stored = [
      { ...events[0]!, store: 'firefox-container-2' },
      { ...events[1]!, store: 'firefox-private' },
      { ...events[1]!, store: '1' },
    ] as TimelineEvent[];
    expect(toText(state(stored), { now: NOW }).trimEnd().split('\n').slice(3)).toEqual([
      `2026-11-28T11:59:57.000Z  ${ORG} via login.example.com in a container tab (firefox-container-2)  idx cookie set: session 102A…AAAA`,
      `2026-11-28T11:59:58.000Z  ${ORG} in a private window  POST /api/v1/authn → 200, 40 ms`,
      `2026-11-28T11:59:58.000Z  ${ORG} in an incognito window  POST /api/v1/authn → 200, 40 ms`,
    ]);
    const exported = JSON.parse(toExportJson(state(stored), { now: NOW })) as { events: Array<{ cookieStore?: string }> };
    expect(exported.events.map((e) => e.cookieStore)).toEqual(['firefox-container-2', 'firefox-private', '1']);
  });

  it('says so when empty or paused', () => {
    expect(toText(state([], { paused: true }), { now: NOW }).split('\n')[0]).toBe(
      'Okta session timeline, exported 2026-11-28T12:00:00.000Z: 0 events, recording paused',
    );
  });
});
