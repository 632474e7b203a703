// Which session the popup inspects, from its own URL: `?tab=<id>` a given tab, `?org=<origin>` a configured
// org (picked from the not-okta list), otherwise the active tab, which only the browser can tell.

/** Which session to show: a tab's, or a configured org's. */
export interface Target {
  tabId?: number;
  org?: string;
}

/** The target named in the query string, or null when the popup should inspect the active tab. */
export function targetFromSearch(search: string): Target | null {
  const params = new URLSearchParams(search);
  const tab = params.get('tab');
  if (tab !== null && /^\d{1,10}$/.test(tab)) return { tabId: Number(tab) };
  const org = params.get('org');
  if (org) return { org };
  return null;
}

export async function resolveTarget(
  search: string,
  activeTabs: () => Promise<{ id?: number | undefined }[]>,
): Promise<Target> {
  const named = targetFromSearch(search);
  if (named) return named;
  const [tab] = await activeTabs();
  if (tab?.id === undefined) throw new Error('the browser reports no active tab');
  return { tabId: tab.id };
}
