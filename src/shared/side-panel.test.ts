import { describe, expect, it, vi } from 'vitest';
import { panelOpener, panelPath, tabPanelOpener } from './side-panel';

describe('panelOpener', () => {
  it('uses Chrome’s sidePanel, for the window when known, else the tab', async () => {
    const open = vi.fn(async () => undefined);
    const opener = panelOpener({ chrome: { sidePanel: { open } } });
    expect(opener.kind).toBe('side-panel');
    await opener.open({ windowId: 4, tabId: 7 });
    await opener.open({ tabId: 7 });
    expect(open.mock.calls).toEqual([[{ windowId: 4 }], [{ tabId: 7 }]]);
    await expect(opener.open({})).rejects.toThrow(/no window or tab/);
  });

  it('calls the browser synchronously, inside the caller’s click', () => {
    const open = vi.fn(async () => undefined);
    void panelOpener({ chrome: { sidePanel: { open } } }).open({ windowId: 1 });
    expect(open).toHaveBeenCalledTimes(1);
    const toggle = vi.fn(async () => undefined);
    void panelOpener({ browser: { sidebarAction: { open: toggle } } }).open({});
    expect(toggle).toHaveBeenCalledTimes(1);
  });

  it('uses Firefox’s sidebarAction where there is no sidePanel (Firefox also has `chrome`)', async () => {
    const open = vi.fn(async () => undefined);
    const opener = panelOpener({ chrome: {}, browser: { sidebarAction: { open } } });
    expect(opener.kind).toBe('sidebar');
    await opener.open({ windowId: 1 });
    expect(open).toHaveBeenCalledWith();
  });

  it('falls back to panel.html in a tab, pinned to the inspected tab', async () => {
    const create = vi.fn(async () => ({}));
    const scope = { chrome: { tabs: { create }, runtime: { getURL: (p: string) => `chrome-extension://id/${p}` }, sidePanel: 'not an api' } };
    const opener = panelOpener(scope);
    expect(opener.kind).toBe('tab');
    await opener.open({ tabId: 12 });
    expect(create).toHaveBeenCalledWith({ url: 'chrome-extension://id/panel.html?tab=12' });
    await tabPanelOpener(scope).open({});
    expect(create).toHaveBeenLastCalledWith({ url: 'chrome-extension://id/panel.html' });
    await expect(tabPanelOpener({}).open({ tabId: 1 })).rejects.toThrow();
  });

  it('names the page as the contract does', () => {
    expect(panelPath()).toBe('panel.html');
    expect(panelPath(3)).toBe('panel.html?tab=3');
  });
});
