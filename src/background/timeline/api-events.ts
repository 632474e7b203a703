// The extension's own Sessions API calls as timeline events. Built from named fields only: no URL with a
// query, no header, no body. The session id the worker acted on is used here to scrub the path and Okta's
// error text (404 summaries quote it) down to its hint, and is not stored.
import type { ApiAction, ApiEvent } from '../../shared/timeline/schema';
import { sessionIdHint } from '../../okta/session-id';
import { redactError, redactPath } from './redact';

export interface ApiCall {
  at: number;
  /** The configured org's origin. */
  org: string;
  action: ApiAction;
  method: string;
  /** The request path as the client built it, e.g. sessionPath(id) + '/lifecycle/refresh'. */
  path: string;
  status?: number;
  durationMs?: number;
  /** Okta's errorCode, when Okta answered with one. */
  errorCode?: string;
  /** A plain-words failure (e.g. the OktaError message). */
  error?: string;
  /** The session acted on (create: the new one): key and hint are stored; the id only scrubs texts. */
  session?: { id?: string; key: string; hint: string };
}

const ERROR_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

export function apiEvent(call: ApiCall): ApiEvent {
  const id = call.session?.id;
  const scrub = (text: string): string => (id && id.length >= 4 ? text.split(id).join(sessionIdHint(id)) : text);
  const method = call.method.toUpperCase();
  const event: ApiEvent = {
    kind: 'api',
    at: Math.round(call.at),
    org: call.org,
    action: call.action,
    method: /^[A-Z]{1,12}$/.test(method) ? method : 'OTHER',
    // The path only: anything after ? or # is dropped before redaction.
    path: redactPath(scrub(call.path.split(/[?#]/)[0] ?? '/')),
  };
  if (call.status !== undefined && Number.isInteger(call.status)) event.status = call.status;
  if (call.durationMs !== undefined && call.durationMs >= 0) event.durationMs = Math.round(call.durationMs);
  if (call.errorCode !== undefined && ERROR_CODE.test(call.errorCode)) event.errorCode = call.errorCode;
  const error = call.error === undefined ? undefined : redactError(scrub(call.error));
  if (error !== undefined) event.error = error;
  if (call.session) event.session = { key: call.session.key, hint: call.session.hint };
  return event;
}
