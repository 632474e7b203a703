// What the bench runs inside each page it opens, before the page's own scripts (Playwright's addInitScript).
// Every time is the page's own performance.now(): milliseconds since its navigation started, so no Node round
// trip is in any figure and the popup and the bare page are measured by exactly the same code.
// Bundled on its own by esbuild (probeScript in prepare.ts) and given to the page as script text, so nothing
// here may depend on the Node side (tsx's helpers would break a function serialised with toString()).

export interface MessageTiming {
  type: string;
  sent: number;
  replied?: number;
}

export interface ProbeState {
  /** When the login first appeared in the DOM. */
  dom: number;
  /** The animation frame that paints it: the login is on screen. */
  frame: number;
  /** Every runtime.sendMessage the page made, with when its reply came back (the popup's worker round trips). */
  messages: MessageTiming[];
}

export function installProbe(login: string): void {
  const state: ProbeState = { dom: -1, frame: -1, messages: [] };
  let onVisible = () => {};
  const visible = new Promise<void>((resolve) => (onVisible = resolve));
  const observer = new MutationObserver(() => {
    if (state.dom >= 0 || !document.body?.textContent?.includes(login)) return;
    state.dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      state.frame = performance.now();
      onVisible();
    });
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });

  // Record the popup's messages to the worker: the reply times tell how fast a (cold) worker answers.
  const scope = globalThis as unknown as Record<string, { runtime?: Record<string, unknown> } | undefined>;
  for (const ns of [scope.chrome, scope.browser]) {
    const runtime = ns?.runtime;
    if (!runtime || typeof runtime.sendMessage !== 'function' || runtime.__osiBenchWrapped) continue;
    const original = (runtime.sendMessage as (...a: unknown[]) => unknown).bind(runtime);
    runtime.sendMessage = (...args: unknown[]) => {
      const timing: MessageTiming = { type: String((args[0] as { type?: unknown } | undefined)?.type), sent: performance.now() };
      state.messages.push(timing);
      const reply = original(...args);
      Promise.resolve(reply).then(
        () => (timing.replied = performance.now()),
        () => (timing.replied = performance.now()),
      );
      return reply;
    };
    runtime.__osiBenchWrapped = true;
  }
  (globalThis as unknown as { __osiBench: unknown }).__osiBench = { state, visible };
}

export interface ProbeResult extends ProbeState {
  /** performance.mark entries of the page (the bare page marks its fetch). */
  marks: Record<string, number>;
  /** From the navigation entry: the module script runs between these two (deferred scripts run before DCL). */
  domInteractive: number;
  domContentLoaded: number;
  text: string;
}

/** Runs in the page after navigation: waits for the login on screen and, if asked, for a message's reply. */
export async function collectProbe(arg: { waitForReplyTo: string | null; timeoutMs: number }): Promise<ProbeResult> {
  const bench = (globalThis as unknown as { __osiBench?: { state: ProbeState; visible: Promise<void> } }).__osiBench;
  if (!bench) throw new Error('the bench probe did not run in this page');
  const deadline = performance.now() + arg.timeoutMs;
  await Promise.race([bench.visible, new Promise((r) => setTimeout(r, arg.timeoutMs))]);
  while (arg.waitForReplyTo && performance.now() < deadline) {
    const m = bench.state.messages.find((x) => x.type === arg.waitForReplyTo);
    if (m?.replied !== undefined) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const marks: Record<string, number> = {};
  for (const e of performance.getEntriesByType('mark')) marks[e.name] = e.startTime;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return {
    ...bench.state,
    messages: bench.state.messages.map((m) => ({ ...m })),
    marks,
    domInteractive: nav?.domInteractive ?? -1,
    domContentLoaded: nav?.domContentLoadedEventStart ?? -1,
    text: document.body?.innerText ?? '',
  };
}
