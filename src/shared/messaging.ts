// How extension pages talk to the worker: one typed call that validates the reply, and turns a worker that
// vanished mid-request (MV3 may stop it at any moment) into one silent retry, then a typed failure.
import { browser } from './page-browser';
import { failure, replySchemas, type ReplyFor, type RequestOf, type RequestType } from './protocol';

/** `sent`: the reply to this very request, already on its way (popup/first-ask.ts); checked like any other. */
export async function send<T extends RequestType>(request: RequestOf<T>, sent?: Promise<unknown>): Promise<ReplyFor<T>> {
  let raw: unknown;
  try {
    raw = await (sent ?? browser.runtime.sendMessage(request));
  } catch {
    try {
      raw = await browser.runtime.sendMessage(request);
    } catch (second) {
      return failure('internal', `The extension's background worker did not answer (${errorText(second)}). Try again.`);
    }
  }
  const parsed = replySchemas()[request.type as T].safeParse(raw);
  if (!parsed.success) return failure('internal', 'The background worker sent a reply this page does not understand.');
  return parsed.data;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
