// Okta's Session object, reduced to what the popup shows. Only known fields are copied, one by one: the id,
// `_links` (whose hrefs hold the id) and anything Okta adds later stay in the worker.
import type { Session } from '../okta/schemas';
import type { SessionView } from '../shared/protocol';
import type { SessionRef } from './session-cookie';

/**
 * The session is named by the ref the request was made with (the tab's), so refresh and revoke can name the
 * same one. Okta's `id` field is never copied: it is the session id, a secret outside the worker.
 */
export function toSessionView(session: Session, ref: Pick<SessionRef, 'hint' | 'key'>): SessionView {
  const view: SessionView = { idHint: ref.hint, key: ref.key };
  if (typeof session.userId === 'string') view.userId = session.userId;
  if (typeof session.login === 'string') view.login = session.login;
  if (typeof session.status === 'string') view.status = session.status;
  if (typeof session.createdAt === 'string') view.createdAt = session.createdAt;
  if (typeof session.expiresAt === 'string') view.expiresAt = session.expiresAt;
  if (session.lastPasswordVerification !== undefined) view.lastPasswordVerification = session.lastPasswordVerification;
  if (session.lastFactorVerification !== undefined) view.lastFactorVerification = session.lastFactorVerification;
  if (Array.isArray(session.amr)) view.amr = session.amr.filter((code) => typeof code === 'string');
  if (session.idp) {
    const idp: NonNullable<SessionView['idp']> = {};
    if (typeof session.idp.id === 'string') idp.id = session.idp.id;
    if (typeof session.idp.type === 'string') idp.type = session.idp.type;
    view.idp = idp;
  }
  if (typeof session.mfaActive === 'boolean') view.mfaActive = session.mfaActive;
  return view;
}
