// Sign in with Okta's tokens once stored: the access token each call carries, renewed with the refresh token
// shortly before it expires (by alarm, or when a call finds it due) and once more when Okta refuses it (401).
// One renewal per org at a time: Okta rotates refresh tokens, so two renewals racing with the same one would
// leave the loser holding a revoked token. When the sign-in cannot renew itself, the user is told to sign in again.
import type { AuthProvider } from '../okta/client';
import { isOktaError, OktaError } from '../okta/errors';
import { createOAuthAuthProvider, createTokenClient, isDueForRenewal, renewalTime, type TokenClient, type TokenSet } from '../okta/oauth';
import type { WorkerDeps } from './deps';
import type { DpopKeyStore } from './dpop-key-store';
import { loadOrgs, loadSecret, withSettingsLock, writeSecret, type OAuthSecret, type OrgRecord } from './settings-store';
import { WorkerError } from './worker-error';

/** Alarm names are this prefix plus the org's origin. */
export const RENEW_ALARM = 'oauth-renew:';

const clock = (deps: WorkerDeps): number => (deps.now ?? Date.now)();
const hostOf = (origin: string): string => new URL(origin).host;

export function keyStore(deps: WorkerDeps): DpopKeyStore {
  if (!deps.dpopKeys) throw new WorkerError('internal', 'This browser cannot keep a DPoP key for the extension (IndexedDB is unavailable).');
  return deps.dpopKeys;
}

/** A failure the user fixes on the options page. Okta's words, if any, travel along for support. */
export function signInAgain(why: string, cause?: OktaError): OktaError {
  return new OktaError('unauthorized', `${why} Sign in again in the options page.`, {
    ...(cause?.status !== undefined ? { status: cause.status } : {}),
    ...(cause?.okta ? { okta: cause.okta } : {}),
  });
}

export function tokenClient(deps: WorkerDeps, origin: string, clientId: string, dpopKeyPair?: CryptoKeyPair): TokenClient {
  return createTokenClient({
    origin,
    clientId,
    extensionOrigin: deps.extensionOrigin,
    ...(dpopKeyPair ? { dpopKeyPair } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
}

export function secretFrom(tokens: TokenSet, clientId: string, signedInAs: string | undefined, scopes?: string[]): OAuthSecret {
  const secret: OAuthSecret = {
    kind: 'oauth',
    clientId,
    accessToken: tokens.accessToken,
    tokenType: tokens.tokenType,
    expiresAt: tokens.expiresAt,
    obtainedAt: tokens.obtainedAt,
    // A renewal reply may leave `scope` out: the grant's scopes are unchanged then.
    scopes: tokens.scopes.length ? tokens.scopes : (scopes ?? []),
  };
  if (tokens.refreshToken) secret.refreshToken = tokens.refreshToken;
  if (signedInAs) secret.signedInAs = signedInAs;
  return secret;
}

/** The key a DPoP-bound sign-in needs; without it the tokens are useless. */
async function boundKey(deps: WorkerDeps, origin: string, secret: OAuthSecret): Promise<CryptoKeyPair | undefined> {
  if (secret.tokenType !== 'DPoP') return undefined;
  const keyPair = await keyStore(deps).get(origin);
  if (!keyPair) throw signInAgain(`The key the Okta sign-in for ${hostOf(origin)} is bound to is gone (this browser's site data may have been cleared).`);
  return keyPair;
}

async function stored(deps: WorkerDeps, origin: string): Promise<{ record: OrgRecord; secret: OAuthSecret } | undefined> {
  const record = (await loadOrgs(deps)).find((o) => o.origin === origin);
  const secret = record && (await loadSecret(deps, record));
  return record && secret?.kind === 'oauth' ? { record, secret } : undefined;
}

const renewals = new Map<string, Promise<OAuthSecret>>();

/**
 * Renews the org's tokens, unless they were already renewed since the caller read `seen` (then the newer ones
 * are returned). Callers arriving while a renewal runs share it.
 */
export function renewTokens(deps: WorkerDeps, origin: string, seen: OAuthSecret): Promise<OAuthSecret> {
  let renewal = renewals.get(origin);
  if (!renewal) {
    renewal = renew(deps, origin, seen).finally(() => renewals.delete(origin));
    renewals.set(origin, renewal);
  }
  return renewal;
}

async function renew(deps: WorkerDeps, origin: string, seen: OAuthSecret): Promise<OAuthSecret> {
  const host = hostOf(origin);
  const signedOut = () => signInAgain(`You are no longer signed in to ${host} with Okta.`);
  const before = await stored(deps, origin);
  if (!before) throw signedOut();
  if (before.secret.accessToken !== seen.accessToken) return before.secret;
  const refreshToken = before.secret.refreshToken;
  if (!refreshToken) {
    throw signInAgain(`The Okta sign-in for ${host} has expired. It was made without "Stay signed in", so it cannot renew itself.`);
  }
  let tokens: TokenSet;
  try {
    tokens = await tokenClient(deps, origin, before.secret.clientId, await boundKey(deps, origin, before.secret)).refresh(refreshToken);
  } catch (error) {
    if (isOktaError(error) && error.okta?.errorCode === 'invalid_grant') {
      throw signInAgain(`Okta no longer accepts the sign-in for ${host}: it was revoked or has expired (signing out of Okta does that).`, error);
    }
    throw error;
  }
  const next = secretFrom(tokens, before.secret.clientId, before.secret.signedInAs, before.secret.scopes);
  // A sign-out or a new sign-in while Okta was answering wins: the renewed tokens are not written over it.
  const current = await withSettingsLock(async () => {
    const now = await stored(deps, origin);
    if (now?.secret.refreshToken !== refreshToken) return now?.secret;
    await writeSecret(deps, origin, next, now.record.remember);
    return next;
  });
  if (!current) throw signedOut();
  await scheduleRenewal(deps, origin, current);
  return current;
}

/** The tokens to use now: renewed first when due; a renewal that fails is reported only once the token has expired. */
async function usable(deps: WorkerDeps, origin: string, secret: OAuthSecret): Promise<OAuthSecret> {
  const now = clock(deps);
  if (!isDueForRenewal(secret, now)) return secret;
  try {
    return await renewTokens(deps, origin, secret);
  } catch (error) {
    if (now < secret.expiresAt) return secret;
    throw error;
  }
}

/** What the Sessions client asks for headers: Bearer or DPoP (with a fresh proof per request), renewing as needed. */
export async function oauthAuthProvider(deps: WorkerDeps, origin: string, secret: OAuthSecret): Promise<AuthProvider> {
  const dpopKeyPair = await boundKey(deps, origin, secret);
  let current = secret;
  return createOAuthAuthProvider({
    token: async () => (current = await usable(deps, origin, current)),
    ...(dpopKeyPair ? { dpopKeyPair } : {}),
    renew: async () => {
      current = await renewTokens(deps, origin, current);
      return true;
    },
    ...(deps.now ? { now: deps.now } : {}),
  });
}

/** An alarm shortly before the access token expires; none without a refresh token (nothing to renew with). */
export async function scheduleRenewal(deps: WorkerDeps, origin: string, secret: OAuthSecret | undefined): Promise<void> {
  const name = RENEW_ALARM + origin;
  if (secret?.refreshToken) await deps.alarms?.create(name, { when: renewalTime(secret, clock(deps)) });
  else await deps.alarms?.clear(name);
}

/** The renewal alarm. A failure is left for the next call to report, in words, where the user can act on it. */
export async function onRenewalAlarm(deps: WorkerDeps, name: string): Promise<void> {
  if (!name.startsWith(RENEW_ALARM)) return;
  const origin = name.slice(RENEW_ALARM.length);
  const found = await stored(deps, origin);
  if (found && !isDueForRenewal(found.secret, clock(deps))) return scheduleRenewal(deps, origin, found.secret);
  if (!found?.secret.refreshToken) return scheduleRenewal(deps, origin, undefined);
  await renewTokens(deps, origin, found.secret);
}

/** Revokes both tokens at Okta: revoking the refresh token alone leaves its access tokens alive. */
export async function revokeTokens(deps: WorkerDeps, origin: string, secret: OAuthSecret): Promise<void> {
  const client = tokenClient(deps, origin, secret.clientId);
  if (secret.refreshToken) await client.revoke(secret.refreshToken, 'refresh_token');
  await client.revoke(secret.accessToken, 'access_token');
}

/** Forgets what a sign-in left besides its tokens: the DPoP key and the renewal alarm. */
export async function forgetSignIn(deps: WorkerDeps, origin: string): Promise<void> {
  await deps.dpopKeys?.delete(origin);
  await deps.alarms?.clear(RENEW_ALARM + origin);
}
