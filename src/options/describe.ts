// Plain words for what the worker reports about a stored credential. The worker only ever sends a hint (the
// last characters), so nothing here can show a whole token.
import type { CredentialSummary } from '../shared/protocol';

/** "…a1b2", whether the worker sent "a1b2" or already "…a1b2". */
export function hintText(hint: string): string {
  return hint.startsWith('…') ? hint : `…${hint}`;
}

export function credentialText(credential: CredentialSummary | null): string {
  if (!credential) return 'No token saved. A token that is not remembered is forgotten when the browser closes: choose Edit to enter it again.';
  const where = credential.remember ? 'remembered on this device' : 'kept in memory until the browser closes';
  switch (credential.kind) {
    case 'api-token':
      return `API token ${hintText(credential.hint)}, ${where}`;
    case 'access-token':
      return `Access token ${hintText(credential.hint)}${expiry(credential.expiresAt)}, ${where}`;
    case 'oauth':
      return `Signed in with Okta${credential.signedInAs ? ` as ${credential.signedInAs}` : ''}${expiry(credential.expiresAt)}, ${where}`;
  }
}

function expiry(expiresAt: number | undefined): string {
  if (expiresAt === undefined) return '';
  const at = new Date(expiresAt);
  const verb = expiresAt <= Date.now() ? 'expired' : 'expires';
  return ` (${verb} ${at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })})`;
}
