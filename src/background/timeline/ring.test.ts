import { describe, expect, it } from 'vitest';
import { emptyTimeline, parseTimelineState, type TimelineEvent } from '../../shared/timeline/schema';
import { append, clear, currentSession, noteCurrentSession, setPaused } from './ring';
import { apiEvent } from './api-events';

const ORG = 'https://dev-123456.okta.com';
const HOST = 'dev-123456.okta.com';
const A = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102A…AAAA' };
const B = { key: 'BBBBBBBBBBBBBBBBBBBBBB', hint: '102B…BBBB' };

const req = (at: number): TimelineEvent => ({ kind: 'request', at, org: ORG, host: HOST, method: 'GET', path: '/login/login.htm', params: [] });
const cookie = (at: number, change: 'set' | 'replaced' | 'removed', session?: typeof A): TimelineEvent => ({
  kind: 'cookie',
  at,
  org: ORG,
  host: HOST,
  cookie: 'sid',
  change,
  cause: change === 'removed' ? 'expired_overwrite' : change === 'replaced' ? 'overwrite' : 'explicit',
  ...(session ? { session } : {}),
});

describe('timeline ring', () => {
  it('keeps the newest `capacity` events, oldest first, and counts what it dropped', () => {
    let s = emptyTimeline();
    for (let i = 0; i < 12; i++) s = append(s, req(i), 5);
    expect(s.events.map((e) => e.at)).toEqual([7, 8, 9, 10, 11]);
    expect(s.dropped).toBe(7);
  });

  it('defaults to 500 events', () => {
    let s = emptyTimeline();
    for (let i = 0; i < 510; i++) s = append(s, req(i));
    expect(s.events).toHaveLength(500);
    expect(s.dropped).toBe(10);
    expect(s.events[0]!.at).toBe(10);
  });

  it('does not modify the state it is given', () => {
    const s = append(emptyTimeline(), req(1));
    const frozen = JSON.stringify(s);
    append(s, req(2));
    clear(s);
    setPaused(s, true);
    expect(JSON.stringify(s)).toBe(frozen);
  });

  it('while paused stores nothing but still tracks the current session', () => {
    let s = setPaused(emptyTimeline(), true);
    s = append(s, req(1));
    s = append(s, cookie(2, 'set', A));
    expect(s.events).toEqual([]);
    expect(s.dropped).toBe(0);
    expect(currentSession(s, HOST)).toEqual(A);
    s = append(setPaused(s, false), req(3));
    expect(s.events.map((e) => e.at)).toEqual([3]);
  });

  it('clear forgets events and the dropped count, keeps paused and current sessions', () => {
    let s = emptyTimeline();
    for (let i = 0; i < 4; i++) s = append(s, req(i), 2);
    s = append(s, cookie(9, 'set', A), 2);
    s = setPaused(s, true);
    const c = clear(s);
    expect(c).toEqual({ events: [], dropped: 0, paused: true, current: { [HOST]: { sid: A } } });
  });

  it('tracks the current session per host: set, replaced, removed; sid before idx', () => {
    let s = append(emptyTimeline(), cookie(1, 'set', A));
    expect(currentSession(s, HOST)).toEqual(A);
    s = append(s, cookie(2, 'replaced', B));
    expect(currentSession(s, 'DEV-123456.okta.com')).toEqual(B);
    s = noteCurrentSession(s, HOST, 'idx', A);
    expect(currentSession(s, HOST)).toEqual(B);
    s = append(s, cookie(3, 'removed', B));
    expect(currentSession(s, HOST)).toEqual(A);
    s = noteCurrentSession(s, HOST, 'idx', undefined);
    expect(currentSession(s, HOST)).toBeUndefined();
    expect(s.current).toEqual({});
  });

  it('stores only what the schema allows: unknown keys are dropped, an invalid event is refused', () => {
    const sneaky = { ...req(1), value: 'the-raw-cookie', url: 'https://x/?code=1' } as unknown as TimelineEvent;
    const s = append(emptyTimeline(), sneaky);
    expect(s.events).toEqual([req(1)]);
    const fullId = { ...cookie(2, 'set'), session: { key: 'AAAAAAAAAAAAAAAA', hint: '102XV1tNvxsTm69-StW_BCU-Q' } } as TimelineEvent;
    expect(append(s, fullId)).toBe(s);
    expect(append(s, { kind: 'nope' } as unknown as TimelineEvent)).toBe(s);
  });

  it('stored state read back: whole when valid, salvaged when not, empty for garbage', () => {
    let s = append(emptyTimeline(), cookie(1, 'set', A));
    s = append(s, req(2));
    expect(parseTimelineState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(parseTimelineState({ events: [req(1), { kind: 'bad' }, req(3)], dropped: -4, paused: 'yes', current: 7 })).toEqual({
      events: [req(1), req(3)],
      dropped: 0,
      paused: false,
      current: {},
    });
    for (const junk of [undefined, null, 'x', 42, []]) expect(parseTimelineState(junk)).toEqual(emptyTimeline());
  });
});

describe('api events', () => {
  it('show the session by its hint in path and error, keep the key, drop query and odd fields', () => {
    const id = '102XV1tNvxsTm69-StW_BCU-Q';
    const e = apiEvent({
      at: 5.4,
      org: ORG,
      action: 'refresh',
      method: 'post',
      path: `/api/v1/sessions/${id}/lifecycle/refresh?x=1#y`,
      status: 404,
      durationMs: 12.6,
      errorCode: 'E0000007',
      error: `Not found: Resource not found: ${id} (Session)`,
      session: { id, key: A.key, hint: '102X…CU-Q' },
    });
    expect(e).toEqual({
      kind: 'api',
      at: 5,
      org: ORG,
      action: 'refresh',
      method: 'POST',
      path: '/api/v1/sessions/102X…CU-Q/lifecycle/refresh',
      status: 404,
      durationMs: 13,
      errorCode: 'E0000007',
      error: 'Not found: Resource not found: 102X…CU-Q (Session)',
      session: { key: A.key, hint: '102X…CU-Q' },
    });
    expect(JSON.stringify(e)).not.toContain(id);
  });

  it('a path with an id it was not told about still shows only the hint', () => {
    const e = apiEvent({ at: 1, org: ORG, action: 'inspect', method: 'GET', path: '/api/v1/sessions/idxAbCdEfGhIjKlMnOpQrStUv', errorCode: 'not a code!' });
    expect(e.path).toBe('/api/v1/sessions/idxA…StUv');
    expect(e).not.toHaveProperty('errorCode');
  });
});
