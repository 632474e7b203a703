// Sign in with Okta, asked for by the options page: the browser's sign-in window (identity.launchWebAuthFlow)
// on the org authorization server, PKCE S256 with state and nonce checked, the code exchanged from the worker,
// and the tokens kept as the org's credential (storage.session, or storage.local when remembered). DPoP when
// asked for, or on 'auto' when the app turns out to require it. Sign-out revokes the tokens at Okta and forgets
// them, with their key and renewal alarm. The PKCE verifier lives only in this function's memory.
import { isOktaError } from '../okta/errors';
import {
  authFlowFailure,
  finishSignIn,
  generateDpopKeyPair,
  SESSION_SCOPES,
  startSignIn,
  validateClientId,
  type OAuthContext,
  type SignInResult,
} from '../okta/oauth';
import { normalizeOrgUrl } from '../okta/org';
import type { OrgSettingsView, RequestOf } from '../shared/protocol';
import type { WorkerDeps } from './deps';
import { forgetSignIn, keyStore, revokeTokens, scheduleRenewal, secretFrom, tokenClient } from './oauth-tokens';
import { assertNoClaim, listOrgs, normaliseCustomDomains, settingsView } from './settings-actions';
import { deleteSecret, loadOrgs, loadSecret, withSettingsLock, writeOrgs, writeSecret, type OrgRecord, type StoredSecret } from './settings-store';
import { forgetCachedView } from './view-cache';
import { WorkerError } from './worker-error';

/** openid and profile name the user; offline_access (to stay signed in) brings the refresh token. */
export function signInScopes(staySignedIn: boolean): string[] {
  return ['openid', 'profile', ...(staySignedIn ? ['offline_access'] : []), SESSION_SCOPES.read, SESSION_SCOPES.manage];
}

const errorCode = (error: unknown): string | undefined => (isOktaError(error) ? error.okta?.errorCode : undefined);

export async function signIn(deps: WorkerDeps, request: RequestOf<'oauth/sign-in'>): Promise<OrgSettingsView> {
  const org = normalizeOrgUrl(request.orgUrl);
  const origin = org.origin;
  const customDomains = normaliseCustomDomains(org, request.customDomains);
  const clientId = validateClientId(request.clientId);
  // Refused before the window opens, rather than after the user has signed in for nothing.
  assertNoClaim(origin, customDomains, (await loadOrgs(deps)).filter((o) => o.origin !== origin));
  const identity = deps.identity;
  if (!identity) throw new WorkerError('internal', 'This browser does not offer extensions a sign-in window (the identity API).');
  const redirectUri = identity.getRedirectURL();
  const scopes = signInScopes(request.staySignedIn);
  const ctx: OAuthContext = { origin, clientId, redirectUri, scopes };
  const now = deps.now;

  const openWindow = async () => {
    const { url, pending } = await startSignIn({ origin, clientId, redirectUri, scopes, ...(now ? { now } : {}) });
    let redirectUrl: string | undefined;
    try {
      redirectUrl = await identity.launchWebAuthFlow({ url, interactive: true });
    } catch (error) {
      throw authFlowFailure(error instanceof Error ? error.message : String(error), ctx);
    }
    // Firefox may resolve without a URL when the window is closed.
    if (!redirectUrl) throw authFlowFailure('The user did not approve access.', ctx);
    return { pending, redirectUrl };
  };

  let keyPair = request.dpop === true ? await generateDpopKeyPair() : undefined;
  let flow = await openWindow();
  const finish = () => finishSignIn(flow.pending, flow.redirectUrl, tokenClient(deps, origin, clientId, keyPair));
  let result: SignInResult;
  try {
    result = await finish();
  } catch (error) {
    if (request.dpop !== 'auto' || keyPair || errorCode(error) !== 'invalid_dpop_proof') throw error;
    // The app requires DPoP. Okta checks the proof before the code, so the same code normally works with one;
    // if it was spent anyway, the user is signed in at Okta by now and a second window returns at once.
    keyPair = await generateDpopKeyPair();
    try {
      result = await finish();
    } catch (again) {
      if (errorCode(again) !== 'invalid_grant') throw again;
      flow = await openWindow();
      result = await finish();
    }
  }
  const user = result.user;
  const secret = secretFrom(result.tokens, clientId, user?.login ?? user?.name ?? user?.id);
  const record: OrgRecord = {
    origin,
    customDomains,
    clientId,
    remember: request.remember,
    oauth: { dpop: request.dpop, staySignedIn: request.staySignedIn },
  };

  const replaced = await withSettingsLock(async () => {
    const orgs = await loadOrgs(deps);
    assertNoClaim(origin, customDomains, orgs.filter((o) => o.origin !== origin));
    const existing = orgs.find((o) => o.origin === origin);
    const previous: StoredSecret | undefined = existing ? await loadSecret(deps, existing) : undefined;
    if (keyPair) await keyStore(deps).put(origin, keyPair);
    else await deps.dpopKeys?.delete(origin);
    await writeSecret(deps, origin, secret, record.remember);
    await writeOrgs(deps, existing ? orgs.map((o) => (o === existing ? record : o)) : [...orgs, record]);
    await forgetCachedView(deps, origin);
    return previous;
  });
  await scheduleRenewal(deps, origin, secret);
  // The sign-in this one replaces should not stay alive at Okta (best effort).
  if (replaced?.kind === 'oauth') await revokeTokens(deps, origin, replaced).catch(() => undefined);
  return settingsView(deps, record);
}

/**
 * Forgets the org's sign-in in this browser, whatever Okta says, then asks Okta to revoke both tokens. The org
 * stays configured (with its Client ID) so signing in again is one click. A revocation Okta did not confirm is
 * reported: the tokens then stay valid until they expire.
 */
export async function signOut(deps: WorkerDeps, request: RequestOf<'oauth/sign-out'>): Promise<OrgSettingsView[]> {
  let origin = request.origin;
  try {
    origin = normalizeOrgUrl(request.origin).origin;
  } catch {
    // Compared as given: it matches nothing unless it already is a stored origin.
  }
  const dropped = await withSettingsLock(async () => {
    const record = (await loadOrgs(deps)).find((o) => o.origin === origin);
    const secret = record ? await loadSecret(deps, record) : undefined;
    if (secret?.kind !== 'oauth') return undefined;
    await deleteSecret(deps, origin);
    await forgetCachedView(deps, origin);
    return secret;
  });
  if (!dropped) throw new WorkerError('invalid_input', `There is no Okta sign-in to end for ${origin}.`);
  await forgetSignIn(deps, origin);
  try {
    await revokeTokens(deps, origin, dropped);
  } catch (error) {
    const why = isOktaError(error) ? ` (${error.message})` : '';
    throw new WorkerError(
      isOktaError(error) ? error.kind : 'network',
      `Signed out in this browser, but Okta did not confirm that it revoked the tokens${why}: they stay valid until ` +
        `they expire, unless an admin revokes them in Okta.`,
    );
  }
  return listOrgs(deps);
}
