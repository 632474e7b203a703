// The Session view's What went wrong, kept out of the first paint: after the view is on screen this loads the
// engine (with the Timeline's chunk, which holds it already) and the Timeline (one message to the worker, no Okta
// request), and shows the region only when the tab's latest flow failed or its session ended. A failure to load
// is silent: the Session view stands alone.
import { useEffect, useState } from 'preact/hooks';
import type { InspectView } from '../shared/protocol';
import type { Send } from './App';
import { useExtras } from './lazy-extras';

interface Props {
  send: Send;
  view: InspectView | null;
  copyText: (text: string) => Promise<void>;
}

export function SessionDiagnoses({ send, view, copyText }: Props) {
  const [events, setEvents] = useState<unknown>(null);
  const org = view && view.state !== 'not-okta' ? view.org.origin : undefined;
  // An app's tab (not an Okta page): the flows that came back to this app's site.
  const appHost = view?.state === 'not-okta' ? view.host : undefined;
  const lazy = useExtras(!!(org || appHost));
  useEffect(() => {
    if (!org && !appHost) return;
    let live = true;
    void send({ type: 'timeline/get' }).then((reply) => live && reply.ok && setEvents(reply.timeline), () => undefined);
    return () => {
      live = false;
    };
  }, [org, appHost, view?.state]);
  if (!lazy || events === null || !view || (!org && !appHost)) return null;
  return <lazy.SessionProblems timeline={events} view={view} org={org} appHost={appHost} copyText={copyText} />;
}
