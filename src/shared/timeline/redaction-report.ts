// The one line shown before an export: what the recorded events (and so every export) left out. Counted from
// the events themselves: a query parameter kept by name only lost its value, a `[redacted]` path segment its
// token; every cookie the Timeline names (a cookie event, a cookie a request carried) lost its value; headers
// and bodies are never recorded at all. Pure and small: it sits in the Timeline's lazy chunk.
import type { TimelineEvent } from './schema';

export interface RedactionCounts {
  queryValues: number;
  pathSegments: number;
  cookieValues: number;
}

const REDACTED = '[redacted]';

export function redactionCounts(events: readonly TimelineEvent[]): RedactionCounts {
  let queryValues = 0;
  let pathSegments = 0;
  let cookieValues = 0;
  for (const e of events) {
    if (e.kind === 'cookie') {
      cookieValues += 1;
      continue;
    }
    pathSegments += e.path.split(REDACTED).length - 1;
    if (e.kind === 'request') {
      // `name` alone (its value dropped) or `[redacted]` (an odd name, dropped with its value); `…` a cut list.
      queryValues += e.params.filter((p) => p !== '…' && !p.includes('=')).length;
      cookieValues += e.signals?.cookies?.length ?? 0;
    }
  }
  return { queryValues, pathSegments, cookieValues };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** e.g. "Left out: 12 query values, 1 path token, 3 cookies' values, all header values and all request and response bodies." */
export function redactionSummary(events: readonly TimelineEvent[]): string {
  const c = redactionCounts(events);
  const parts = [
    plural(c.queryValues, 'query value', 'query values'),
    ...(c.pathSegments ? [plural(c.pathSegments, 'path token', 'path tokens')] : []),
    plural(c.cookieValues, "cookie's value", "cookies' values"),
    'all header values',
    'all request and response bodies',
  ];
  return `Left out of exports: ${parts.join(', ')}.`;
}
