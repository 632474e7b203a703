import { describe, expect, it, vi } from 'vitest';
import type { PanelOpener } from '../shared/side-panel';
import { listenForPanelCommand, OPEN_PANEL_COMMAND } from './panel-command';

function commands() {
  let listener: ((name: string, tab?: { id?: number; windowId?: number }) => void) | undefined;
  return { onCommand: { addListener: (fn: typeof listener) => void (listener = fn) }, fire: (name: string, tab?: { id?: number; windowId?: number }) => listener!(name, tab) };
}

describe('the side panel shortcut (Chrome)', () => {
  it('opens the panel of the window the command came from, synchronously, and nothing for other commands', () => {
    const c = commands();
    const open = vi.fn(async () => undefined);
    listenForPanelCommand(c, { kind: 'side-panel', open }, { kind: 'tab', open: vi.fn() });
    c.fire('_execute_action', { id: 1, windowId: 2 });
    expect(open).not.toHaveBeenCalled();
    c.fire(OPEN_PANEL_COMMAND, { id: 1, windowId: 2 });
    expect(open).toHaveBeenCalledWith({ windowId: 2, tabId: 1 });
  });

  it('falls back to panel.html in a tab when the browser refuses', async () => {
    const c = commands();
    const tab: PanelOpener = { kind: 'tab', open: vi.fn(async () => undefined) };
    listenForPanelCommand(c, { kind: 'side-panel', open: async () => Promise.reject(new Error('no')) }, tab);
    c.fire(OPEN_PANEL_COMMAND, { id: 1, windowId: 2 });
    await vi.waitFor(() => expect(tab.open).toHaveBeenCalledWith({ windowId: 2, tabId: 1 }));
  });
});
