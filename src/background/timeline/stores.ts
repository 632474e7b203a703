// Which cookie store a timeline event belongs to. The browser's main store has a different id in each browser
// ('0' in Chrome, 'firefox-default' in Firefox) and none at all where a Chrome tab or request does not say, so
// all three become undefined: events and tracked sessions then agree on "main" whichever way they learned it.

const MAIN_STORES: ReadonlySet<string> = new Set(['', '0', 'firefox-default']);

/** The store as events record it: undefined for the main one, else the browser's id. */
export function timelineStore(storeId: string | undefined): string | undefined {
  return storeId === undefined || MAIN_STORES.has(storeId) ? undefined : storeId;
}
