// Which cookie store something belongs to, as the worker keys its own records (the Timeline, the cached view)
// and the live pages match cookie changes to the tab they show.
// The browser's main store has a different id in each browser ('0' in Chrome, 'firefox-default' in Firefox) and
// none at all where a Chrome tab or request does not say, so all three become undefined: records then agree on
// "main" whichever way they learned it. The cookies API itself is always given the browser's own id.

const MAIN_STORES: ReadonlySet<string> = new Set(['', '0', 'firefox-default']);

/** The store as the worker's records name it: undefined for the main one, else the browser's id. */
export function storeKey(storeId: string | undefined): string | undefined {
  return storeId === undefined || MAIN_STORES.has(storeId) ? undefined : storeId;
}
