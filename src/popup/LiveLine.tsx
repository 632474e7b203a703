// The line that tells a live view's user what they are looking at and how fresh it is: which tab (the panel
// follows its window's active tab, so it must say), and when the worker last asked Okta about this session.
import type { TabInfo } from '../shared/live';
import type { InspectView } from '../shared/protocol';
import { formatAge, formatWhen } from './time';
import { useNow } from './use-now';
import { hostOf } from './view-model';

interface Props {
  view: InspectView | null;
  /** The tab shown, named on the panel only (the popup is opened on it). */
  tab?: TabInfo | null | undefined;
}

export function LiveLine({ view, tab }: Props) {
  const now = useNow(view?.state === 'session');
  const checked = view?.state === 'session' ? view.fetchedAt : undefined;
  if (!tab && checked === undefined) return null;
  return (
    <p class="live muted">
      {tab && (
        <span class="showing">
          Showing {tab.title ? `“${tab.title}”` : `tab ${tab.tabId}`}
          {tab.origin && ` (${hostOf(tab.origin)})`}
        </span>
      )}
      {checked !== undefined && (
        <span class="checked">
          Checked with Okta at {formatWhen(checked, now)} ({formatAge(checked, now)})
        </span>
      )}
    </p>
  );
}
