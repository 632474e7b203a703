// The worker's modules build no zod schema when they load (issue 15): a stopped worker woken by a message pays
// for the schemas that message needs and nothing else. A schema added at a module's top level fails this test.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const built = vi.hoisted(() => ({ count: 0, names: [] as string[] }));

vi.mock('zod/mini', async (importOriginal) => {
  const real = await importOriginal<Record<string, unknown>>();
  const counted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(real)) {
    // The builders (object, string, union, ...) are lower-case functions; classes and `core` pass through.
    counted[name] =
      typeof value === 'function' && /^[a-z]/.test(name)
        ? (...args: unknown[]) => {
            built.count++;
            built.names.push(name);
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return counted;
});

describe("the worker's top level", () => {
  beforeEach(() => {
    built.count = 0;
    built.names = [];
  });

  it('builds no schema while its modules load, and builds one message’s schema when that message is parsed', async () => {
    // Everything background.ts imports but the browser's API (webextension-polyfill cannot load outside one).
    await import('./router');
    await import('./oauth-tokens');
    await import('./timeline-listeners');
    await import('./welcome');
    await import('./panel-command');
    await import('./session-actions');
    await import('./settings-actions');
    await import('./view-cache');
    expect(built.names).toEqual([]);

    const { parseRequest } = await import('../shared/protocol');
    expect(parseRequest({ type: 'settings/get' }).success).toBe(true);
    const first = built.count;
    expect(first).toBeGreaterThan(0);
    // Built once: the same message again builds nothing.
    expect(parseRequest({ type: 'settings/get' }).success).toBe(true);
    expect(built.count).toBe(first);
    // Another type builds its own schema, not the whole protocol's.
    expect(parseRequest({ type: 'timeline/pause', paused: true }).success).toBe(true);
    expect(built.count).toBeGreaterThan(first);
    expect(parseRequest({ type: 'no/such-type' }).success).toBe(false);
    expect(parseRequest({ type: 'toString' }).success).toBe(false);
  });
});
