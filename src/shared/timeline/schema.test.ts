// The stored timeline as the worker reads it back: the host -> sessions map is parsed by hand (not z.record), so
// these hold it to what z.record did: every key a host name, every value a parsed pair of marks, or nothing.
import { describe, expect, it } from 'vitest';
import { parseCurrentSessions, parseTimelineState } from './schema';

const mark = { key: 'abcdefgh12', hint: '102X…CU-Q' };
const event = { kind: 'api', at: 5, org: 'https://acme.okta.com', action: 'inspect', method: 'GET', path: '/api/v1/sessions/x' };

describe('parseCurrentSessions', () => {
  it('keeps a map of hosts to marks, dropping fields a mark does not have', () => {
    const raw = { 'acme.okta.com': { sid: { ...mark, value: 'the cookie value' } }, 'login.acme.com': { idx: mark } };
    expect(parseCurrentSessions(raw)).toEqual({ 'acme.okta.com': { sid: mark }, 'login.acme.com': { idx: mark } });
  });

  it('refuses the whole map when one host or one value does not parse', () => {
    // A key is a host, after a store id when not the main store's: 320 characters at most.
    expect(parseCurrentSessions({ [`firefox-container-1 ${'h'.repeat(255)}`]: { sid: mark } })).toEqual({
      [`firefox-container-1 ${'h'.repeat(255)}`]: { sid: mark },
    });
    expect(parseCurrentSessions({ ['h'.repeat(321)]: { sid: mark } })).toBeUndefined();
    expect(parseCurrentSessions({ 'acme.okta.com': { sid: { key: 'short', hint: '' } } })).toBeUndefined();
    expect(parseCurrentSessions({ 'acme.okta.com': 'sid' })).toBeUndefined();
  });

  it('refuses what is not a plain map', () => {
    for (const raw of [undefined, null, 'acme.okta.com', 3, [], [{ sid: mark }]]) expect(parseCurrentSessions(raw)).toBeUndefined();
  });

  it('skips a __proto__ key instead of setting the prototype', () => {
    const parsed = parseCurrentSessions(JSON.parse(`{"__proto__": {"sid": ${JSON.stringify(mark)}}, "acme.okta.com": {}}`));
    expect(parsed).toEqual({ 'acme.okta.com': {} });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});

describe('parseTimelineState', () => {
  it('reads a whole state as it was stored', () => {
    const state = { events: [event], dropped: 2, paused: true, current: { 'acme.okta.com': { sid: mark } } };
    expect(parseTimelineState(structuredClone(state))).toEqual(state);
  });

  it('keeps the events and counters when only the current map is damaged', () => {
    const state = parseTimelineState({ events: [event], dropped: 2, paused: false, current: { 'acme.okta.com': 7 } });
    expect(state).toEqual({ events: [event], dropped: 2, paused: false, current: {} });
  });

  it('keeps the current map when an event is damaged', () => {
    const current = { 'acme.okta.com': { idx: mark } };
    const state = parseTimelineState({ events: [event, { kind: 'api' }], dropped: -1, paused: 'yes', current });
    expect(state).toEqual({ events: [event], dropped: 0, paused: false, current });
  });
});
