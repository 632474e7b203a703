// The plain-predicate checks must accept exactly what the zod checks they replace accept.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { int, matches } from './checks';

const ok = (schema: z.ZodMiniType, value: unknown) => schema.safeParse(value).success;

describe('int', () => {
  const ours = z.number().check(int());
  const zods = z.number().check(z.int());
  it('accepts what z.int() accepts', () => {
    const edges = [0, -0, 1, -1, 1.5, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e300, NaN, Infinity, -Infinity, '3', null];
    for (const value of edges) expect(ok(ours, value), String(value)).toBe(ok(zods, value));
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger()), (value) => ok(ours, value) === ok(zods, value)));
  });
});

describe('matches', () => {
  it('accepts what z.regex() accepts', () => {
    for (const pattern of [/^[A-Za-z0-9_-]{8,64}$/, /^[A-Z]{1,12}$/, /^[a-z_]{1,32}$/]) {
      const ours = z.string().check(matches(pattern));
      const zods = z.string().check(z.regex(pattern));
      for (const value of ['', 'GET', 'main_frame', 'abcdefgh', 'ab cdefgh', 'x'.repeat(65), 7]) {
        expect(ok(ours, value), `${pattern} ${value}`).toBe(ok(zods, value));
      }
      fc.assert(fc.property(fc.string(), (value) => ok(ours, value) === ok(zods, value)));
    }
  });
});
