// DPoP (RFC 9449): a P-256 key pair whose private half cannot be exported, and the proof JWT sent with every
// token request and every API call made with a DPoP-bound token. A stolen DPoP-bound token is useless without
// the key, which is why the private key stays non-extractable (it can still be kept in IndexedDB as a CryptoKey).
import { base64urlFromBytes, base64urlFromText, randomBase64url, sha256Base64url } from './base64url';

export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A new ES256 key pair; the private key is not extractable (WebCrypto keeps public keys exportable). */
export async function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify']);
}

const publicJwks = new WeakMap<CryptoKey, Promise<EcPublicJwk>>();

/** The public key as a JWK with only the members RFC 7638 hashes (and a proof header may carry). */
export function publicJwkOf(keyPair: CryptoKeyPair): Promise<EcPublicJwk> {
  let jwk = publicJwks.get(keyPair.publicKey);
  if (!jwk) {
    jwk = crypto.subtle.exportKey('jwk', keyPair.publicKey).then((full) => {
      if (full.kty !== 'EC' || full.crv !== 'P-256' || !full.x || !full.y) throw new Error('the DPoP key is not a P-256 key');
      return { kty: 'EC', crv: 'P-256', x: full.x, y: full.y };
    });
    publicJwks.set(keyPair.publicKey, jwk);
  }
  return jwk;
}

/** RFC 7638 thumbprint: base64url(SHA-256) of the required members in lexicographic order, no spaces. */
export async function jwkThumbprint(jwk: EcPublicJwk): Promise<string> {
  return sha256Base64url(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }));
}

/** `htu` is the request URI without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

/** `ath`: base64url(SHA-256(access token)), binding a resource request's proof to the token it accompanies. */
export const accessTokenHash = (accessToken: string): Promise<string> => sha256Base64url(accessToken);

export interface ProofParams {
  keyPair: CryptoKeyPair;
  /** HTTP method, e.g. 'POST'. */
  htm: string;
  /** The request URL; query and fragment are dropped. */
  htu: string;
  /** The server's latest DPoP-Nonce, when it has given one. */
  nonce?: string;
  /** For API calls with a DPoP-bound token: adds `ath`. */
  accessToken?: string;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

/** A compact JWS: header {typ:'dpop+jwt', alg:'ES256', jwk}, claims {htm, htu, iat, jti, nonce?, ath?}. */
export async function createProof(p: ProofParams): Promise<string> {
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: await publicJwkOf(p.keyPair) };
  const claims: Record<string, string | number> = {
    htm: p.htm.toUpperCase(),
    htu: htuOf(p.htu),
    iat: Math.floor((p.now ?? Date.now)() / 1000),
    jti: randomBase64url(16),
  };
  if (p.nonce !== undefined) claims.nonce = p.nonce;
  if (p.accessToken !== undefined) claims.ath = await accessTokenHash(p.accessToken);
  const signingInput = `${base64urlFromText(JSON.stringify(header))}.${base64urlFromText(JSON.stringify(claims))}`;
  // WebCrypto's ECDSA signature is r||s (IEEE P1363), which is exactly the JWS ES256 form.
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    p.keyPair.privateKey,
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${base64urlFromBytes(new Uint8Array(signature))}`;
}
