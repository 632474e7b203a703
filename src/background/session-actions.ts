// The session requests: what the tab's session is, refresh it, revoke it, and the cached view to paint first.
// Each starts from storage and cookies (nothing survives between messages) and sends a credential only to
// its own org's origin, through a client created for that origin alone. The session id is a secret (a Classic
// id is the sid cookie's value): it goes into the request path and nowhere else; replies carry its hint and key.
import type { MySessionClient, SessionsClient } from '../okta/client';
import { isOktaError } from '../okta/errors';
import type { BrowserCookie, InspectView, OrgRef, OrgSummary, RequestOf } from '../shared/protocol';
import { recordingClient } from './api-recording';
import { readBrowserCookies } from './browser-cookies';
import { cookieClient, cookieReadBlocked, type CookieReadRefusal } from './cookie-session';
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
  const orgs = loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') return notOktaView(deps, target, await orgs);
  // In this browser: read beside the Okta call, which the popup waits on anyway.
  const cookies = cookiesOf(deps, target);
  const { ref, secret } = await sessionContext(deps, target);
  const org = target.org;
  let view: InspectView;
  if (!ref) {
    view = { state: 'no-cookie', org, hasCredential: secret !== undefined };
  } else if (!secret || !target.record) {
    view = await readWithCookie(deps, target, ref, secret);
  } else {
    const record = target.record;
    view = await withOrg(org, secretsOf(secret, ref), async () => {
      try {
        return sessionView(deps, org, ref, await (await clientFor(deps, record, secret)).getSession(ref.id));
      } catch (error) {
        if (!(isOktaError(error) && error.kind === 'not_found')) throw error;
        // Okta answered by-id calls for Identity Engine sessions only from 2025.10.1: for an idx-derived id the
        // browser's own cookie is the second opinion before calling the session ended.
        if (ref.source === 'idx' && !cookieReadBlocked(record, target.storeId)) {
          const second = await readWithCookie(deps, target, ref, secret);
          if (second.state === 'session') return second;
        }
        return endedView(org, ref);
      }
    });
  }
  view = decorate(view, target, await cookies);
  // The cache only serves the next opening's first paint: the reply does not wait for its write, and a failed
  // write costs that paint, not this answer.
  writeCachedView(deps, org.origin, target.storeId, view, ref?.key ?? null).catch(() => undefined);
  return view;
}

export async function refreshSession(deps: WorkerDeps, request: RequestOf<'session/refresh'>): Promise<InspectView> {
  const ctx = await actionContext(deps, request);
  const { target, ref } = ctx;
  const org = target.org;
  const cookies = cookiesOf(deps, target);
  const view = await withOrg(org, ctx.secrets, async () => {
    try {
      return ctx.via === 'cookie'
        ? sessionView(deps, org, ref, await ctx.client.refreshSession(), 'cookie')
        : sessionView(deps, org, ref, await ctx.client.refreshSession(ref.id));
    } catch (error) {
      if (isOktaError(error) && error.kind === 'not_found') return endedView(org, ref, ctx.via);
      throw error;
    }
  });
  const shown = decorate(view, target, await cookies);
  await writeCachedView(deps, org.origin, target.storeId, shown, ref.key);
  return shown;
}

export async function revokeSession(deps: WorkerDeps, request: RequestOf<'session/revoke'>): Promise<InspectView> {
  const ctx = await actionContext(deps, request);
  const { target, ref } = ctx;
  const org = target.org;
  await withOrg(org, ctx.secrets, async () => {
    try {
      if (ctx.via === 'cookie') await ctx.client.revokeSession();
      else await ctx.client.revokeSession(ref.id);
    } catch (error) {
      // Already gone is what the user asked for.
      if (!(isOktaError(error) && error.kind === 'not_found')) throw error;
    }
  });
  const view = decorate(endedView(org, ref, ctx.via), target, await cookiesOf(deps, target));
  await writeCachedView(deps, org.origin, target.storeId, view, ref.key);
  return view;
}

/**
 * No credential for the org (or a by-id 404 to double-check): the session as Okta answers the browser's own
 * cookie. A refusal is explained and leaves the cookie view; it is never an error of the whole look-up.
 */
async function readWithCookie(deps: WorkerDeps, target: OrgTarget, ref: SessionRef, secret?: StoredSecret): Promise<InspectView> {
  const org = target.org;
  const fallback: InspectView = { state: 'no-credential', org, source: ref.source };
  const blocked = cookieReadBlocked(target.record, target.storeId);
  if (blocked) return { ...fallback, cookieRead: blocked };
  try {
    const session = await cookieClient(deps, target.cookieUrl, ref).getSession();
    return sessionView(deps, org, ref, session, 'cookie');
  } catch (error) {
    if (isOktaError(error) && error.kind === 'not_found') return endedView(org, ref, 'cookie');
    const info = toErrorInfo(error, org, [{ value: ref.id, shownAs: ref.hint }, ...(secret ? secretValues(secret) : [])]);
    const cookieRead: CookieReadRefusal = { status: 'refused', message: info.message.slice(0, 2000) };
    if (info.okta?.errorCode) cookieRead.errorCode = info.okta.errorCode.slice(0, 40);
    if (info.okta?.requestId) cookieRead.requestId = info.okta.requestId.slice(0, 100);
    if (info.status !== undefined) cookieRead.httpStatus = info.status;
    return { ...fallback, cookieRead };
  }
}

/** Okta's cookies for the tab's host, in the tab's own cookie store (never fails: undefined instead). */
const cookiesOf = (deps: WorkerDeps, target: OrgTarget) => readBrowserCookies(deps.cookies, target.cookieUrl, target.storeId);

/** What every org view carries beside the session: the browser's cookies, and whether the org is configured. */
function decorate(view: InspectView, target: OrgTarget, cookies: BrowserCookie[] | undefined): InspectView {
  if (view.state === 'not-okta') return view;
  return { ...view, ...(cookies ? { cookies } : {}), ...(target.record ? {} : { configured: false as const }) };
}

/**
 * The last view for the tab's org and cookie store, only while the tab still holds the session it was made from.
 * No network.
 */
export async function cachedView(deps: WorkerDeps, request: RequestOf<'session/cached'>): Promise<InspectView | null> {
  const target = await resolveTarget(deps, request, loadOrgs(deps));
  if (target.kind === 'not-okta') return null;
  // The cached entry and the tab's cookie are read at once: this reply is the popup's first paint.
  const cookie = withOrg(target.org, [], () => readSessionRef(deps.cookies, target.cookieUrl, target.storeId));
  cookie.catch(() => undefined);
  const entry = await readCachedView(deps, target.org.origin, target.storeId);
  if (!entry || entry.view.state === 'not-okta') return null;
  const ref = await cookie;
  if (entry.sessionKey !== (ref?.key ?? null)) return null;
  return { ...entry.view, org: target.org };
}

type ActionContext = { target: OrgTarget; ref: SessionRef; secrets: Secret[] } & (
  | { via: 'credential'; client: SessionsClient }
  | { via: 'cookie'; client: MySessionClient }
);

/**
 * Refresh and revoke act on the session the user saw: the key of the tab's current session id must still be
 * the one the request names, or the action is refused rather than applied to whatever the tab holds now. They go
 * the way the view was read: by id with the org's credential, or through /me with the browser's cookie.
 */
async function actionContext(
  deps: WorkerDeps,
  request: TargetRequest & { sessionKey: string; readWith?: 'cookie' | undefined },
): Promise<ActionContext> {
  const orgs = await loadOrgs(deps);
  const target = await resolveTarget(deps, request, orgs);
  if (target.kind === 'not-okta') throw new WorkerError('stale', STALE_MESSAGE);
  const { ref, secret } = await sessionContext(deps, target);
  if (!ref || ref.key !== request.sessionKey) throw new WorkerError('stale', STALE_MESSAGE, target.org);
  const idSecret: Secret = { value: ref.id, shownAs: ref.hint };
  if (request.readWith === 'cookie' || !secret || !target.record) {
    const blocked = cookieReadBlocked(target.record, target.storeId);
    if (blocked) {
      throw new WorkerError(
        'no_credential',
        `No API token or access token is saved for ${target.org.origin}. ${blocked.message} Add a credential on the options page.`,
        target.org,
      );
    }
    // The org's credential, if any, is not sent; it is still kept out of any text an impostor might echo.
    const secrets: Secret[] = [idSecret, ...(secret ? secretValues(secret) : [])];
    return { via: 'cookie', target, ref, secrets, client: cookieClient(deps, target.cookieUrl, ref) };
  }
  const record = target.record;
  const client = await withOrg(target.org, secretValues(secret), async () => clientFor(deps, record, secret));
  return { via: 'credential', target, ref, secrets: secretsOf(secret, ref), client };
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
  via: 'credential' | 'cookie' = 'credential',
): InspectView {
  const now = deps.now ?? Date.now;
  const view: InspectView = { state: 'session', org, session: toSessionView(session, ref), source: ref.source, fetchedAt: now() };
  return via === 'cookie' ? { ...view, readWith: 'cookie' } : view;
}

function endedView(org: OrgRef, ref: SessionRef, via: 'credential' | 'cookie' = 'credential'): InspectView {
  return { state: 'ended', org, sessionKey: ref.key, idHint: ref.hint, source: ref.source, ...(via === 'cookie' ? { readWith: 'cookie' as const } : {}) };
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
