// Reads a trace file for viewer.html: an Export JSON file or an Export HAR file of this extension. A file is
// untrusted input (it may have been edited, truncated, or be some other tool's HAR), so it is read in steps that
// each fail with a typed error and a sentence for the page, never a throw: size, JSON, whose format, which
// version, then every event through the Timeline's own strict schema (schema.ts), which drops unknown keys
// and refuses anything shaped like a secret. The result is a TimelineState the Timeline's own view renders.
import * as z from 'zod/mini';
import { EXPORT_FORMAT } from './export';
import { emptyTimeline, parseTimelineEvent, type SessionMark, type TimelineEvent, type TimelineState } from './schema';

/** Files above this are refused before they are read: the Timeline keeps 500 events, a few hundred KB. */
export const MAX_TRACE_BYTES = 10 * 1024 * 1024;
/** The schema versions of docs/trace-format.md this viewer reads. */
export const READABLE_SCHEMA_VERSIONS = [1] as const;
const MAX_EVENTS = 10_000;

export type TraceErrorKind = 'too-large' | 'empty' | 'not-json' | 'foreign' | 'unsupported-version' | 'malformed';
export interface TraceError {
  kind: TraceErrorKind;
  message: string;
}
export type TraceResult =
  | { ok: true; source: 'json' | 'har'; state: TimelineState; exportedAt?: string }
  | { ok: false; error: TraceError };

const fail = (kind: TraceErrorKind, message: string): TraceResult => ({ ok: false, error: { kind, message } });

/** Checked before reading the file at all (File.size), and again on the text. */
export function checkTraceSize(bytes: number): TraceError | undefined {
  if (bytes > MAX_TRACE_BYTES) {
    return { kind: 'too-large', message: `This file is ${(bytes / 1024 / 1024).toFixed(1)} MB; a trace file is at most 10 MB.` };
  }
  if (bytes === 0) return { kind: 'empty', message: 'This file is empty.' };
  return undefined;
}

const version = z.optional(z.number());
const JsonTraceSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  schemaVersion: version,
  /** Before schemaVersion, the same number was called `version`. */
  version,
  exportedAt: z.optional(z.string().check(z.maxLength(40))),
  dropped: z.optional(z.number().check(z.nonnegative())),
  paused: z.optional(z.boolean()),
  events: z.array(z.unknown()).check(z.maxLength(MAX_EVENTS)),
});
const HarTraceSchema = z.object({
  log: z.object({
    entries: z.array(z.object({ _oktaSessionInspector: z.optional(z.unknown()) })).check(z.maxLength(MAX_EVENTS)),
    _oktaSessionInspector: z.optional(
      z.object({
        format: z.literal(EXPORT_FORMAT),
        schemaVersion: version,
        dropped: z.optional(z.number().check(z.nonnegative())),
        cookieEvents: z.optional(z.array(z.unknown()).check(z.maxLength(MAX_EVENTS))),
      }),
    ),
  }),
});

/**
 * A session as an export names it: by its hint alone (export.ts leaves keys out). The Timeline groups by key,
 * so one is made from the hint: the same hint gives the same key, within the schema's alphabet and length.
 */
export function markFromHint(hint: string): SessionMark {
  const key = `h${[...hint].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('')}`.slice(0, 64).padEnd(8, '0');
  return { key, hint };
}

/** An exported event (export.ts exportEvent) back to a Timeline event, or undefined when it is not one. */
export function importEvent(raw: unknown): TimelineEvent | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { session, previousSession, cookieStore, ...rest } = raw as Record<string, unknown>;
  const candidate = {
    ...rest,
    ...(typeof session === 'string' ? { session: markFromHint(session) } : {}),
    ...(typeof previousSession === 'string' ? { previous: markFromHint(previousSession) } : {}),
    ...(typeof cookieStore === 'string' ? { store: cookieStore } : {}),
  };
  return parseTimelineEvent(candidate);
}

function importAll(raws: readonly unknown[], what: string): TimelineEvent[] | TraceError {
  const out: TimelineEvent[] = [];
  for (const [i, raw] of raws.entries()) {
    const e = importEvent(raw);
    if (!e) return { kind: 'malformed', message: `${what} ${i + 1} is not a Timeline event this viewer can read; the file may have been edited.` };
    out.push(e);
  }
  return out;
}

function checkVersion(v: number | undefined): TraceError | undefined {
  if (v !== undefined && (READABLE_SCHEMA_VERSIONS as readonly number[]).includes(v)) return undefined;
  return { kind: 'unsupported-version', message: `This trace has schema version ${String(v ?? 'none')}; this viewer reads version ${READABLE_SCHEMA_VERSIONS.join(', ')}. Update the extension.` };
}

const isError = (x: unknown): x is TraceError => typeof x === 'object' && x !== null && 'kind' in x && 'message' in x;

/** Reads a trace file's text. Never throws. */
export function parseTraceFile(text: string): TraceResult {
  // UTF-16 length is at most the byte length; a file of more than 10 MB of text is refused here too.
  const tooBig = checkTraceSize(text.length);
  if (tooBig) return { ok: false, error: tooBig };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'This file is not JSON: open a file saved with Export JSON or Export HAR.');
  }
  const asJson = JsonTraceSchema.safeParse(data);
  if (asJson.success) {
    const t = asJson.data;
    const bad = checkVersion(t.schemaVersion ?? t.version);
    if (bad) return { ok: false, error: bad };
    const events = importAll(t.events, 'Event');
    if (isError(events)) return { ok: false, error: events };
    return { ok: true, source: 'json', state: { ...emptyTimeline(t.paused === true), events, dropped: Math.floor(t.dropped ?? 0) }, ...(t.exportedAt ? { exportedAt: t.exportedAt } : {}) };
  }
  const asHar = HarTraceSchema.safeParse(data);
  if (asHar.success) {
    const ext = asHar.data.log._oktaSessionInspector;
    if (!ext) return fail('foreign', 'This HAR was not exported by Okta Session Inspector, so it holds none of the Timeline’s events. Open it in the browser’s Network panel instead.');
    const bad = checkVersion(ext.schemaVersion);
    if (bad) return { ok: false, error: bad };
    const requests = importAll(asHar.data.log.entries.map((e) => e._oktaSessionInspector), 'Entry');
    if (isError(requests)) return { ok: false, error: requests };
    const cookies = importAll(ext.cookieEvents ?? [], 'Cookie event');
    if (isError(cookies)) return { ok: false, error: cookies };
    // The Timeline keeps events oldest first; a HAR lists cookie events apart from its entries.
    const events = [...requests, ...cookies].map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
    return { ok: true, source: 'har', state: { ...emptyTimeline(), events, dropped: Math.floor(ext.dropped ?? 0) } };
  }
  const format = typeof data === 'object' && data !== null && 'format' in data ? (data as { format: unknown }).format : undefined;
  if (format === EXPORT_FORMAT) return fail('malformed', 'This trace file is damaged: its header or event list does not read as Export JSON wrote it.');
  return fail('foreign', 'This is not a trace of Okta Session Inspector: open a file saved with its Export JSON or Export HAR.');
}
