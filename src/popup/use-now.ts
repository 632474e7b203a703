// The current time as component state, re-rendered as each wall-clock second turns, for live countdowns.
import { useEffect, useState } from 'preact/hooks';
import { msToNextSecond } from './time';

export function useNow(live = true): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!live) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      timer = setTimeout(tick, msToNextSecond(t));
    };
    const t = Date.now();
    setNow(t);
    timer = setTimeout(tick, msToNextSecond(t));
    return () => clearTimeout(timer);
  }, [live]);
  return live ? now : Date.now();
}
