// What a live view does when its watch says the session may have changed: the worker's cached view when the tab
// still holds the session it was made from (no Okta request), else one fresh look, in the App's own way. Looks
// never overlap, and each waits for the one before it (the opening's included), but not for ever: a message the
// worker never answers must not stall every later look.
import type { InspectView } from './protocol';
import type { LiveTarget, LiveView } from './live';
import { liveChange } from './live-announce';

/** How the watch reaches the view (live-watch.ts's hooks). */
export interface LiveHooks {
  /** The shown session may have changed: look again. */
  changed(): Promise<unknown>;
  /** Follow mode: its window's active tab is now this one. */
  retarget(target: { tabId: number }): Promise<unknown>;
  tab: LiveView['tab'];
}

export const WAIT_MS = 3_000;

const waitMs = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `wait`: how the look before is given up on after WAIT_MS (a test passes one it resolves itself). */
export function liveHooks(view: LiveView, target: LiveTarget, namesTab: boolean, wait: (ms: number) => Promise<void> = waitMs): LiveHooks {
  let current = target;
  let last: Promise<unknown> = view.pending() ?? Promise.resolve();

  const look = async (t: LiveTarget) => {
    const stands = view.begin();
    const before = view.current();
    const cached = view.send({ type: 'session/cached', ...t });
    const reply = await cached;
    if (!stands()) return;
    let after: InspectView | null = null;
    if (reply.ok && reply.view) {
      view.show(reply.view);
      after = reply.view;
    } else {
      const inspect = view.send({ type: 'session/inspect', ...t });
      await view.load(t, { cached, inspect });
      const fresh = await inspect;
      // The load may have been superseded (a user's action): then what it found is not what is on screen.
      if (fresh.ok && view.current() === fresh.view) after = fresh.view;
    }
    const text = after ? liveChange(before, after) : '';
    if (text) view.announce(text);
  };
  const next = (t: LiveTarget) => {
    const run = Promise.race([last, wait(WAIT_MS)]).then(() => look(t));
    last = run.catch(() => undefined);
    return run;
  };

  return {
    changed: () => next(current),
    // Following another tab is a look at its session like any other: Okta is asked only for a session not seen.
    retarget: (t) => {
      current = t;
      view.move(t);
      return next(t);
    },
    tab: (info) => {
      if (namesTab) view.tab(info);
    },
  };
}
