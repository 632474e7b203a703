import { describe, expect, it, vi } from 'vitest';
import type { PanelOpener } from '../shared/side-panel';
import { panelButton } from './open-panel';

const opener = (open: PanelOpener['open']): PanelOpener => ({ kind: 'side-panel', open: vi.fn(open) });

describe('panelButton', () => {
  it('opens the panel of the popup’s window within the click, then closes the popup', async () => {
    const side = opener(async () => undefined);
    const done = vi.fn();
    const click = panelButton({ opener: side, fallback: opener(async () => undefined), currentWindow: async () => ({ id: 3 }), done });
    await Promise.resolve();
    click({ tabId: 7 });
    // Synchronously: before any await, as Chrome requires.
    expect(side.open).toHaveBeenCalledWith({ windowId: 3, tabId: 7 });
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
  });

  it('opens panel.html in a tab when the browser refuses its panel', async () => {
    const side = opener(async () => {
      throw new Error('sidePanel.open() may only be called in response to a user gesture');
    });
    const tab = opener(async () => undefined);
    const done = vi.fn();
    panelButton({ opener: side, fallback: tab, currentWindow: async () => ({ id: 3 }), done })({ tabId: 7 });
    await vi.waitFor(() => expect(tab.open).toHaveBeenCalledWith({ windowId: undefined, tabId: 7 }));
    await vi.waitFor(() => expect(done).toHaveBeenCalled());
  });
});
