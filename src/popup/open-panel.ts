// The popup's **Open side panel**: the browser opens a panel only during the user's click, so the window is
// looked up beforehand and the click calls the browser at once, with no await before it.
import { panelOpener, tabPanelOpener, type PanelOpener } from '../shared/side-panel';
import type { Target } from './target';

export interface OpenPanelDeps {
  opener?: PanelOpener;
  /** windows.getCurrent: the popup's window, whose side panel Chrome opens. */
  currentWindow: () => Promise<{ id?: number | undefined }>;
  /** The panel-in-a-tab fallback, for a browser that refused the side panel. */
  fallback?: PanelOpener;
  /** Closes the popup once the panel is open (the panel now shows what the popup did). */
  done: () => void;
}

export function panelButton({ opener = panelOpener(), currentWindow, fallback = tabPanelOpener(), done }: OpenPanelDeps): (target: Target | null) => void {
  let windowId: number | undefined;
  currentWindow().then(
    (w) => {
      windowId = w.id;
    },
    () => undefined,
  );
  return (target) => {
    const where = { windowId, tabId: target?.tabId };
    opener.open(where).then(done, () => fallback.open(where).then(done, () => undefined));
  };
}

/**
 * The popup's button in this browser. A popup opened as a page (`popup.html?tab=`, tests) is a tab of its own,
 * which closing would close: it stays.
 */
export function popupPanelButton(browser: { windows: { getCurrent: OpenPanelDeps['currentWindow'] } }, asPage: boolean) {
  return panelButton({ currentWindow: () => browser.windows.getCurrent(), done: asPage ? () => undefined : () => window.close() });
}
