// Which tab the side panel shows. `panel.html?tab=<id>` is pinned to that tab (and `?org=` to an org, as the
// popup). Without either it follows its own window's active tab; opened as a page (the fallback, tests), it is
// itself a tab of that window and never shows itself, so it starts on the tab the user was on last.
import type { Follow } from '../shared/live-watch';
import type { Target } from '../popup/target';

export interface PanelPlace {
  target: Target;
  /** Absent when pinned. */
  follow?: Follow;
}

interface TabLike {
  id?: number | undefined;
  active?: boolean | undefined;
  lastAccessed?: number | undefined;
}

export interface PlaceApi {
  windows: { getCurrent(): Promise<{ id?: number | undefined }> };
  /** The page's own tab; undefined in a side panel or popup. */
  tabs: { getCurrent(): Promise<TabLike | undefined>; query(q: { windowId: number }): Promise<TabLike[]> };
}

/** The window's active tab, or, when that is the panel itself, the one used most recently before it. */
export function pickTab(tabs: readonly TabLike[], selfTabId: number | undefined): number | undefined {
  const others = tabs.filter((t) => t.id !== undefined && t.id !== selfTabId);
  const active = others.find((t) => t.active);
  if (active) return active.id;
  return others.reduce<TabLike | undefined>((best, t) => ((t.lastAccessed ?? 0) > (best?.lastAccessed ?? -1) ? t : best), undefined)?.id;
}

/** `pinned`: the target the page's query names (targetFromSearch), if any. */
export async function panelPlace(pinned: Target | null, api: PlaceApi): Promise<PanelPlace> {
  if (pinned) return { target: pinned };
  const [win, self] = await Promise.all([api.windows.getCurrent(), api.tabs.getCurrent().catch(() => undefined)]);
  if (win.id === undefined) throw new Error('the browser reports no window for this panel');
  const tabId = pickTab(await api.tabs.query({ windowId: win.id }), self?.id);
  if (tabId === undefined) throw new Error('this window has no other tab to inspect');
  return { target: { tabId }, follow: { windowId: win.id, selfTabId: self?.id } };
}
