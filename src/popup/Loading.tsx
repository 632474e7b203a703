// The skeleton shown until a view is there: the first look-up, or a state panel whose code is still loading.
import { hostOf } from './view-model';

export function Loading({ org }: { org?: string | undefined }) {
  return (
    <section class="loading" aria-busy="true">
      <p>{org ? `Looking up the Okta session for ${hostOf(org)}…` : "Looking up this tab's Okta session…"}</p>
      <div class="skeleton wide" />
      <div class="skeleton" />
      <div class="skeleton" />
    </section>
  );
}
