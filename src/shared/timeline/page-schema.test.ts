// The pages' lighter timeline schema must read everything the worker's strict one lets through, the same way,
// and name the same fields: otherwise the popup would drop or lose what the worker recorded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_ACTIONS, COOKIE_CAUSES, COOKIE_CHANGES, TIMELINE_COOKIES } from './constants';
import { PageApiEventSchema, PageCookieEventSchema, PageRequestEventSchema, readTimelineReply } from './page-schema';
import { apiEventSchema, cookieEventSchema, parseTimelineState, parseTimelineEvent, requestEventSchema } from './schema';

const keysOf = (schema: { def: { shape: Record<string, unknown> } }) => Object.keys(schema.def.shape).sort();

const mark = fc.record({ key: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), hint: fc.string({ maxLength: 12 }) });
const common = { at: fc.nat(), org: fc.string({ maxLength: 300 }) };
const text = fc.option(fc.string({ maxLength: 300 }), { nil: undefined });
const event = fc.oneof(
  fc.record(
    {
      kind: fc.constant('cookie'),
      ...common,
      host: fc.string({ maxLength: 255 }),
      cookie: fc.constantFrom(...TIMELINE_COOKIES),
      change: fc.constantFrom(...COOKIE_CHANGES),
      cause: fc.constantFrom(...COOKIE_CAUSES),
      session: mark,
      previous: mark,
      store: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    },
    { requiredKeys: ['kind', 'at', 'org', 'host', 'cookie', 'change', 'cause'] },
  ),
  fc.record(
    {
      kind: fc.constant('request'),
      ...common,
      host: fc.string({ maxLength: 255 }),
      method: fc.stringMatching(/^[A-Z]{1,12}$/),
      path: fc.string({ maxLength: 600 }),
      params: fc.array(fc.string({ maxLength: 200 }), { maxLength: 40 }),
      resourceType: fc.stringMatching(/^[a-z_]{1,32}$/),
      status: fc.integer(),
      durationMs: fc.nat(),
      error: text,
      session: mark,
      store: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    },
    { requiredKeys: ['kind', 'at', 'org', 'host', 'method', 'path', 'params'] },
  ),
  fc.record(
    {
      kind: fc.constant('api'),
      ...common,
      action: fc.constantFrom(...API_ACTIONS),
      method: fc.stringMatching(/^[A-Z]{1,12}$/),
      path: fc.string({ maxLength: 600 }),
      status: fc.integer(),
      durationMs: fc.nat(),
      errorCode: fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
      error: text,
      session: mark,
    },
    { requiredKeys: ['kind', 'at', 'org', 'action', 'method', 'path'] },
  ),
);

describe('the pages’ timeline schema', () => {
  it('names exactly the fields of the worker’s schema, kind by kind', () => {
    expect(keysOf(PageCookieEventSchema)).toEqual(keysOf(cookieEventSchema()));
    expect(keysOf(PageRequestEventSchema)).toEqual(keysOf(requestEventSchema()));
    expect(keysOf(PageApiEventSchema)).toEqual(keysOf(apiEventSchema()));
  });

  it('reads whatever the worker’s schema accepts, to the same events (1000 cases)', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), fc.nat(), fc.boolean(), (events, dropped, paused) => {
        const strict = parseTimelineState({ events, dropped, paused, current: {} });
        expect(strict.events.every((e) => parseTimelineEvent(e) !== undefined)).toBe(true);
        expect(readTimelineReply({ events, dropped, paused, current: {} })).toEqual(strict);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the valid events of a damaged reply and never throws', () => {
    const ok = { kind: 'api', at: 1, org: 'https://a.okta.com', action: 'revoke', method: 'DELETE', path: '/x' };
    expect(readTimelineReply({ events: [ok, { kind: 'cookie' }, 'junk', { ...ok, extra: 'dropped key' }], dropped: -1, paused: 'yes' })).toEqual({
      events: [ok, ok],
      dropped: 0,
      paused: false,
      current: {},
    });
    for (const junk of [null, undefined, 42, 'x', [], { events: 'no' }]) {
      expect(readTimelineReply(junk)).toEqual({ events: [], dropped: 0, paused: false, current: {} });
    }
  });
});
