// Keeps a view live while it shows a target: subscribes to the browser's events (through `live`, loaded after
// the first paint) for as long as the target stays, and hands them to the App's own functions.
import { useEffect, useRef } from 'preact/hooks';
import type { Live, LiveHooks } from '../shared/live';
import type { Target } from './target';

export function useLive(live: Live | undefined, target: Target | null, hooks: LiveHooks): void {
  // The App's functions change every render; the subscription must not, or each render would drop it.
  const latest = useRef(hooks);
  latest.current = hooks;
  useEffect(() => {
    if (!live || !target) return;
    return live(target, {
      changed: () => latest.current.changed(),
      retarget: (t) => void latest.current.retarget(t),
      tab: (info) => latest.current.tab(info),
    });
  }, [live, target]);
}
