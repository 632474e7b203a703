// The viewer's parser: Export JSON and Export HAR read back to the same events the Timeline showed (up to session
// keys, which exports leave out), and anything else refused with a typed error, never a throw (fuzzed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestProblems } from '../diagnose';
import { EXPORT_FORMAT, toExportJson } from './export';
import { toHarJson } from './har';
import { FIXED, NOW } from './trace-fixture.test-data';
import { emptyTimeline, type TimelineEvent } from './schema';
import { MAX_TRACE_BYTES, checkTraceSize, markFromHint, parseTraceFile, type TraceErrorKind } from './trace-file';
import { describeEvent, groupBySession } from './view';

const KINDS: TraceErrorKind[] = ['too-large', 'empty', 'not-json', 'foreign', 'unsupported-version', 'malformed'];
/** Events as an export carries them: sessions by hint, so by the key markFromHint makes. */
const viaHint = (events: TimelineEvent[]) =>
  events.map((e) => ({ ...e, ...(e.session ? { session: markFromHint(e.session.hint) } : {}), ...(e.kind === 'cookie' && e.previous ? { previous: markFromHint(e.previous.hint) } : {}) }));

describe('parseTraceFile', () => {
  const json = toExportJson({ ...emptyTimeline(), events: FIXED, dropped: 2 }, { now: NOW });
  const har = toHarJson(FIXED, { now: NOW, version: '0.1.0', diagnoses: latestProblems(FIXED, { now: NOW }) });

  it('reads Export JSON and Export HAR back to the same events, groups and diagnoses', () => {
    for (const [text, source] of [[json, 'json'], [har, 'har']] as const) {
      const r = parseTraceFile(text);
      if (!r.ok) throw new Error(r.error.message);
      expect(r.source).toBe(source);
      expect(r.state.events).toEqual(viaHint(FIXED));
      expect(r.state.events.map(describeEvent)).toEqual(FIXED.map(describeEvent));
      expect(groupBySession(r.state.events).map((g) => g.session?.hint)).toEqual(groupBySession(FIXED).map((g) => g.session?.hint));
      expect(latestProblems(r.state.events, { now: NOW }).map((d) => [d.id, d.title])).toEqual(latestProblems(FIXED, { now: NOW }).map((d) => [d.id, d.title]));
    }
    expect(parseTraceFile(json)).toMatchObject({ ok: true, state: { dropped: 2 }, exportedAt: '2026-11-28T12:00:00.000Z' });
  });

  it('says what is wrong with a foreign, damaged, newer or oversized file', () => {
    const kind = (text: string) => {
      const r = parseTraceFile(text);
      return r.ok ? 'ok' : r.error.kind;
    };
    expect(kind('')).toBe('empty');
    expect(kind('not json')).toBe('not-json');
    expect(kind('{"log":')).toBe('not-json');
    expect(kind('{"log":{"version":"1.2","entries":[]}}')).toBe('foreign');
    expect(kind('[1,2]')).toBe('foreign');
    expect(kind(JSON.stringify({ format: EXPORT_FORMAT, schemaVersion: 99, events: [] }))).toBe('unsupported-version');
    expect(kind(JSON.stringify({ format: EXPORT_FORMAT, events: 'x' }))).toBe('malformed');
    expect(kind(json.replace('"kind": "api"', '"kind": "apix"'))).toBe('malformed');
    expect(kind(har.replace('"method": "POST",\n          "path"', '"method": "post",\n          "path"'))).toBe('malformed');
    expect(kind(' '.repeat(MAX_TRACE_BYTES + 1))).toBe('too-large');
    expect(checkTraceSize(MAX_TRACE_BYTES + 1)?.message).toBe('This file is 10.0 MB; a trace file is at most 10 MB.');
    expect(checkTraceSize(0)?.kind).toBe('empty');
    expect(checkTraceSize(1000)).toBeUndefined();
  });

  it('a secret-shaped value in an edited file is refused, not shown (the Timeline schema)', () => {
    const edited = JSON.parse(json) as { events: Record<string, unknown>[] };
    edited.events[2]!.session = 'Zq9-a-full-session-id-1234567890';
    expect(parseTraceFile(JSON.stringify(edited))).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('never throws: arbitrary text, arbitrary JSON, and valid traces with one value changed (1000 cases)', () => {
    const mutated = fc.tuple(fc.constantFrom(json, har), fc.nat(), fc.jsonValue()).map(([text, n, value]) => {
      const data = JSON.parse(text) as unknown;
      // Replace the n-th value found walking the document with an arbitrary JSON value.
      let i = 0;
      const walk = (v: unknown): unknown => {
        if (i++ === n % 400) return value;
        if (Array.isArray(v)) return v.map(walk);
        if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        return v;
      };
      return JSON.stringify(walk(data));
    });
    const input = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), mutated);
    fc.assert(
      fc.property(input, (text) => {
        const r = parseTraceFile(text);
        if (r.ok) for (const e of r.state.events) expect(['cookie', 'request', 'api']).toContain(e.kind);
        else {
          expect(KINDS).toContain(r.error.kind);
          expect(r.error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
