// The Timeline's chunk (extras.ts), for the parts of the Session view that come a moment after its first paint
// (In this browser, What went wrong): one import shared by all, and a chunk that failed to load is asked again
// next time rather than remembered as failed.
import { useEffect, useState } from 'preact/hooks';

export type Extras = typeof import('./extras');
let loading: Promise<Extras> | undefined;
/** Once in, a view mounted later draws at once, with no skeleton frame (and keyboard focus can land on it). */
let loaded: Extras | undefined;

function loadExtras(): Promise<Extras> {
  return (loading ??= import('./extras').then(
    (m) => (loaded = m),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
}

/** The chunk once loaded, while `wanted`; undefined before (and for good if it cannot load). */
export function useExtras(wanted: boolean): Extras | undefined {
  const [mod, setMod] = useState<Extras | undefined>(() => (wanted ? loaded : undefined));
  useEffect(() => {
    if (!wanted || mod) return;
    let live = true;
    loadExtras().then(
      (m) => live && setMod(() => m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted, mod]);
  return mod;
}
