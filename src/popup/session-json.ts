// Copy as JSON: loaded with the popup's other views (extras.ts), not in its first paint; the button is only
// pressed after that chunk has loaded beside the first paint.
import type { InspectView } from '../shared/protocol';

/**
 * The session as JSON for the clipboard: identifiers and timestamps, no secret. Fields are copied by name, not
 * spread, so nothing else that reached the view (an older worker's full `id`) can ride along into an export;
 * the key is left out too, as it means nothing outside this extension.
 */
export function sessionJson(view: Extract<InspectView, { state: 'session' }>): string {
  const s = view.session;
  return JSON.stringify(
    {
      org: view.org.origin,
      ...(view.org.via ? { via: view.org.via } : {}),
      sessionIdSource: view.source,
      fetchedAt: new Date(view.fetchedAt).toISOString(),
      session: {
        idHint: s.idHint,
        userId: s.userId,
        login: s.login,
        status: s.status,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
        lastPasswordVerification: s.lastPasswordVerification,
        lastFactorVerification: s.lastFactorVerification,
        amr: s.amr,
        idp: s.idp ? { id: s.idp.id, type: s.idp.type } : undefined,
        mfaActive: s.mfaActive,
      },
    },
    null,
    2,
  );
}
