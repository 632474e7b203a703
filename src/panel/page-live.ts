// What popup.html and panel.html load after their first paint, in one chunk: the live watch, how a following
// panel places itself, and the popup's Open side panel.
import { browserLive, type LiveApi } from '../shared/live-watch';
import type { Live } from '../shared/live';
import { panelPlace, type PlaceApi } from './place';

/** `panel`: panel.html, which names the tab it shows; `pinned`: its `?tab=` (else it follows its window). */
export async function pageLive(browser: LiveApi & PlaceApi, panel: boolean, pinned: boolean): Promise<Live> {
  const place = panel && !pinned ? await panelPlace(null, browser) : undefined;
  return browserLive(browser, place?.follow, place?.target.tabId, panel);
}

export { popupPanelButton } from '../popup/open-panel';
