// The lazily loaded half of SessionDiagnoses: the engine over the Timeline, for the tab's org and session.
import { useMemo } from 'preact/hooks';
import { latestProblems } from '../shared/diagnose';
import type { InspectView } from '../shared/protocol';
import { readTimelineReply } from '../shared/timeline/page-schema';
import type { TimelineEvent } from '../shared/timeline/schema';
import { WhatWentWrong } from './WhatWentWrong';

interface Props {
  timeline: unknown;
  view: InspectView;
  /** The tab's org; or, on an app's tab, `appHost`: the flows that involve that site. */
  org?: string | undefined;
  appHost?: string | undefined;
  copyText: (text: string) => Promise<void>;
}

/** The event names the app's site: Okta answered to it, it was the redirect URI, or a page of it made the call. */
function involves(e: TimelineEvent, host: string): boolean {
  if (e.kind !== 'request') return false;
  return [e.back?.to, e.oauth?.redirectUri, e.oauth?.postLogoutRedirectUri, e.signals?.origin, e.signals?.initiator].some((a) => {
    try {
      return a !== undefined && new URL(a).hostname === host;
    } catch {
      return false;
    }
  });
}

export function SessionProblems({ timeline, view, org, appHost, copyText }: Props) {
  const problems = useMemo(() => {
    const { events } = readTimelineReply(timeline);
    const live = view.state === 'session';
    const expiresAt = live && view.session.expiresAt ? Date.parse(view.session.expiresAt) : undefined;
    const all = latestProblems(events, {
      now: Date.now(),
      ...(org ? { org } : {}),
      ...(live ? { session: { key: view.session.key, ...(expiresAt !== undefined && !Number.isNaN(expiresAt) ? { expiresAt } : {}) } } : {}),
      sessionGone: view.state === 'ended',
    });
    // On an app's tab: the diagnoses one of whose events names the app's site.
    const list = appHost && !org ? all.filter((d) => d.events.some((e) => involves(e, appHost))) : all;
    // A live session shown below is not "ended": a replacement that gave this very session is no failure.
    return live ? list.filter((d) => d.id !== 'session-ended' || !d.events.some((e) => e.kind === 'cookie' && e.session?.key === view.session.key && e.change !== 'removed')) : list;
  }, [timeline, view, org, appHost]);
  return <WhatWentWrong diagnoses={problems} copyText={copyText} idPrefix="session" />;
}
