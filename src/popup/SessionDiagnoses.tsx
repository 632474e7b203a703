// The Session view's What went wrong, kept out of the first paint: after the view is on screen this loads the
// engine's chunk and the Timeline (one message to the worker, no Okta request) and shows the region only when the
// tab's latest flow failed or its session ended. A failure to load is silent: the Session view stands alone.
import { useEffect, useState } from 'preact/hooks';
import type { InspectView } from '../shared/protocol';
import type { Send } from './App';
import { loadExtras, type Extras } from './lazy-extras';

// With the Timeline's chunk (extras.ts), which holds the engine already: a chunk of its own would split the first
// paint's shared chunk in two.
type Lazy = Pick<Extras, 'SessionProblems'>;

interface Props {
  send: Send;
  view: InspectView | null;
  copyText: (text: string) => Promise<void>;
}

export function SessionDiagnoses({ send, view, copyText }: Props) {
  const [lazy, setLazy] = useState<Lazy | null>(null);
  const [events, setEvents] = useState<unknown>(null);
  const org = view && view.state !== 'not-okta' ? view.org.origin : undefined;
  // An app's tab (not an Okta page): the flows that came back to this app's site.
  const appHost = view?.state === 'not-okta' ? view.host : undefined;
  useEffect(() => {
    if (!org && !appHost) return;
    let live = true;
    void Promise.all([loadExtras(), send({ type: 'timeline/get' })]).then(
      ([mod, reply]) => {
        if (!live || !reply.ok) return;
        setLazy(() => mod);
        setEvents(reply.timeline);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [org, appHost, view?.state]);
  if (!lazy || !view || (!org && !appHost)) return null;
  return <lazy.SessionProblems timeline={events} view={view} org={org} appHost={appHost} copyText={copyText} />;
}
