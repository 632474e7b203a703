// The worker's one door: every message is checked for where it came from and what it is before anything else
// runs, and every outcome, including a crash, leaves as a typed reply. No reply carries a credential.
import { failure, parseRequest, type Failure, type ReplyMap, type Request } from '../shared/protocol';
import type { WorkerDeps } from './deps';
import { cachedView, inspectSession, refreshSession, revokeSession } from './session-actions';
import { listOrgs, removeOrg, saveOrg } from './settings-actions';
import { signIn, signOut } from './oauth-sign-in';
import { createSessionFromToken } from './session-create';
import { clearTimeline, pauseTimeline, readTimeline } from './timeline-recorder';
import { toErrorInfo } from './worker-error';

/** What the browser says about a message's sender (runtime.MessageSender, the fields checked here). */
export interface SenderLike {
  id?: string | undefined;
  url?: string | undefined;
}

export type Reply = ReplyMap[keyof ReplyMap] | Failure;

/** True only for this extension's own pages: web pages and other extensions never reach a handler. */
export function isOwnPage(deps: Pick<WorkerDeps, 'runtimeId' | 'extensionOrigin'>, sender: SenderLike | undefined): boolean {
  if (!sender || !deps.runtimeId || !deps.extensionOrigin) return false;
  if (sender.id !== deps.runtimeId) return false;
  // The trailing slash keeps `chrome-extension://abc` from matching `chrome-extension://abcd/...`.
  return typeof sender.url === 'string' && sender.url.startsWith(`${deps.extensionOrigin}/`);
}

export async function handleMessage(deps: WorkerDeps, message: unknown, sender: SenderLike | undefined): Promise<Reply> {
  if (!isOwnPage(deps, sender)) {
    return failure('bad_sender', 'This worker only answers the extension’s own popup and options pages.');
  }
  const parsed = parseRequest(message);
  // The message itself is never echoed back: a save-org request carries a token.
  if (!parsed.success) return failure('bad_request', 'The extension page sent a request the worker does not understand. Reload the page.');
  try {
    return await dispatch(deps, parsed.data);
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

async function dispatch(deps: WorkerDeps, request: Request): Promise<Reply> {
  switch (request.type) {
    case 'session/cached':
      return { ok: true, view: await cachedView(deps, request) };
    case 'session/inspect':
      return { ok: true, view: await inspectSession(deps, request) };
    case 'session/refresh':
      return { ok: true, view: await refreshSession(deps, request) };
    case 'session/revoke':
      return { ok: true, view: await revokeSession(deps, request) };
    case 'settings/get':
      return { ok: true, orgs: await listOrgs(deps) };
    case 'settings/save-org':
      return { ok: true, org: await saveOrg(deps, request) };
    case 'settings/remove-org':
      return { ok: true, orgs: await removeOrg(deps, request) };
    case 'oauth/sign-in':
      return { ok: true, org: await signIn(deps, request) };
    case 'oauth/sign-out':
      return { ok: true, orgs: await signOut(deps, request) };
    case 'timeline/get':
      return { ok: true, timeline: await readTimeline(deps) };
    case 'timeline/clear':
      return { ok: true, timeline: await clearTimeline(deps) };
    case 'timeline/pause':
      return { ok: true, timeline: await pauseTimeline(deps, request.paused) };
    case 'session/create':
      return { ok: true, view: await createSessionFromToken(deps, request) };
  }
}
