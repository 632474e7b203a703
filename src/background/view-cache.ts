// The last view the worker produced for each org, in storage.session, so the popup can paint at once while the
// fresh answer travels. Each entry remembers which session it was made from, by key (the id itself is a secret
// and is not stored): a cached view is only offered while the tab still has that same session, so the popup
// never paints someone else's session first.
import * as z from 'zod/mini';
import { InspectViewSchema, type InspectView } from '../shared/protocol';
import type { WorkerDeps } from './deps';

const viewKey = (origin: string): string => `view:${origin}`;

const CacheEntrySchema = z.object({ view: InspectViewSchema, sessionKey: z.nullable(z.string()) });
export type CachedView = z.infer<typeof CacheEntrySchema>;

export async function readCachedView(deps: WorkerDeps, origin: string): Promise<CachedView | undefined> {
  const key = viewKey(origin);
  const parsed = CacheEntrySchema.safeParse((await deps.storageSession.get(key))[key]);
  return parsed.success ? parsed.data : undefined;
}

export async function writeCachedView(
  deps: WorkerDeps,
  origin: string,
  view: InspectView,
  sessionKey: string | null,
): Promise<void> {
  await deps.storageSession.set({ [viewKey(origin)]: { view, sessionKey } });
}

export async function forgetCachedView(deps: WorkerDeps, origin: string): Promise<void> {
  await deps.storageSession.remove(viewKey(origin));
}
