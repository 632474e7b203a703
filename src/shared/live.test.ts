import { describe, expect, it, vi } from 'vitest';
import { lazyLive, type Live, type LiveView } from './live';
import { preloaded } from '../popup/preloaded';

const hooks = {} as LiveView;

describe('lazyLive', () => {
  it('loads the watch once, starts it when loaded, and never starts one stopped before', async () => {
    const stop = vi.fn();
    const live: Live = vi.fn(() => stop);
    const load = vi.fn(async () => live);
    const lazy = lazyLive(load);
    const stopEarly = lazy({ tabId: 1 }, hooks);
    stopEarly();
    lazy({ tabId: 2 }, hooks);
    await vi.waitFor(() => expect(live).toHaveBeenCalledTimes(1));
    expect(live).toHaveBeenCalledWith({ tabId: 2 }, hooks);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stops what it started', async () => {
    const stop = vi.fn();
    const lazy = lazyLive(async () => () => stop);
    const s = lazy({ tabId: 1 }, hooks);
    await vi.waitFor(() => expect(stop).not.toHaveBeenCalled());
    await Promise.resolve();
    s();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('preloaded', () => {
  it('runs the handler synchronously once loaded; does nothing before', async () => {
    const handler = vi.fn();
    const click = preloaded(async () => handler);
    click(1);
    expect(handler).not.toHaveBeenCalled();
    await Promise.resolve();
    await Promise.resolve();
    click(2);
    expect(handler).toHaveBeenCalledWith(2);
  });
});
