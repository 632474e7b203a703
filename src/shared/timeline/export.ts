// The two exports of the timeline: JSON (to attach to a ticket) and text (to paste). Redacted by
// construction: each event is rebuilt field by field, never spread, and events hold no secret to begin with
// (sessions appear by hint, query values only for harmless parameters). Session keys are left out: they only
// matter inside the extension.
import type { SessionMark, TimelineEvent, TimelineState } from './schema';
import { describeEvent, storeWords } from './view';

export const EXPORT_FORMAT = 'okta-session-inspector.timeline';
/** Raised when a field changes meaning or goes away (docs/trace-format.md); the viewer reads every version it names. */
export const EXPORT_SCHEMA_VERSION = 1;
export const EXPORT_NOTE =
  'Sessions are shown by the first and last four characters of their id. Query values are removed except for a ' +
  'few harmless parameters; OAuth secrets (code, state, nonce, PKCE values, tokens) appear only as "sent"; no ' +
  'cookie value, token, header value or body is recorded.';

type Value = string | number | boolean | string[];
export type ExportedEvent = Record<string, Value | Record<string, Value | Record<string, number>>>;

const opt = (name: string, v: string | number | undefined): ExportedEvent => (v === undefined ? {} : { [name]: v });

/** The flow facts (flow-facts.ts), copied key by key from these lists: what a viewer needs to diagnose a trace. */
const OAUTH_KEYS = ['clientId', 'responseType', 'responseMode', 'scope', 'prompt', 'maxAge', 'acrValues', 'idp', 'codeChallengeMethod', 'grantType', 'sent', 'redirectUri', 'postLogoutRedirectUri', 'loginHint'] as const;
const BACK_KEYS = ['to', 'mode', 'error', 'errorDescription', 'code', 'state', 'tokens'] as const;
const SIGNAL_KEYS = ['headersSeen', 'origin', 'initiator', 'cookies', 'oktaRequestId', 'wwwAuthenticate', 'corsAllowed'] as const;

function pick<T extends object>(name: string, from: T | undefined, keys: readonly (keyof T & string)[]): ExportedEvent {
  if (!from) return {};
  const out: Record<string, Value | Record<string, number>> = {};
  for (const k of keys) {
    const v = from[k] as unknown;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  const rate = (from as { rateLimit?: Record<string, unknown> }).rateLimit;
  if (name === 'signals' && rate) {
    const r: Record<string, number> = {};
    for (const k of ['limit', 'remaining', 'reset'] as const) if (typeof rate[k] === 'number') r[k] = rate[k] as number;
    out.rateLimit = r;
  }
  return Object.keys(out).length ? { [name]: out } : {};
}
const hint = (s: SessionMark | undefined): string | undefined => s?.hint;

export function exportEvent(e: TimelineEvent): ExportedEvent {
  const common = { time: new Date(e.at).toISOString(), at: e.at, kind: e.kind, org: e.org };
  switch (e.kind) {
    case 'cookie':
      return {
        ...common,
        host: e.host,
        cookie: e.cookie,
        change: e.change,
        cause: e.cause,
        ...opt('session', hint(e.session)),
        ...opt('previousSession', hint(e.previous)),
        ...opt('cookieStore', e.store),
      };
    case 'request':
      return {
        ...common,
        host: e.host,
        method: e.method,
        path: e.path,
        params: [...e.params],
        ...opt('resourceType', e.resourceType),
        ...opt('status', e.status),
        ...opt('durationMs', e.durationMs),
        ...opt('error', e.error),
        ...opt('session', hint(e.session)),
        ...opt('cookieStore', e.store),
        ...pick('oauth', e.oauth, OAUTH_KEYS),
        ...pick('back', e.back, BACK_KEYS),
        ...pick('signals', e.signals, SIGNAL_KEYS),
      };
    case 'api':
      return {
        ...common,
        action: e.action,
        method: e.method,
        path: e.path,
        ...opt('status', e.status),
        ...opt('durationMs', e.durationMs),
        ...opt('errorCode', e.errorCode),
        ...opt('error', e.error),
        ...opt('session', hint(e.session)),
      };
  }
}

/** Pretty JSON, events oldest first. */
export function toExportJson(state: TimelineState, opts: { now: number }): string {
  return JSON.stringify(
    {
      format: EXPORT_FORMAT,
      schemaVersion: EXPORT_SCHEMA_VERSION,
      exportedAt: new Date(opts.now).toISOString(),
      note: EXPORT_NOTE,
      dropped: state.dropped,
      paused: state.paused,
      events: state.events.map(exportEvent),
    },
    null,
    2,
  );
}

function where(e: TimelineEvent): string {
  if (e.kind === 'api') return `${e.org} (by the extension)`;
  const store = storeWords(e.store);
  let at = `${e.org} via ${e.host}`;
  try {
    if (new URL(e.org).hostname === e.host) at = e.org;
  } catch {
    // Named with its host, as when they differ.
  }
  return store ? `${at} ${store}` : at;
}

/** Plain text, one line per event, oldest first. */
export function toText(state: TimelineState, opts: { now: number }): string {
  const n = state.events.length;
  const header = [
    `Okta session timeline, exported ${new Date(opts.now).toISOString()}: ${n} event${n === 1 ? '' : 's'}` +
      (state.dropped ? `, ${state.dropped} older dropped` : '') +
      (state.paused ? ', recording paused' : ''),
    EXPORT_NOTE,
    '',
  ];
  const lines = state.events.map((e) => `${new Date(e.at).toISOString()}  ${where(e)}  ${describeEvent(e)}`);
  return [...header, ...lines].join('\n') + '\n';
}
