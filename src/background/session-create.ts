// Create session: a session token (what Okta's authn API hands out after a sign-in) becomes a session through
// POST /api/v1/sessions, and, if the user asks, this browser adopts it by setting the org's sid cookie. Okta
// accepts only an API token for this call and removed it from its published API in 2025.10; orgs that refuse
// it get their answer shown plainly. The session token is a credential: it goes into the request body and
// nowhere else (not stored, not logged, blanked out of every error text).
import { isOktaError } from '../okta/errors';
import type { Session } from '../okta/schemas';
import { isValidSessionId, sessionIdHint, sessionKey } from '../okta/session-id';
import type { InspectView, OrgRef, RequestOf } from '../shared/protocol';
import { recordingClient } from './api-recording';
import type { WorkerDeps } from './deps';
import { orgClient } from './org-client';
import type { SessionRef } from './session-cookie';
import { toSessionView } from './session-view';
import { loadOrgs, loadSecret } from './settings-store';
import { resolveTarget } from './tab-org';
import { writeCachedView } from './view-cache';
import { ReplyError, toErrorInfo, WorkerError } from './worker-error';

export const API_TOKEN_ONLY =
  'Okta creates sessions from a session token only with an API token (SSWS); OAuth access tokens cannot. ' +
  'Add an API token for this org on the options page to create sessions.';

/** Statuses with which an org says it does not offer the call at all (it left Okta's published API in 2025.10). */
const REFUSED_STATUS = new Set([404, 405, 410, 501]);

export async function createSessionFromToken(deps: WorkerDeps, request: RequestOf<'session/create'>): Promise<InspectView> {
  const sessionToken = request.sessionToken.trim();
  const secrets = [request.sessionToken, sessionToken];
  const orgs = await loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') {
    throw new WorkerError('invalid_input', 'Creating a session needs an Okta org: open the popup on a tab of the org, or pick the org first.');
  }
  const org = target.org;
  const record = target.record;
  if (!record) {
    throw new WorkerError('no_credential', `${org.origin} is not set up: add it with an API token on the options page to create sessions.`, org);
  }
  const secret = await loadSecret(deps, record);
  if (!secret || secret.kind !== 'api-token') {
    if (secret || record.clientId !== undefined) throw new WorkerError('forbidden', API_TOKEN_ONLY, org);
    throw new WorkerError('no_credential', `No API token is saved for ${org.origin}. Add one on the options page to create sessions.`, org);
  }

  let session: Session;
  try {
    // An API token: the client sends it as SSWS, to the org's own origin only.
    const client = recordingClient(deps, await orgClient(deps, record, secret));
    session = await client.createSession(sessionToken);
  } catch (error) {
    throw new ReplyError(refusal(error, org, [...secrets, secret.token]));
  }

  const id = session.id;
  if (!isValidSessionId(id)) {
    throw new WorkerError('malformed', 'Okta answered without a usable session id, so the new session cannot be shown or used.', org);
  }
  const ref: SessionRef = { id, key: await sessionKey(id), hint: sessionIdHint(id), source: 'sid' };
  const view: InspectView = {
    state: 'session',
    org,
    session: toSessionView(session, ref),
    source: 'sid',
    fetchedAt: (deps.now ?? Date.now)(),
  };
  if (request.use) {
    await adopt(deps, target, id, org);
    // The tab now holds this session: the popup may paint it first next time.
    await writeCachedView(deps, org.origin, target.storeId, view, ref.key);
  }
  return view;
}

/** Okta's own answer, with the one case worth rewording: an org that does not offer the call at all. */
function refusal(error: unknown, org: OrgRef, secrets: readonly string[]) {
  const info = toErrorInfo(error, org, secrets);
  if (isOktaError(error) && error.status !== undefined && REFUSED_STATUS.has(error.status)) {
    return {
      ...info,
      kind: 'okta' as const,
      message:
        `${org.origin} refused to create a session (HTTP ${error.status}). Okta removed POST /api/v1/sessions from ` +
        'its published API in 2025.10, and some orgs no longer offer it.',
    };
  }
  return info;
}

/**
 * Sets the org's sid cookie to the new session, as Okta's own sign-in would (host-only, Secure, HttpOnly,
 * SameSite=None, path /, ending with the browser session), so the browser and the tab adopt it.
 */
async function adopt(deps: WorkerDeps, where: { cookieUrl: string; storeId?: string }, id: string, org: OrgRef): Promise<void> {
  if (!deps.setCookie) throw new WorkerError('internal', 'This browser does not let the extension set cookies.', org);
  const url = new URL(where.cookieUrl);
  const secure = url.protocol === 'https:';
  try {
    await deps.setCookie({
      url: `${url.origin}/`,
      name: 'sid',
      value: id,
      path: '/',
      secure,
      httpOnly: true,
      // SameSite=None needs Secure; plain http is only ever a loopback test org.
      sameSite: secure ? 'no_restriction' : 'lax',
      // The tab's own store: in a container or a private window, that is where its session lives.
      ...(where.storeId === undefined ? {} : { storeId: where.storeId }),
    });
  } catch {
    throw new WorkerError(
      'permission',
      `The session was created, but the browser did not let the extension set its cookie on ${url.host}. ` +
        'Grant access to that site on the options page, then create a session again.',
      org,
    );
  }
}
