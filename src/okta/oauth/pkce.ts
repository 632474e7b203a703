// PKCE (RFC 7636) and the per-sign-in random values. base64url of random bytes only ever uses letters, digits,
// '-' and '_', all in the verifier's unreserved set, and each byte carries 8 bits of entropy with no modulo bias.
import { randomBase64url, sha256Base64url } from './base64url';

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/** 48 random bytes -> 64 characters; `byteLength` 32..96 gives 43..128 characters, the range RFC 7636 allows. */
export function createCodeVerifier(byteLength = 48): string {
  if (!Number.isInteger(byteLength) || byteLength < 32 || byteLength > 96) {
    throw new RangeError('a code verifier needs 32 to 96 random bytes (43 to 128 characters)');
  }
  return randomBase64url(byteLength);
}

export function isCodeVerifier(value: string): boolean {
  return VERIFIER.test(value);
}

/** BASE64URL(SHA256(ASCII(verifier))): the S256 code_challenge. */
export async function codeChallengeS256(verifier: string): Promise<string> {
  if (!isCodeVerifier(verifier)) throw new RangeError('not a PKCE code verifier (43-128 unreserved characters)');
  return sha256Base64url(verifier);
}

/** Ties the redirect to the sign-in this extension started (CSRF). 256 bits. */
export const createState = (): string => randomBase64url(32);

/** Ties the id_token to this sign-in (replay). 256 bits. */
export const createNonce = (): string => randomBase64url(32);

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export async function createPkce(): Promise<Pkce> {
  const verifier = createCodeVerifier();
  return { verifier, challenge: await codeChallengeS256(verifier), method: 'S256' };
}
