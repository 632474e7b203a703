// **In this browser**, loaded after the first paint: the cookie list is secondary to the session (and closed inside
// a session view), so its code comes with the Timeline's chunk a moment later. A chunk of its own would split the
// first paint's shared chunk in two and save nothing.
import type { BrowserCookie } from '../shared/protocol';
import { useExtras } from './lazy-extras';
import { useNow } from './use-now';
import { hostOf } from './view-model';

interface Props {
  view: { cookies?: BrowserCookie[] | undefined; org: { origin: string; via?: string | undefined } };
  open: boolean;
}

export function InBrowser({ view, open }: Props) {
  const now = useNow(false);
  const mod = useExtras(view.cookies !== undefined);
  if (!view.cookies || !mod) return null;
  return <mod.BrowserCookies cookies={view.cookies} host={hostOf(view.org.via ?? view.org.origin)} now={now} open={open} />;
}
