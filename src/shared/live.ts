// What a live view (the side panel, an open popup) is told, and how its browser wiring is loaded after the first
// paint: the watch code (./live-watch) is a lazily imported chunk, so the popup's first paint does not carry it.

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

export interface LiveHooks {
  /** The shown session may have changed: look again. Calls do not overlap; the next waits for this one. */
  changed(): Promise<unknown>;
  /** Follow mode: its window's active tab is now this one. */
  retarget(target: { tabId: number }): unknown;
  /** The shown tab's title or URL changed (or was first read). */
  tab(info: TabInfo): void;
}

/** Starts watching for `target`; returns the function that stops it. */
export type Live = (target: LiveTarget, hooks: LiveHooks) => () => void;

/** A Live whose code is loaded on first use; stopping before it loaded means it never starts. */
export function lazyLive(load: () => Promise<Live>): Live {
  let loaded: Promise<Live> | undefined;
  return (target, hooks) => {
    let stop: (() => void) | undefined;
    let stopped = false;
    loaded ??= load();
    loaded.then(
      (live) => {
        if (!stopped) stop = live(target, hooks);
      },
      () => undefined,
    );
    return () => {
      stopped = true;
      stop?.();
    };
  };
}
