// The keyboard shortcut (manifest `commands`, Alt+Shift+O by default). In Chrome it is our own command, handled
// here: a command is a user action, so sidePanel.open is allowed, if called before any await. Firefox's build
// binds the shortcut to `_execute_sidebar_action`, which the browser handles itself and never sends here.
import { panelOpener, tabPanelOpener, type PanelOpener } from '../shared/side-panel';

export const OPEN_PANEL_COMMAND = 'open-side-panel';

interface Commands {
  onCommand: { addListener(fn: (name: string, tab?: { id?: number; windowId?: number }) => void): void };
}

export function listenForPanelCommand(commands: Commands, opener: PanelOpener = panelOpener(), fallback: PanelOpener = tabPanelOpener()): void {
  commands.onCommand.addListener((name, tab) => {
    if (name !== OPEN_PANEL_COMMAND) return;
    const where = { windowId: tab?.windowId, tabId: tab?.id };
    opener.open(where).catch(() => fallback.open(where).catch(() => undefined));
  });
}
