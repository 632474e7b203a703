// Plain words for what the worker reports about a stored credential. The worker only ever sends a hint (the
// last characters), so nothing here can show a whole token.
import type { CredentialSummary } from '../shared/protocol';

/** "…a1b2", whether the worker sent "a1b2" or already "…a1b2". */
export function hintText(hint: string): string {
  return hint.startsWith('…') ? hint : `…${hint}`;
}

export function credentialText(credential: CredentialSummary | null, now = Date.now(), clientId?: string): string {
  if (!credential) {
    return clientId !== undefined
      ? `Not signed in (app ${clientId}). Choose Edit to sign in with Okta.`
      : 'No token saved. A token that is not remembered is forgotten when the browser closes: choose Edit to enter it again.';
  }
  const where = credential.remember ? 'remembered on this device' : 'kept in memory until the browser closes';
  switch (credential.kind) {
    case 'api-token':
      return `API token ${hintText(credential.hint)}, ${where}`;
    case 'access-token':
      return `Access token ${hintText(credential.hint)}${expiry(credential.expiresAt)}, ${where}`;
    case 'oauth':
      return signInText(credential, now, where);
  }
}

/** "Signed in as jane@example.com, token expires in 52 min (renews by itself), scopes okta.sessions.read …" */
function signInText(c: CredentialSummary, now: number, where: string): string {
  const who = c.signedInAs ? `Signed in as ${c.signedInAs}` : 'Signed in with Okta';
  let token = '';
  if (c.expiresAt !== undefined) {
    const left = c.expiresAt - now;
    token =
      left > 0
        ? `, token expires in ${duration(left)}${c.canRenew ? ' (renews by itself)' : ''}`
        : c.canRenew
          ? ', token expired (renews at the next use)'
          : ', token expired: sign in again';
  }
  const scopes = (c.scopes ?? []).filter((s) => s.startsWith('okta.'));
  return `${who}${token}, scopes ${scopes.length ? scopes.join(' ') : 'none for sessions'}${c.dpop ? ', DPoP-bound' : ''}, ${where}`;
}

/** "45 s", "52 min", "2 h 5 min": a token's remaining life at a glance. */
export function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  // Rounded down: a token never lives less than it says.
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}

function expiry(expiresAt: number | undefined): string {
  if (expiresAt === undefined) return '';
  const at = new Date(expiresAt);
  const verb = expiresAt <= Date.now() ? 'expired' : 'expires';
  return ` (${verb} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})`;
}
