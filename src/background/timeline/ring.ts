// The timeline as a bounded ring over plain JSON, so the worker can keep it in storage.session (it survives the
// worker being stopped and is gone when the browser closes). Every function returns a new state.
import {
  TIMELINE_CAPACITY,
  emptyTimeline,
  parseTimelineEvent,
  type SessionMark,
  type TimelineEvent,
  type TimelineState,
} from '../../shared/timeline/schema';

/** Hosts tracked in `current` at most; beyond that the least recently changed is forgotten. */
const MAX_TRACKED_HOSTS = 50;

/**
 * `current`'s key: the host, after the store when it is not the main one. A container or private window holds
 * a session of its own, and a request in the main window must not be put down to the container's.
 */
const trackedKey = (host: string, store: string | undefined): string => (store ? `${store} ${host}` : host).toLowerCase();

/**
 * The session the browser holds for a host in a cookie store (absent: the main one) per the recorded cookie
 * changes: sid first, then idx (as the popup).
 */
export function currentSession(state: TimelineState, host: string, store?: string): SessionMark | undefined {
  const c = state.current[trackedKey(host, store)];
  return c?.sid ?? c?.idx;
}

function track(current: TimelineState['current'], event: TimelineEvent): TimelineState['current'] {
  if (event.kind !== 'cookie') return current;
  const at = trackedKey(event.host, event.store);
  const { [at]: before, ...others } = current;
  const entry = { ...before };
  if (event.change === 'removed' || event.session === undefined) delete entry[event.cookie];
  else entry[event.cookie] = event.session;
  const hosts = Object.keys(others);
  const kept = hosts.length >= MAX_TRACKED_HOSTS ? Object.fromEntries(hosts.slice(1).map((h) => [h, others[h]!])) : others;
  // Re-inserted last, so insertion order is the order of last change.
  return entry.sid === undefined && entry.idx === undefined ? kept : { ...kept, [at]: entry };
}

/**
 * Records an event: it is parsed through the schema first (unknown keys are dropped, an invalid event is not
 * stored), the oldest events beyond `capacity` are dropped and counted. While paused the event is not stored,
 * but a cookie event still updates `current`, so request events after resuming name the right session.
 */
export function append(state: TimelineState, event: TimelineEvent, capacity: number = TIMELINE_CAPACITY): TimelineState {
  const parsed = parseTimelineEvent(event);
  if (!parsed) return state;
  const current = track(state.current, parsed);
  if (state.paused) return { ...state, current };
  const events = [...state.events, parsed];
  const over = Math.max(0, events.length - Math.max(1, capacity));
  return { events: over ? events.slice(over) : events, dropped: state.dropped + over, paused: false, current };
}

/** Forgets every event and the dropped count; keeps paused and the tracked current sessions. */
export function clear(state: TimelineState): TimelineState {
  return { ...emptyTimeline(state.paused), current: state.current };
}

export function setPaused(state: TimelineState, paused: boolean): TimelineState {
  return { ...state, paused };
}

/** Records the session the browser already holds in a store (read with cookies.get at start), without an event. */
export function noteCurrentSession(
  state: TimelineState,
  host: string,
  cookie: 'sid' | 'idx',
  session: SessionMark | undefined,
  store?: string,
): TimelineState {
  const synthetic: TimelineEvent = {
    kind: 'cookie',
    at: 0,
    org: '',
    host: host.toLowerCase(),
    cookie,
    change: session ? 'set' : 'removed',
    cause: 'explicit',
    ...(session ? { session } : {}),
    ...(store ? { store } : {}),
  };
  const parsed = parseTimelineEvent(synthetic);
  return parsed ? { ...state, current: track(state.current, parsed) } : state;
}
