// **In this browser**, loaded after the first paint: the cookie list is secondary to the session (and closed inside
// a session view), so its code comes with the Timeline's chunk a moment later. A chunk of its own would split the
// first paint's shared chunk in two and save nothing.
import { useEffect, useState } from 'preact/hooks';
import type { BrowserCookie } from '../shared/protocol';
import { useNow } from './use-now';
import { hostOf } from './view-model';

type Module = Pick<typeof import('./extras'), 'BrowserCookies'>;
let loading: Promise<Module> | undefined;

interface Props {
  view: { cookies?: BrowserCookie[] | undefined; org: { origin: string; via?: string | undefined } };
  open: boolean;
}

export function InBrowser({ view, open }: Props) {
  const now = useNow(false);
  const [mod, setMod] = useState<Module | undefined>();
  const wanted = view.cookies !== undefined;
  useEffect(() => {
    if (!wanted || mod) return;
    let live = true;
    (loading ??= import('./extras')).then(
      (m) => live && setMod(m),
      () => {
        // A chunk that fails to load costs this section only; the next opening tries again.
        loading = undefined;
      },
    );
    return () => {
      live = false;
    };
  }, [wanted, mod]);
  if (!view.cookies || !mod) return null;
  return <mod.BrowserCookies cookies={view.cookies} host={hostOf(view.org.via ?? view.org.origin)} now={now} open={open} />;
}
