// z.int() and z.regex() as the plain predicates they are. They accept exactly what those accept, but zod builds
// each of them from classes of its own (number and string formats) that every bundle using them carries: about
// 0.4 KB gzip in the worker and 0.25 KB in the popup's first paint. Failures read `custom` instead of zod's
// codes, so these are for schemas whose issues no message describes (not the Okta reply schemas).
import * as z from 'zod/mini';

/** A safe integer, as z.int() accepts. */
export const int = (): z.core.$ZodCheck<number> => z.refine<number>(Number.isSafeInteger);

/** A string `pattern` matches, as z.regex(pattern) accepts (patterns here have no g or y flag). */
export const matches = (pattern: RegExp): z.core.$ZodCheck<string> => z.refine<string>((text) => pattern.test(text));
