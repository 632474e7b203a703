// Opening the side panel: Chrome's `sidePanel`, Firefox's `sidebarAction`, else panel.html in a tab. Neither API
// is in webextension-polyfill or its types, and each browser has only its own, so they are reached here, typed
// by hand and feature-detected, and nowhere else.
// Both browsers accept `open` only while handling a user action (a click, a command): `open` calls the browser
// synchronously, so a caller must call it inside its handler before any await.

/** The part of `chrome.sidePanel` used here (Chrome 116+). */
interface ChromeSidePanel {
  open(options: { windowId?: number; tabId?: number }): Promise<void>;
}

/** The part of Firefox's `browser.sidebarAction` used here. */
interface FirefoxSidebarAction {
  open(): Promise<void>;
}

/** What the tab fallback needs: the extension's tabs and runtime. */
interface TabsApi {
  tabs: { create(options: { url: string }): Promise<unknown> };
  runtime: { getURL(path: string): string };
}

export type PanelKind = 'side-panel' | 'sidebar' | 'tab';

export interface Where {
  /** The window whose panel to open (Chrome); the tab the fallback page pins to. */
  windowId?: number | undefined;
  tabId?: number | undefined;
}

export interface PanelOpener {
  kind: PanelKind;
  open(where: Where): Promise<void>;
}

function fn<T>(holder: unknown, name: string): T | undefined {
  if (typeof holder !== 'object' || holder === null) return undefined;
  const api = (holder as Record<string, unknown>)[name];
  return typeof api === 'object' && api !== null && typeof (api as { open?: unknown }).open === 'function' ? (api as T) : undefined;
}

/** The way this browser opens the panel; `scope` is the global object (a test passes its own). */
export function panelOpener(scope: object = globalThis): PanelOpener {
  const g = scope as { chrome?: unknown; browser?: unknown };
  const sidePanel = fn<ChromeSidePanel>(g.chrome, 'sidePanel') ?? fn<ChromeSidePanel>(g.browser, 'sidePanel');
  if (sidePanel) {
    return {
      kind: 'side-panel',
      open: ({ windowId, tabId }) => {
        if (windowId !== undefined) return sidePanel.open({ windowId });
        if (tabId !== undefined) return sidePanel.open({ tabId });
        return Promise.reject(new Error('no window or tab to open the side panel in'));
      },
    };
  }
  const sidebar = fn<FirefoxSidebarAction>(g.browser, 'sidebarAction');
  if (sidebar) return { kind: 'sidebar', open: () => sidebar.open() };
  return tabPanelOpener(scope);
}

/** panel.html in a new tab, pinned to the tab given: where the browser has no panel, or refused to open it. */
export function tabPanelOpener(scope: object = globalThis): PanelOpener {
  const g = scope as { chrome?: unknown; browser?: unknown };
  const api = (g.browser ?? g.chrome) as TabsApi | undefined;
  return {
    kind: 'tab',
    open: async ({ tabId }) => {
      if (!api) throw new Error('no extension API to open a tab with');
      await api.tabs.create({ url: api.runtime.getURL(panelPath(tabId)) });
    },
  };
}

/** `panel.html`, pinned to a tab when one is given (the contract in DESIGN.md). */
export function panelPath(tabId?: number): string {
  return tabId === undefined ? 'panel.html' : `panel.html?tab=${tabId}`;
}
