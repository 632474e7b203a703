// The extension's own Sessions API calls, recorded on the timeline: a client that does what the given client
// does and, as each call ends, queues an api event (action, method, path with the id as its hint, status,
// duration, Okta's error code). Recording never changes the outcome of a call and is not awaited by it.
import type { MySessionClient, SessionsClient } from '../okta/client';
import { isOktaError } from '../okta/errors';
import { isValidSessionId, sessionIdHint, sessionKey, sessionPath } from '../okta/session-id';
import type { ApiAction } from '../shared/timeline/schema';
import type { WorkerDeps } from './deps';
import type { ApiCall } from './timeline/api-events';
import { recordApiCall } from './timeline-recorder';
import { redact } from './worker-error';

/** The status Okta answers each call with when it succeeds (the client returns data, not the reply). */
const OK_STATUS: Record<ApiAction, number> = { inspect: 200, refresh: 200, revoke: 204, create: 200 };

/** Runs one call and records it; `secrets` are blanked out of the recorded error (a session token). */
async function recorded<T>(
  deps: WorkerDeps,
  org: string,
  action: ApiAction,
  method: string,
  path: () => string,
  work: () => Promise<T>,
  options: { id?: string | undefined; newId?: (result: T) => string | undefined; secrets?: string[] } = {},
): Promise<T> {
  const clock = deps.now ?? Date.now;
  const at = clock();
  const record = (outcome: Partial<ApiCall>, id: string | undefined) => {
    const durationMs = clock() - at;
    const call = sessionOf(id).then((session): ApiCall => ({ at, org, action, method, path: safePath(path), durationMs, ...outcome, ...(session ? { session } : {}) }));
    recordApiCall(deps, call).catch(() => undefined);
  };
  try {
    const result = await work();
    record({ status: OK_STATUS[action] }, options.newId ? options.newId(result) : options.id);
    return result;
  } catch (error) {
    const outcome: Partial<ApiCall> = {};
    if (isOktaError(error)) {
      if (error.status !== undefined) outcome.status = error.status;
      if (error.okta?.errorCode !== undefined) outcome.errorCode = error.okta.errorCode;
      outcome.error = redact(error.message, options.secrets ?? []);
    } else {
      outcome.error = 'The call failed inside the extension.';
    }
    record(outcome, options.id);
    throw error;
  }
}

export function recordingClient(deps: WorkerDeps, client: SessionsClient): SessionsClient {
  const org = client.origin;
  return {
    origin: org,
    getSession: (id) => recorded(deps, org, 'inspect', 'GET', () => sessionPath(id), () => client.getSession(id), { id }),
    refreshSession: (id) =>
      recorded(deps, org, 'refresh', 'POST', () => `${sessionPath(id)}/lifecycle/refresh`, () => client.refreshSession(id), { id }),
    revokeSession: (id) => recorded(deps, org, 'revoke', 'DELETE', () => sessionPath(id), () => client.revokeSession(id), { id }),
    createSession: (sessionToken) =>
      recorded(deps, org, 'create', 'POST', () => '/api/v1/sessions', () => client.createSession(sessionToken), {
        newId: (session) => (typeof session.id === 'string' ? session.id : undefined),
        secrets: [sessionToken],
      }),
  };
}

/** The /me calls, recorded as the session `id` (the tab's cookie names it) under their own paths. */
export function recordingMyClient(deps: WorkerDeps, client: MySessionClient, id: string): MySessionClient {
  const org = client.origin;
  const me = '/api/v1/sessions/me';
  return {
    origin: org,
    getSession: () => recorded(deps, org, 'inspect', 'GET', () => me, () => client.getSession(), { id }),
    refreshSession: () => recorded(deps, org, 'refresh', 'POST', () => `${me}/lifecycle/refresh`, () => client.refreshSession(), { id }),
    revokeSession: () => recorded(deps, org, 'revoke', 'DELETE', () => me, () => client.revokeSession(), { id }),
  };
}

/** An invalid id never reached Okta; its path is shown without it. */
function safePath(path: () => string): string {
  try {
    return path();
  } catch {
    return '/api/v1/sessions/[invalid id]';
  }
}

async function sessionOf(id: string | undefined): Promise<ApiCall['session'] | undefined> {
  if (!isValidSessionId(id)) return undefined;
  return { id, key: await sessionKey(id), hint: sessionIdHint(id) };
}
