// Failures the worker itself decides on, and the one place any thrown value becomes an ErrorInfo for a page.
// Messages are plain words and never quote a credential or a cookie value.
import { isOktaError } from '../okta/errors';
import type { ErrorInfo, ErrorKind, OrgRef } from '../shared/protocol';

export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly org?: OrgRef,
  ) {
    super(message);
  }
}

const INTERNAL_MESSAGE = 'Something went wrong in the extension. Try again; if it keeps happening, reload the extension.';

/** A secret to keep out of texts: blanked, or replaced by what may be shown of it (a session id by its hint). */
export type Secret = string | { value: string; shownAs: string };

/**
 * Maps anything thrown to the ErrorInfo a page may see. `secrets` are blanked out of every text that came from
 * elsewhere (an Okta error body could echo a header, or the session id, as its 404 summary does), as a second
 * line of defence.
 */
export function toErrorInfo(error: unknown, org?: OrgRef, secrets: readonly Secret[] = []): ErrorInfo {
  if (error instanceof ReplyError) return error.info;
  const scrub = (text: string): string => redact(text, secrets);
  if (error instanceof WorkerError) {
    return withOrg({ kind: error.kind, message: scrub(error.message) }, error.org ?? org);
  }
  if (isOktaError(error)) {
    const info: ErrorInfo = { kind: error.kind, message: scrub(error.message) };
    if (error.status !== undefined) info.status = error.status;
    if (error.retryAt !== undefined) info.retryAt = error.retryAt;
    const okta = error.okta;
    if (okta) {
      const details: NonNullable<ErrorInfo['okta']> = {};
      if (okta.errorCode !== undefined) details.errorCode = scrub(okta.errorCode);
      if (okta.errorSummary !== undefined) details.errorSummary = scrub(okta.errorSummary);
      if (okta.errorId !== undefined) details.errorId = scrub(okta.errorId);
      if (okta.requestId !== undefined) details.requestId = scrub(okta.requestId);
      if (Object.keys(details).length > 0) info.okta = details;
    }
    return withOrg(info, org);
  }
  // An unknown exception's text may hold anything, so none of it reaches the page.
  return withOrg({ kind: 'internal', message: INTERNAL_MESSAGE }, org);
}

function withOrg(info: ErrorInfo, org: OrgRef | undefined): ErrorInfo {
  return org ? { ...info, org } : info;
}

export function redact(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const secret of secrets) {
    const [value, shownAs] = typeof secret === 'string' ? [secret, '[redacted]'] : [secret.value, secret.shownAs];
    if (value.length >= 4) out = out.split(value).join(shownAs);
  }
  return out;
}

/** A failure already turned into what the page may see, with its org attached; the router passes it on as is. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}
