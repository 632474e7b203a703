// The panel follows its window's active tab, so it must say which one it shows (the popup is opened on its tab
// and need not). When it last asked Okta is the session view's own "Checked with Okta at" line.
import type { TabInfo } from '../shared/live';
import { hostOf } from './view-model';

export function LiveLine({ tab }: { tab?: TabInfo | null | undefined }) {
  if (!tab) return null;
  return (
    <p class="live muted">
      Showing {tab.title ? `“${tab.title}”` : `tab ${tab.tabId}`}
      {tab.origin && ` (${hostOf(tab.origin)})`}
    </p>
  );
}
