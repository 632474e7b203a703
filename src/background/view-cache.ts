// The last view the worker produced for each org, in storage.session, so the popup can paint at once while the
// fresh answer travels. Each entry remembers which session it was made from, by key (the id itself is a secret
// and is not stored): a cached view is only offered while the tab still has that same session, so the popup
// never paints someone else's session first.
// One storage item per org holds an entry per cookie store: a container tab, a private window and the main
// window each hold their own session of the same org, and one entry for all would make them evict each other.
import * as z from 'zod/mini';
import { lazy } from '../okta/lazy';
import { inspectViewSchema, type InspectView } from '../shared/protocol';
import { storeKey } from './cookie-store';
import type { WorkerDeps } from './deps';

const viewKey = (origin: string): string => `view:${origin}`;

/** The entry's name in the org's item: the main store's is ''. */
const entryKey = (storeId: string | undefined): string => storeKey(storeId) ?? '';

const cacheEntrySchema = /* @__PURE__ */ lazy(() => z.object({ view: inspectViewSchema(), sessionKey: z.nullable(z.string()) }));
export type CachedView = z.infer<ReturnType<typeof cacheEntrySchema>>;
type StoreEntries = Record<string, CachedView>;

/** The per-store entries as stored; an entry that does not parse is left out (read by hand: z.record costs bytes). */
function parseEntries(raw: unknown): StoreEntries {
  const out: StoreEntries = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [store, value] of Object.entries(raw)) {
    const parsed = cacheEntrySchema().safeParse(value);
    // '__proto__' would set out's prototype rather than add an entry.
    if (store !== '__proto__' && parsed.success) out[store] = parsed.data;
  }
  return out;
}

async function readEntries(deps: WorkerDeps, origin: string): Promise<StoreEntries> {
  const key = viewKey(origin);
  const raw = (await deps.storageSession.get(key))[key];
  return parseEntries(typeof raw === 'object' && raw !== null ? (raw as { stores?: unknown }).stores : undefined);
}

export async function readCachedView(deps: WorkerDeps, origin: string, storeId?: string): Promise<CachedView | undefined> {
  // A live view asks for the cached view right after an inspect's reply, whose write may still be queued: it
  // must read that write, or it would find no entry and ask Okta a second time for the same session.
  await changes;
  return (await readEntries(deps, origin))[entryKey(storeId)];
}

export function writeCachedView(
  deps: WorkerDeps,
  origin: string,
  storeId: string | undefined,
  view: InspectView,
  sessionKey: string | null,
): Promise<void> {
  return oneAtATime(async () => {
    const stores = await readEntries(deps, origin);
    stores[entryKey(storeId)] = { view, sessionKey };
    await deps.storageSession.set({ [viewKey(origin)]: { stores } });
  });
}

/** Every store's entry for the org (its settings or credential changed). */
export function forgetCachedView(deps: WorkerDeps, origin: string): Promise<void> {
  return oneAtATime(() => deps.storageSession.remove(viewKey(origin)));
}

let changes: Promise<unknown> = Promise.resolve();

/**
 * Changes run one at a time: two stores' writes would otherwise each put back the item without the other's
 * entry, and an inspect's late write could put back a view a settings change had just forgotten.
 */
function oneAtATime(change: () => Promise<void>): Promise<void> {
  const run = changes.then(change, change);
  changes = run.catch(() => undefined);
  return run;
}
