// What the Timeline view needs from the browser, loaded with it (not with the popup's first paint).
import { browser } from '../shared/page-browser';
import { TIMELINE_STORAGE_KEY } from '../shared/timeline/constants';

export { saveFile } from '../shared/save-file';

/** The worker keeps the timeline in storage.session: its changes are the cue to ask the worker again. */
export function watchTimeline(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'session' && TIMELINE_STORAGE_KEY in changes) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * Access to an app's own site. Chrome and Firefox show the extension a page's own calls to Okta (fetch, XHR: the
 * token exchange, a CORS request) only when it may also access the page's site; navigations and frames are
 * shown either way. The manifest's optional `https://*\/*` covers any https site, asked one site at a time.
 */
export interface SiteAccess {
  has(origin: string): Promise<boolean>;
  /** Must run in the click's handler (a user gesture). */
  request(origin: string): Promise<boolean>;
}

// async: a missing API becomes a rejection, and request() still runs at once, inside the click's gesture.
export const siteAccess: SiteAccess = {
  has: async (origin) => browser.permissions.contains({ origins: [`${origin}/*`] }),
  request: async (origin) => browser.permissions.request({ origins: [`${origin}/*`] }),
};
