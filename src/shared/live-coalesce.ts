// A burst of events becomes one look, and looks never overlap: a sign-in sets its cookie, the page then
// navigates, a server re-sets the cookie; each would otherwise ask the worker, and each worker answer may be an
// Okta request. Events within `quietMs` of each other make one run; events during a run make one more run after
// it (which then usually finds the session unchanged and asks Okta nothing).

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Coalescer {
  /** Something may have changed. */
  poke(): void;
  /** No more runs (the view went away). */
  dispose(): void;
}

/** A run not done by then counts as done (a message the worker never answered must not stop the view for good). */
export const MAX_RUN_MS = 10_000;

export function coalesce(run: () => Promise<unknown>, quietMs: number, timers: Timers = realTimers): Coalescer {
  let timer: unknown;
  let running = false;
  let again = false;
  let disposed = false;

  const start = () => {
    timer = undefined;
    if (disposed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      timers.clear(overdue);
      running = false;
      if (again) {
        again = false;
        start();
      }
    };
    const overdue = timers.set(finish, MAX_RUN_MS);
    // A failed run is the view's to show; the next event still gets its run.
    void run().catch(() => undefined).then(finish);
  };

  return {
    poke() {
      if (disposed) return;
      if (timer !== undefined) timers.clear(timer);
      timer = timers.set(start, quietMs);
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) timers.clear(timer);
    },
  };
}
