// The Timeline view: what happened to this browser's Okta sessions, newest first, grouped by session, each event
// with its time and age; when each session started and what ended it. The group of the session the popup shows
// is marked and leads back to it. Exports are built from the recorded events alone, which hold no secret.
import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ErrorInfo } from '../shared/protocol';
// Not the timeline's index: its schema.ts would bring zod features into the popup's first-paint chunk.
import { TIMELINE_CAPACITY } from '../shared/timeline/constants';
import { toExportJson, toText } from '../shared/timeline/export';
import { readTimelineReply } from '../shared/timeline/page-schema';
import { redactionSummary } from '../shared/timeline/redaction-report';
import type { TimelineEvent, TimelineState } from '../shared/timeline/schema';
import { describeEvent, groupBySession, sessionEnd, storeWords, type SessionGroup } from '../shared/timeline/view';
import { authorizeWords, backWords, flows, latestProblems, type DiagnoseContext, type FlowRow } from '../shared/diagnose';
import type { SiteAccess } from './timeline-browser';
import { WhatWentWrong } from './WhatWentWrong';
import type { Send } from './App';
import { ErrorBox } from './ErrorBox';
import { formatAge, formatWhen } from './time';
import { useNow } from './use-now';
import { hostOf } from './view-model';

export interface TimelinePanelProps {
  send: Send;
  /** The key of the session the Session view shows, to mark its group. */
  currentKey: string | undefined;
  copyText: (text: string) => Promise<void>;
  /** Offers a file download; without it, Export JSON copies the JSON instead. */
  saveFile?: ((name: string, text: string) => void) | undefined;
  /** Subscribes to changes of the recorded timeline; returns the unsubscribe. */
  watch?: ((onChange: () => void) => () => void) | undefined;
  onShowSession: () => void;
  /** The tab's org and session, for What went wrong (only that org's flows are diagnosed). */
  diagnose?: Omit<DiagnoseContext, 'now'> | undefined;
  /** To offer access to the apps' own sites, whose calls to Okta the browser hides from the extension otherwise. */
  siteAccess?: SiteAccess | undefined;
  /** viewer.html: a trace opened from a file, so no Pause, Clear or Open a trace. */
  readOnly?: boolean | undefined;
}

export function TimelinePanel({ send, currentKey, copyText, saveFile, watch, onShowSession, diagnose, siteAccess, readOnly }: TimelinePanelProps) {
  const [timeline, setTimeline] = useState<TimelineState | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const now = useNow();
  // One read at a time; changes that arrive meanwhile cause one more read when it ends.
  const reading = useRef(false);
  const readAgain = useRef(false);

  const load = () => {
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = true;
    void send({ type: 'timeline/get' }).then((reply) => {
      reading.current = false;
      if (reply.ok) {
        setTimeline(readTimelineReply(reply.timeline));
        setError(null);
      } else setError(reply.error);
      if (readAgain.current) {
        readAgain.current = false;
        load();
      }
    });
  };

  useEffect(() => {
    load();
    return watch?.(load);
  }, []);

  const change = async (request: { type: 'timeline/clear' } | { type: 'timeline/pause'; paused: boolean }, done: string) => {
    setBusy(true);
    setNotice('');
    const reply = await send(request);
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    setTimeline(readTimelineReply(reply.timeline));
    setError(null);
    setNotice(done);
  };

  const exportJson = (state: TimelineState) => {
    const at = Date.now();
    const json = toExportJson(state, { now: at });
    if (saveFile) {
      saveFile(`okta-session-timeline-${new Date(at).toISOString().replace(/[:.]/g, '-')}.json`, json);
      setNotice('Exported the timeline as JSON.');
    } else {
      copyText(json).then(() => setNotice('Copied the timeline as JSON.'), () => setNotice('Could not copy the timeline.'));
    }
  };

  // The HAR builder is its own chunk, loaded on click: neither the popup's first paint nor the Timeline needs it.
  // With a group: that session's events only, and the diagnoses resting on them.
  const exportHar = async (state: TimelineState, diagnoses: typeof problems, group?: SessionGroup) => {
    const at = Date.now();
    const { toHarJson } = await import('../shared/timeline/har');
    const version = (globalThis as { chrome?: { runtime?: { getManifest?: () => { version: string } } } }).chrome?.runtime?.getManifest?.().version ?? 'unknown';
    const events = group ? group.events : state.events;
    const picked = group ? diagnoses.filter((d) => d.events.some((e) => group.events.includes(e))) : diagnoses;
    const har = toHarJson(events, { now: at, version, dropped: group ? 0 : state.dropped, diagnoses: picked });
    if (saveFile) {
      const which = group?.session ? `-session-${group.session.hint.replace(/[^A-Za-z0-9]/g, '')}` : '';
      saveFile(`okta-session-trace${which}-${new Date(at).toISOString().replace(/[:.]/g, '-')}.har`, har);
      setNotice('Exported the timeline as HAR.');
    } else {
      copyText(har).then(() => setNotice('Copied the timeline as HAR.'), () => setNotice('Could not copy the timeline.'));
    }
  };

  const copyAsText = (state: TimelineState) =>
    copyText(toText(state, { now: Date.now() })).then(
      () => setNotice('Copied the timeline as text.'),
      () => setNotice('Could not copy the timeline to the clipboard.'),
    );

  const groups = useMemo(() => (timeline ? groupBySession(timeline.events) : []), [timeline]);
  // Recomputed when the events change, not every second with the clock: the engine is a few ms over 500 events.
  const problems = useMemo(() => (timeline ? latestProblems(timeline.events, { ...diagnose, now: Date.now() }) : []), [timeline, diagnose?.org, diagnose?.sessionGone]);
  // Each event's place in the whole recording (the ring drops the oldest and counts them): a key that stays the
  // same as new events arrive, so an append re-renders one row, not all 500 (a live panel appends often).
  const seqs = useMemo(() => new Map(timeline?.events.map((e, i) => [e, timeline.dropped + i])), [timeline]);

  if (!timeline) {
    return error ? <ErrorBox error={error} onRetry={load} /> : <p class="muted">Loading the timeline…</p>;
  }
  return (
    <section class="timeline" aria-label="Session timeline">
      {error && <ErrorBox error={error} onRetry={load} />}
      <WhatWentWrong diagnoses={problems} copyText={copyText} idPrefix="timeline" />
      <Flows events={timeline.events} org={diagnose?.org} siteAccess={siteAccess} />
      <div class="actions">
        {!readOnly && (
          <>
            <button type="button" disabled={busy} onClick={() => void change({ type: 'timeline/pause', paused: !timeline.paused }, timeline.paused ? 'Recording resumed.' : 'Recording paused.')}>
              {timeline.paused ? 'Resume' : 'Pause'}
            </button>
            <button type="button" disabled={busy} onClick={() => void change({ type: 'timeline/clear' }, 'Timeline cleared.')}>
              Clear
            </button>
          </>
        )}
        <button type="button" onClick={() => exportJson(timeline)}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exportHar(timeline, problems)}>
          Export HAR
        </button>
        <button type="button" onClick={() => void copyAsText(timeline)}>
          Copy as text
        </button>
        {!readOnly && (
          <a class="small" href="viewer.html" target="_blank" rel="noopener">
            Open a trace…
          </a>
        )}
      </div>
      <p class="muted tl-redaction">{redactionSummary(timeline.events)}</p>
      <p class="notice" role="status">
        {notice}
      </p>
      {timeline.paused && <p class="badge warn">Recording paused: nothing new is recorded until you resume.</p>}
      {timeline.dropped > 0 && (
        <p class="muted">
          {timeline.dropped} older {timeline.dropped === 1 ? 'event was' : 'events were'} dropped: the timeline keeps the
          latest {TIMELINE_CAPACITY}.
        </p>
      )}
      {groups.length === 0 ? (
        <p class="muted">
          Nothing recorded yet. Sign in, refresh or sign out on an org set up in the options, and each step appears
          here. The timeline lasts until the browser closes.
        </p>
      ) : (
        groups.map((g) => (
          <Group key={g.key} group={g} events={timeline.events} seqs={seqs} now={now} current={!!g.session && g.session.key === currentKey} onShowSession={onShowSession} onExportHar={() => void exportHar(timeline, problems, g)} />
        ))
      )}
    </section>
  );
}

interface GroupProps {
  group: SessionGroup;
  events: readonly TimelineEvent[];
  seqs: ReadonlyMap<TimelineEvent, number>;
  now: number;
  current: boolean;
  onShowSession: () => void;
  onExportHar: () => void;
}

const END_WORDS = { removed: 'cookie removed', replaced: 'replaced', revoked: 'revoked by this extension' } as const;

function Group({ group: g, events, seqs, now, current, onShowSession, onExportHar }: GroupProps) {
  const end = sessionEnd(g, events);
  const store = storeWords(g.store);
  const headingId = `group-${g.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <section class={current ? 'tl-group current' : 'tl-group'} aria-labelledby={headingId}>
      <h2 id={headingId}>
        {g.session ? (
          <>
            Session <span class="mono">{g.session.hint}</span>
          </>
        ) : (
          'No session'
        )}
        <span class="muted"> at {hostOf(g.org)}</span>
        {store && <span class="muted"> {store}</span>}
      </h2>
      {current && (
        <p class="tl-current">
          <span class="badge ok">This tab’s session</span>{' '}
          <button type="button" class="small" onClick={onShowSession}>
            Show session details
          </button>
        </p>
      )}
      <p class="muted">
        {g.session ? 'Started' : 'From'} {formatWhen(g.oldestAt, now)} ({formatAge(g.oldestAt, now)})
        {end
          ? ` · ended ${formatWhen(end.at, now)}: ${END_WORDS[end.how]}${end.by ? ` by ${end.by.hint}` : ''}`
          : g.ended
            ? ' · ended'
            : ''}{' '}
        <button type="button" class="small" onClick={onExportHar}>
          Export this session as HAR
        </button>
      </p>
      <ol class="tl-events">
        {g.events.map((e, i) => (
          <EventRow
            key={seqs.get(e) ?? `${e.at}-${i}`}
            at={e.at}
            when={formatWhen(e.at, now)}
            age={formatAge(e.at, now)}
            what={describeEvent(e)}
            flow={flowWords(e)}
            note={e.kind === 'api' ? ' (by this extension)' : e.host !== hostOf(e.org) ? ` (via ${e.host})` : ''}
          />
        ))}
      </ol>
    </section>
  );
}

interface RowProps {
  at: number;
  when: string;
  age: string;
  what: string;
  /** The event as a step of a sign-in flow, or empty. */
  flow: string;
  note: string;
}

/** One event, drawn again only when its words change (each second only the ages that moved do). */
class EventRow extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.at !== p.at || next.when !== p.when || next.age !== p.age || next.what !== p.what || next.flow !== p.flow || next.note !== p.note;
  }

  override render({ at, when, age, what, flow, note }: RowProps) {
    return (
      <li>
        <time dateTime={new Date(at).toISOString()}>{when}</time> <span class="muted">{age}</span>
        <br />
        <span class="tl-what">{what}</span>
        {flow && <span class="tl-flow">{flow}</span>}
        {note && <span class="muted">{note}</span>}
      </li>
    );
  }
}

/** An authorize or Okta's answer to the app, read as a flow step: "authorize (client …, scope …, PKCE S256) → redirect to …". */
function flowWords(e: TimelineEvent): string {
  if (e.kind !== 'request') return '';
  return [e.oauth && /\/v1\/authorize$/.test(e.path) ? authorizeWords(e) : undefined, backWords(e)].filter(Boolean).join(' → ');
}

/** The sign-in flows, newest first, each as one line: authorize → Okta sign-in → Okta's answer to the app. */
function Flows({ events, org, siteAccess }: { events: readonly TimelineEvent[]; org: string | undefined; siteAccess: SiteAccess | undefined }) {
  const rows = useMemo(() => flows(org ? events.filter((e) => e.org === org) : events).slice(0, 10), [events, org]);
  if (rows.length === 0) return null;
  return (
    <section class="tl-group" aria-labelledby="tl-flows">
      <h2 id="tl-flows">Sign-in flows</h2>
      <ol class="tl-events">
        {rows.map((f) => (
          <li key={`${f.start.at}-${f.start.path}`} class={f.failed ? 'tl-flow-row failed' : 'tl-flow-row'}>
            <time dateTime={new Date(f.start.at).toISOString()}>{new Date(f.start.at).toLocaleTimeString()}</time> {f.words}
          </li>
        ))}
      </ol>
      {siteAccess && <AppSites rows={rows} siteAccess={siteAccess} />}
    </section>
  );
}

/** The https sites the flows came back to (their redirect URIs), other than Okta's own hosts. */
function appOrigins(rows: readonly FlowRow[]): string[] {
  const out = new Set<string>();
  for (const f of rows) {
    for (const a of [f.start.oauth?.redirectUri, f.start.signals?.initiator]) {
      try {
        const u = new URL(a ?? '');
        if (u.protocol === 'https:' && u.host !== f.start.host) out.add(u.origin);
      } catch {
        /* not a URL */
      }
    }
  }
  return [...out].slice(0, 3);
}

/** Offers access to each app site not yet allowed, so the app's token exchange and CORS calls are recorded too. */
function AppSites({ rows, siteAccess }: { rows: readonly FlowRow[]; siteAccess: SiteAccess }) {
  const origins = useMemo(() => appOrigins(rows), [rows]);
  const [missing, setMissing] = useState<string[]>([]);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    let live = true;
    void Promise.all(origins.map((o) => siteAccess.has(o).then((has) => (has ? [] : [o]), () => []))).then((lists) => live && setMissing(lists.flat()));
    return () => {
      live = false;
    };
  }, [origins.join(' ')]);
  const allow = (origin: string) =>
    siteAccess.request(origin).then(
      (granted) => {
        setNotice(granted ? `Allowed on ${origin}: its own calls to Okta are recorded from now on.` : `Not allowed on ${origin}.`);
        if (granted) setMissing((m) => m.filter((o) => o !== origin));
      },
      () => setNotice(`Could not ask for access to ${origin}.`),
    );
  if (missing.length === 0 && !notice) return null;
  return (
    <div class="tl-sites">
      {missing.length > 0 && (
        <p class="muted">
          The browser shows this extension an app’s own calls to Okta (its token exchange, CORS requests) only when it may
          access the app’s site too.
        </p>
      )}
      {missing.map((o) => (
        <button key={o} type="button" class="small" onClick={() => void allow(o)}>
          Allow on {o}
        </button>
      ))}
      <p class="notice" role="status">
        {notice}
      </p>
    </div>
  );
}
