// Export HAR: the recorded Okta requests as an HTTP Archive 1.2 (Okta Support asks for one; DevTools and HAR
// tools open it). Built only from Timeline events, which hold no secret: URLs are the redacted path with each
// query value the Timeline did not keep written `[redacted]`; headers, cookies and bodies are empty because the
// Timeline never keeps them. What a HAR cannot say (cookie changes, the diagnoses, the flow facts a viewer needs
// to diagnose the trace again) goes in `_oktaSessionInspector` fields, documented in docs/trace-format.md.
// Pure, and loaded only when Export HAR is clicked (a chunk of its own, outside the popup's first paint).
import type { Entry, Har, Page } from 'har-format';
import type { Diagnosis } from '../diagnose/types';
import { EXPORT_FORMAT, EXPORT_NOTE, EXPORT_SCHEMA_VERSION, exportEvent, type ExportedEvent } from './export';
import type { ApiEvent, RequestEvent, TimelineEvent } from './schema';
import { describeEvent, groupBySession } from './view';

export const REDACTED_VALUE = '[redacted]';

/** The extension field on `log` (docs/trace-format.md). */
export interface HarLogExtension {
  format: typeof EXPORT_FORMAT;
  schemaVersion: number;
  note: string;
  dropped: number;
  /** Cookie events, oldest first, as Export JSON writes them (a HAR entry is a request; these are not). */
  cookieEvents: ExportedEvent[];
  /** What went wrong, as the engine said at export time, without the events (they are the entries). */
  diagnoses: HarDiagnosis[];
}
export interface HarDiagnosis {
  id: string;
  title: string;
  okta?: string;
  error?: string;
  meaning: string;
  fix: string;
  certainty: 'certain' | 'likely';
  time: string;
  org: string;
}

export interface HarOptions {
  now: number;
  /** The extension's version, for log.creator. */
  version: string;
  dropped?: number;
  diagnoses?: readonly Diagnosis[];
}

const iso = (at: number): string => new Date(at).toISOString();

/** scheme://host of the request: the org's own scheme and port when the host is the org's. */
function originFor(e: RequestEvent | ApiEvent): string {
  try {
    const org = new URL(e.org);
    if (e.kind === 'api' || org.hostname === e.host) return org.origin;
    return `${org.protocol}//${e.host}`;
  } catch {
    return `https://${e.kind === 'api' ? 'invalid' : e.host}`;
  }
}

/** `name` (value not kept) or `name=value` (a harmless value the Timeline kept); `…` marks a cut list. */
function queryOf(params: readonly string[]): { name: string; value: string }[] {
  return params
    .filter((p) => p !== '…')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? { name: p, value: REDACTED_VALUE } : { name: p.slice(0, eq), value: p.slice(eq + 1) };
    });
}

function urlOf(e: RequestEvent | ApiEvent): string {
  const query = e.kind === 'request' ? queryOf(e.params) : [];
  // Written by hand, not with URLSearchParams, so that `[redacted]` reads as itself.
  const search = query.length ? `?${query.map((q) => `${q.name}=${q.value}`).join('&')}` : '';
  return `${originFor(e)}${e.path}${search}`;
}

function entryOf(e: RequestEvent | ApiEvent, pageref: string | undefined): Entry & { _oktaSessionInspector: ExportedEvent } {
  const wait = e.durationMs ?? 0;
  const failed = e.status === undefined;
  return {
    ...(pageref ? { pageref } : {}),
    startedDateTime: iso(e.at),
    time: wait,
    request: {
      method: e.method,
      url: urlOf(e),
      // The browser does not tell webRequest which protocol it used.
      httpVersion: '',
      cookies: [],
      headers: [],
      queryString: e.kind === 'request' ? queryOf(e.params) : [],
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      // 0 as DevTools writes it for a request that got no answer.
      status: e.status ?? 0,
      statusText: failed ? (e.error ?? '') : '',
      httpVersion: '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'x-unknown', comment: 'Not recorded: the inspector never keeps a body.' },
      redirectURL: e.kind === 'request' && e.back ? e.back.to : '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive: 0 },
    comment: describeEvent(e),
    _oktaSessionInspector: exportEvent(e),
  };
}

function diagnosisOf(d: Diagnosis): HarDiagnosis {
  return {
    id: d.id,
    title: d.title,
    ...(d.okta !== undefined ? { okta: d.okta } : {}),
    ...(d.error !== undefined ? { error: d.error } : {}),
    meaning: d.meaning,
    fix: d.fix,
    certainty: d.certainty,
    time: iso(d.at),
    org: d.org,
  };
}

/** The HAR of the given events (the whole Timeline or one session group's), entries oldest first. */
export function toHar(events: readonly TimelineEvent[], opts: HarOptions): Har & { log: { _oktaSessionInspector: HarLogExtension } } {
  // One page per session group, as the Timeline groups them; a request belongs to its group's page.
  const groups = groupBySession(events);
  const pageOf = new Map<TimelineEvent, string>();
  const pages: Page[] = groups
    .slice()
    .reverse()
    .map((g, i) => {
      const id = `page_${i + 1}`;
      for (const e of g.events) pageOf.set(e, id);
      const host = (() => {
        try {
          return new URL(g.org).host;
        } catch {
          return g.org;
        }
      })();
      return { id, startedDateTime: iso(g.oldestAt), title: `${g.session ? `Session ${g.session.hint}` : 'No session'} at ${host}`, pageTimings: {} };
    });
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
  const entries = ordered.flatMap((e) => (e.kind === 'cookie' ? [] : [entryOf(e, pageOf.get(e))]));
  return {
    log: {
      version: '1.2',
      creator: { name: 'Okta Session Inspector', version: opts.version },
      pages,
      entries,
      comment: EXPORT_NOTE,
      _oktaSessionInspector: {
        format: EXPORT_FORMAT,
        schemaVersion: EXPORT_SCHEMA_VERSION,
        note: EXPORT_NOTE,
        dropped: opts.dropped ?? 0,
        cookieEvents: ordered.flatMap((e) => (e.kind === 'cookie' ? [exportEvent(e)] : [])),
        diagnoses: (opts.diagnoses ?? []).map(diagnosisOf),
      },
    },
  };
}

export function toHarJson(events: readonly TimelineEvent[], opts: HarOptions): string {
  return JSON.stringify(toHar(events, opts), null, 2);
}
