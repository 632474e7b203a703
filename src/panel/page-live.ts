// The live watch of a page (popup or panel), with how a following panel places itself: one chunk, loaded after
// the first paint, so neither costs the popup's first paint anything.
import { browserLive, type LiveApi } from '../shared/live-watch';
import type { Live } from '../shared/live';
import { panelPlace, type PlaceApi } from './place';

/** `follows`: a panel without `?tab=`, which follows its window's active tab. */
export async function pageLive(browser: LiveApi & PlaceApi, follows: boolean): Promise<Live> {
  const place = follows ? await panelPlace(null, browser) : undefined;
  return browserLive(browser, place?.follow, place?.target.tabId);
}
