// The Sessions client for a configured org, whatever its credential: an API token or access token as it is, or
// Sign in with Okta's tokens through an AuthProvider that renews them. Either way the client is bound to the
// org's own origin, the only place its credential can go.
import { createSessionsClient, type SessionsClient } from '../okta/client';
import { isOktaError, OktaError } from '../okta/errors';
import { sessionAccess } from '../okta/oauth';
import type { WorkerDeps } from './deps';
import { oauthAuthProvider } from './oauth-tokens';
import type { OAuthSecret, OrgRecord, StoredSecret } from './settings-store';

/** Okta's answer should come well within this; the client gives up after it. */
const TIMEOUT_MS = 10_000;
/** Longer rate-limit waits are the user's to sit out: the popup shows when the limit resets. */
const MAX_RETRY_WAIT_MS = 5_000;

export async function orgClient(deps: WorkerDeps, record: OrgRecord, secret: StoredSecret): Promise<SessionsClient> {
  const client = createSessionsClient({
    origin: record.origin,
    credential:
      secret.kind === 'oauth'
        ? await oauthAuthProvider(deps, record.origin, secret)
        : { scheme: secret.kind === 'api-token' ? 'SSWS' : 'Bearer', token: secret.token },
    fetch: deps.fetch,
    now: deps.now,
    timeoutMs: TIMEOUT_MS,
    maxRetryWaitMs: MAX_RETRY_WAIT_MS,
  });
  return secret.kind === 'oauth' ? withSignInAdvice(client, secret) : client;
}

/** The values to keep out of any text a page may see. */
export function secretValues(secret: StoredSecret): string[] {
  return secret.kind === 'oauth' ? [secret.accessToken, ...(secret.refreshToken ? [secret.refreshToken] : [])] : [secret.token];
}

/**
 * A 403 to a signed-in user mostly means the user is not an admin Okta lets manage that session: Okta grants
 * the token every scope the app has and checks the user's rights only at call time (E0000006).
 */
function withSignInAdvice(client: SessionsClient, secret: OAuthSecret): SessionsClient {
  const who = secret.signedInAs ?? 'the signed-in user';
  const advise =
    <A extends unknown[], R>(manage: boolean, call: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      call(...args).catch((error: unknown) => {
        if (!isOktaError(error) || error.kind !== 'forbidden') throw error;
        const missing = manage && sessionAccess(secret.scopes) === 'read';
        throw new OktaError(
          'forbidden',
          missing
            ? 'Okta refused this (HTTP 403): the sign-in was granted okta.sessions.read only. Grant okta.sessions.manage on the app’s Okta API Scopes tab, then sign in again.'
            : `Okta refused this (HTTP 403): ${who} is signed in, but is not an admin allowed to ${manage ? 'manage' : 'view'} this user’s sessions. Okta checks the user’s admin role at every call: sign in as such an admin, or ask one to assign you a role.`,
          error.extra,
        );
      });
  return {
    origin: client.origin,
    createSession: advise(true, client.createSession),
    getSession: advise(false, client.getSession),
    refreshSession: advise(true, client.refreshSession),
    revokeSession: advise(true, client.revokeSession),
  };
}
