import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce, MAX_RUN_MS } from './live-coalesce';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A run the test finishes by hand, to hold it in flight. */
function heldRuns() {
  const finish: Array<() => void> = [];
  const run = vi.fn(() => new Promise<void>((done) => finish.push(done)));
  return { run, finish };
}

describe('coalesce', () => {
  it('makes one run of a burst, after the burst is quiet', async () => {
    const run = vi.fn(async () => undefined);
    const c = coalesce(run, 25);
    c.poke();
    await vi.advanceTimersByTimeAsync(10);
    c.poke();
    await vi.advanceTimersByTimeAsync(10);
    c.poke();
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(25);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('never overlaps runs: pokes during a run make exactly one more, after it', async () => {
    const { run, finish } = heldRuns();
    const c = coalesce(run, 25);
    c.poke();
    await vi.advanceTimersByTimeAsync(25);
    expect(run).toHaveBeenCalledTimes(1);
    c.poke();
    await vi.advanceTimersByTimeAsync(25);
    c.poke();
    await vi.advanceTimersByTimeAsync(25);
    expect(run).toHaveBeenCalledTimes(1);
    finish[0]!();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(2);
    finish[1]!();
    await vi.advanceTimersByTimeAsync(100);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does not wait for ever on a run that never ends', async () => {
    const run = vi.fn(() => new Promise<void>(() => undefined));
    const c = coalesce(run, 25);
    c.poke();
    await vi.advanceTimersByTimeAsync(25);
    c.poke();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(MAX_RUN_MS);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('keeps going after a failed run', async () => {
    const run = vi.fn(async () => {
      throw new Error('worker gone');
    });
    const c = coalesce(run, 5);
    c.poke();
    await vi.advanceTimersByTimeAsync(5);
    c.poke();
    await vi.advanceTimersByTimeAsync(5);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('does nothing on its own (no timer) and nothing after dispose', async () => {
    const run = vi.fn(async () => undefined);
    const c = coalesce(run, 25);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled();
    c.poke();
    c.dispose();
    c.poke();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
