import { describe, expect, it } from 'vitest';
import { panelPlace, pickTab, type PlaceApi } from './place';

function api(tabs: Array<{ id: number; active?: boolean; lastAccessed?: number }>, self?: number, windowId: number | undefined = 5): PlaceApi {
  return {
    windows: { getCurrent: async () => ({ id: windowId }) },
    tabs: { getCurrent: async () => (self === undefined ? undefined : { id: self }), query: async () => tabs },
  };
}

describe('pickTab', () => {
  it('is the active tab, unless that is the panel itself: then the one used last before it', () => {
    expect(pickTab([{ id: 1 }, { id: 2, active: true }], undefined)).toBe(2);
    expect(pickTab([{ id: 1, lastAccessed: 10 }, { id: 2, lastAccessed: 30 }, { id: 3, active: true, lastAccessed: 40 }], 3)).toBe(2);
    expect(pickTab([{ id: 3, active: true }], 3)).toBeUndefined();
  });
});

describe('panelPlace', () => {
  it('is pinned with a target (no following)', async () => {
    expect(await panelPlace({ tabId: 9 }, api([]))).toEqual({ target: { tabId: 9 } });
  });

  it('follows its window, never itself', async () => {
    const place = await panelPlace(null, api([{ id: 1, lastAccessed: 2 }, { id: 4, active: true }], 4));
    expect(place).toEqual({ target: { tabId: 1 }, follow: { windowId: 5, selfTabId: 4 } });
    expect(await panelPlace(null, api([{ id: 2, active: true }]))).toEqual({ target: { tabId: 2 }, follow: { windowId: 5, selfTabId: undefined } });
  });

  it('says why it cannot place itself', async () => {
    await expect(panelPlace(null, api([{ id: 4, active: true }], 4))).rejects.toThrow(/no other tab/);
    await expect(panelPlace(null, { ...api([]), windows: { getCurrent: async () => ({}) } })).rejects.toThrow(/no window/);
  });
});
