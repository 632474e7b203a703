// The popup's (and side panel's) first question to the worker, sent as early as the entry can: popup.tsx imports
// this module first, so it runs before the entry's own modules (the App and its views) are evaluated. The shared
// chunk the entry imports (Preact, zod) is still evaluated before it: ES modules run their imports first, and
// esbuild puts this module's code in the entry, not ahead of that chunk. The replies are raw here; popup.tsx
// checks them against the protocol through messaging.ts `send`, as every other reply.
import { browser } from '../shared/page-browser';
import { resolveTarget, type Target } from './target';

export interface FirstAsk {
  target: Target;
  cached: Promise<unknown>;
  inspect: Promise<unknown>;
}

/** Which session the page shows at first: its `?tab=` or `?org=`, else the window's active tab. */
export const pageTarget = (): Promise<Target> =>
  resolveTarget(location.search, () => browser.tabs.query({ active: true, currentWindow: true }));

export const firstAsk: Promise<FirstAsk> = pageTarget().then((target) => {
  const ask = (type: 'session/cached' | 'session/inspect'): Promise<unknown> => {
    const reply = browser.runtime.sendMessage({ type, ...target });
    // Handled where popup.tsx awaits it (a failed first ask is sent again); until then not reported unhandled.
    reply.catch(() => undefined);
    return reply;
  };
  return { target, cached: ask('session/cached'), inspect: ask('session/inspect') };
});
