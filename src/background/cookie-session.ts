// The session read with the browser's own session cookie (`/api/v1/sessions/me`), for an org with no credential
// or as a second opinion when Okta answers 404 for an `idx`-derived id. The request carries no credential; the
// browser adds the cookies it holds for the tab's own Okta host, which is the only place it is sent.
// The worker's fetch sends the browser's MAIN cookie store: a tab in a container, a private or an incognito window
// has cookies of its own, and reading the main store's session there would show (and let the user revoke) another
// session than the tab's. Such tabs get an explanation instead.
import { createMySessionClient, type MySessionClient } from '../okta/client';
import type { InspectView } from '../shared/protocol';
import { recordingMyClient } from './api-recording';
import { storeKey } from './cookie-store';
import type { WorkerDeps } from './deps';
import type { SessionRef } from './session-cookie';
import type { OrgRecord } from './settings-store';

const TIMEOUT_MS = 10_000;

export type CookieReadRefusal = NonNullable<Extract<InspectView, { state: 'no-credential' }>['cookieRead']>;

/** Why the session cannot be read with the cookie, or undefined when it can. */
export function cookieReadBlocked(record: OrgRecord | undefined, storeId: string | undefined): CookieReadRefusal | undefined {
  if (record?.readWithCookie === false) {
    return { status: 'off', message: 'Reading the session with this browser’s cookie is turned off for this org in the options.' };
  }
  if (storeKey(storeId) !== undefined) {
    return {
      status: 'other-store',
      message:
        'This tab has cookies of its own (a container tab, or a private or incognito window). The extension can ' +
        'only send the browser’s main cookies, so without a credential it cannot read this tab’s session.',
    };
  }
  return undefined;
}

/** A /me client for the host the tab's cookie lives on, recorded on the timeline as the tab's session. */
export function cookieClient(deps: WorkerDeps, cookieUrl: string, ref: SessionRef): MySessionClient {
  const client = createMySessionClient({ origin: new URL(cookieUrl).origin, fetch: deps.fetch, now: deps.now, timeoutMs: TIMEOUT_MS, maxRetryWaitMs: 5_000 });
  return recordingMyClient(deps, client, ref.id);
}
