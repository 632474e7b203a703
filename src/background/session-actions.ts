// The session requests: what the tab's session is, refresh it, revoke it, and the cached view to paint first.
// Each starts from storage and cookies (nothing survives between messages) and sends a credential only to
// its own org's origin, through a client created for that origin alone. The session id is a secret (a Classic
// id is the sid cookie's value): it goes into the request path and nowhere else; replies carry its hint and key.
import type { SessionsClient } from '../okta/client';
import { isOktaError } from '../okta/errors';
import type { InspectView, OrgRef, OrgSummary, RequestOf } from '../shared/protocol';
import { recordingClient } from './api-recording';
import type { WorkerDeps } from './deps';
import { requireSiteAccess } from './host-access';
import { orgClient, secretValues } from './org-client';
import { readSessionRef, type SessionRef } from './session-cookie';
import { toSessionView } from './session-view';
import { loadOrgs, loadSecret, type OrgRecord, type StoredSecret } from './settings-store';
import { resolveTarget, type Target, type TargetRequest } from './tab-org';
import { readCachedView, writeCachedView } from './view-cache';
import { ReplyError, toErrorInfo, WorkerError, type Secret } from './worker-error';

const STALE_MESSAGE = "The tab's session changed since you opened the popup; look again.";

type OrgTarget = Extract<Target, { kind: 'org' }>;

interface SessionContext {
  target: OrgTarget;
  ref: SessionRef | null;
  secret: StoredSecret | undefined;
}

/** The tab's org, its session id from cookies, and the org's secret, if configured. No network. */
async function sessionContext(deps: WorkerDeps, target: OrgTarget): Promise<SessionContext> {
  // The secret's storage read runs beside the cookie reads: the popup waits on this path.
  const secretRead = target.record ? loadSecret(deps, target.record) : Promise.resolve(undefined);
  secretRead.catch(() => undefined);
  const ref = await withOrg(target.org, [], () => readSessionRef(deps.cookies, target.cookieUrl, target.storeId));
  if (!ref) await requireSiteAccess(deps, target.cookieUrl, target.org);
  return { target, ref, secret: await secretRead };
}

export async function inspectSession(deps: WorkerDeps, request: RequestOf<'session/inspect'>): Promise<InspectView> {
  const orgs = await loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') return notOktaView(deps, target, orgs);
  const { ref, secret } = await sessionContext(deps, target);
  const org = target.org;
  let view: InspectView;
  if (!ref) {
    view = { state: 'no-cookie', org, hasCredential: secret !== undefined };
  } else if (!secret || !target.record) {
    view = { state: 'no-credential', org, source: ref.source };
  } else {
    const record = target.record;
    view = await withOrg(org, secretsOf(secret, ref), async () => {
      try {
        return sessionView(deps, org, ref, await (await clientFor(deps, record, secret)).getSession(ref.id));
      } catch (error) {
        if (isOktaError(error) && error.kind === 'not_found') return endedView(org, ref);
        throw error;
      }
    });
  }
  // The cache only serves the next opening's first paint: the reply does not wait for its write, and a failed
  // write costs that paint, not this answer.
  writeCachedView(deps, org.origin, target.storeId, view, ref?.key ?? null).catch(() => undefined);
  return view;
}

export async function refreshSession(deps: WorkerDeps, request: RequestOf<'session/refresh'>): Promise<InspectView> {
  const { target, ref, client, secret } = await actionContext(deps, request);
  const org = target.org;
  const view = await withOrg(org, secretsOf(secret, ref), async () => {
    try {
      return sessionView(deps, org, ref, await client.refreshSession(ref.id));
    } catch (error) {
      if (isOktaError(error) && error.kind === 'not_found') return endedView(org, ref);
      throw error;
    }
  });
  await writeCachedView(deps, org.origin, target.storeId, view, ref.key);
  return view;
}

export async function revokeSession(deps: WorkerDeps, request: RequestOf<'session/revoke'>): Promise<InspectView> {
  const { target, ref, client, secret } = await actionContext(deps, request);
  const org = target.org;
  await withOrg(org, secretsOf(secret, ref), async () => {
    try {
      await client.revokeSession(ref.id);
    } catch (error) {
      // Already gone is what the user asked for.
      if (!(isOktaError(error) && error.kind === 'not_found')) throw error;
    }
  });
  const view = endedView(org, ref);
  await writeCachedView(deps, org.origin, target.storeId, view, ref.key);
  return view;
}

/**
 * The last view for the tab's org and cookie store, only while the tab still holds the session it was made from.
 * No network.
 */
export async function cachedView(deps: WorkerDeps, request: RequestOf<'session/cached'>): Promise<InspectView | null> {
  const orgs = await loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') return null;
  const entry = await readCachedView(deps, target.org.origin, target.storeId);
  if (!entry || entry.view.state === 'not-okta') return null;
  const ref = await withOrg(target.org, [], () => readSessionRef(deps.cookies, target.cookieUrl, target.storeId));
  if (entry.sessionKey !== (ref?.key ?? null)) return null;
  return { ...entry.view, org: target.org };
}

/**
 * Refresh and revoke act on the session the user saw: the key of the tab's current session id must still be
 * the one the request names, or the action is refused rather than applied to whatever the tab holds now.
 */
async function actionContext(
  deps: WorkerDeps,
  request: TargetRequest & { sessionKey: string },
): Promise<{ target: OrgTarget; ref: SessionRef; secret: StoredSecret; client: SessionsClient }> {
  const orgs = await loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') throw new WorkerError('stale', STALE_MESSAGE);
  const { ref, secret } = await sessionContext(deps, target);
  if (!ref || ref.key !== request.sessionKey) throw new WorkerError('stale', STALE_MESSAGE, target.org);
  if (!secret || !target.record) {
    throw new WorkerError(
      'no_credential',
      `No API token or access token is saved for ${target.org.origin}. Add one on the options page.`,
      target.org,
    );
  }
  const record = target.record;
  const client = await withOrg(target.org, secretValues(secret), async () => clientFor(deps, record, secret));
  return { target, ref, secret, client };
}

/** A client bound to the configured org's own origin (org-client.ts): the only place its secret can go. */
async function clientFor(deps: WorkerDeps, record: OrgRecord, secret: StoredSecret): Promise<SessionsClient> {
  // Every call is also recorded on the timeline (api-recording.ts).
  return recordingClient(deps, await orgClient(deps, record, secret));
}

function sessionView(
  deps: WorkerDeps,
  org: OrgRef,
  ref: SessionRef,
  session: Parameters<typeof toSessionView>[0],
): InspectView {
  const now = deps.now ?? Date.now;
  return { state: 'session', org, session: toSessionView(session, ref), source: ref.source, fetchedAt: now() };
}

function endedView(org: OrgRef, ref: SessionRef): InspectView {
  return { state: 'ended', org, sessionKey: ref.key, idHint: ref.hint, source: ref.source };
}

/** What to keep out of a failure's texts: the credential, and the session id (shown as its hint instead). */
function secretsOf(secret: StoredSecret, ref: SessionRef): Secret[] {
  return [...secretValues(secret), { value: ref.id, shownAs: ref.hint }];
}

async function notOktaView(
  deps: WorkerDeps,
  target: Extract<Target, { kind: 'not-okta' }>,
  orgs: readonly OrgRecord[],
): Promise<InspectView> {
  const summaries: OrgSummary[] = [];
  for (const record of orgs) {
    const ref = await readSessionRef(deps.cookies, record.origin, target.storeId).catch(() => null);
    summaries.push({
      origin: record.origin,
      hasCredential: (await loadSecret(deps, record)) !== undefined,
      sessionCookie: ref?.source ?? null,
    });
  }
  return target.host === undefined ? { state: 'not-okta', orgs: summaries } : { state: 'not-okta', host: target.host, orgs: summaries };
}

/** Runs `work`, turning any failure into a ReplyError that names the org and has `secrets` blanked out. */
async function withOrg<T>(org: OrgRef, secrets: readonly Secret[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new ReplyError(toErrorInfo(error, org, secrets));
  }
}
