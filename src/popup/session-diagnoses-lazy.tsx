// The lazily loaded half of SessionDiagnoses: the engine over the Timeline, for the tab's org and session.
import { useMemo } from 'preact/hooks';
import { latestProblems } from '../shared/diagnose';
import type { InspectView } from '../shared/protocol';
import { readTimelineReply } from '../shared/timeline/page-schema';
import { WhatWentWrong } from './WhatWentWrong';

interface Props {
  timeline: unknown;
  view: InspectView;
  org: string;
  copyText: (text: string) => Promise<void>;
}

export function SessionProblems({ timeline, view, org, copyText }: Props) {
  const problems = useMemo(() => {
    const { events } = readTimelineReply(timeline);
    const live = view.state === 'session';
    const expiresAt = live && view.session.expiresAt ? Date.parse(view.session.expiresAt) : undefined;
    const list = latestProblems(events, {
      now: Date.now(),
      org,
      ...(live ? { session: { key: view.session.key, ...(expiresAt !== undefined && !Number.isNaN(expiresAt) ? { expiresAt } : {}) } } : {}),
      sessionGone: view.state === 'ended',
    });
    // A live session shown below is not "ended": a replacement that gave this very session is no failure.
    return live ? list.filter((d) => d.id !== 'session-ended' || !d.events.some((e) => e.kind === 'cookie' && e.session?.key === view.session.key && e.change !== 'removed')) : list;
  }, [timeline, view, org]);
  return <WhatWentWrong diagnoses={problems} copyText={copyText} idPrefix="session" />;
}
