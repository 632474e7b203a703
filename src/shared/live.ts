// What a live view (the side panel, an open popup) gives its watch, and how the watch is loaded after the first
// paint: the watch (./live-watch) and what it does on a change (./live-look) are a lazily imported chunk, so the
// popup's first paint carries only the few lines of the App that let them reach its view.
import type { InspectView, ReplyFor, RequestOf, RequestType } from './protocol';

/** The session a view shows: a tab's, or a configured org's (src/popup/target.ts). */
export interface LiveTarget {
  tabId?: number;
  org?: string;
}

/** What the page may know of the tab it shows (title and URL only where it has host access). */
export interface TabInfo {
  tabId: number;
  title?: string;
  origin?: string;
}

/** The App's view, as its live watch may change it. */
export interface LiveView {
  send: <T extends RequestType>(request: RequestOf<T>) => Promise<ReplyFor<T>>;
  /** The App's own look in flight (the opening's), which a live look waits for. */
  pending(): Promise<unknown> | undefined;
  /** Starts a look that a user's action or another load supersedes; returns whether it still stands. */
  begin(): () => boolean;
  /** Shows a view the worker had cached for the tab's current session (no Okta request). */
  show(view: InspectView): void;
  /** The App's full look with these replies (the cached one already asked): resolves when the fresh one came. */
  load(target: LiveTarget, asked: { cached: Promise<ReplyFor<'session/cached'>>; inspect: Promise<ReplyFor<'session/inspect'>> }): Promise<unknown>;
  /** A followed tab is the App's target from now on. */
  move(target: LiveTarget): void;
  /** Names the tab shown (the panel; the popup is opened on its tab). */
  tab(info: TabInfo): void;
  /** The view on screen now, before a look changes it. */
  current(): InspectView | null;
  /** Says, politely, what a look changed (live-announce.ts); never called for the countdown. */
  announce(text: string): void;
}

/** Starts watching for `target`; returns the function that stops it. */
export type Live = (target: LiveTarget, view: LiveView) => () => void;

/** A Live whose code is loaded on first use; stopping before it loaded means it never starts. */
export function lazyLive(load: () => Promise<Live>): Live {
  let loaded: Promise<Live> | undefined;
  return (target, view) => {
    let stop: (() => void) | undefined;
    let stopped = false;
    loaded ??= load();
    loaded.then(
      (live) => {
        if (!stopped) stop = live(target, view);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      stop?.();
    };
  };
}
