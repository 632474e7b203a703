import { createHash, createPublicKey, verify, type JsonWebKey } from 'node:crypto';

// DPoP proof checks (RFC 9449 §4.3) as the mock's token endpoint and resource server make them. Synchronous
// (node:crypto) so the existing synchronous credential check in auth.ts can call it. Descriptions follow the
// wording Okta uses in its error_description / WWW-Authenticate replies.

export type ProofCheck =
  | { ok: true; jkt: string; jti: string }
  | { ok: false; error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string };

export interface ProofExpectations {
  htm: string;
  /** The request URI (query and fragment are ignored on both sides). */
  htu: string;
  /** Epoch ms. */
  now: number;
  /** Nonces currently accepted; undefined when no nonce is required. */
  nonces?: readonly string[];
  /** Who asks, for the nonce description: 'Authorization server' or 'Resource server'. */
  server: 'Authorization server' | 'Resource server';
  /** The access token the proof accompanies (resource requests): its hash must be in `ath`. */
  accessToken?: string;
  /** The thumbprint the token is bound to (cnf.jkt), if any. */
  jkt?: string;
  /** jti -> epoch ms until which it is remembered; a proof whose jti is in it is a replay. */
  seenJti: Map<string, number>;
  /** Allowed distance of `iat` from now, seconds. Default 300. */
  iatWindowSeconds?: number;
}

const b64urlJson = (segment: string): unknown => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const sha256b64url = (text: string): string => createHash('sha256').update(text).digest('base64url');

const HASH: Record<string, string> = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', RS256: 'sha256' };

/** RFC 7638 thumbprint of an EC or RSA public JWK. */
export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return sha256b64url(JSON.stringify(members));
}

const htuOf = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
};

export function checkDpopProof(proof: string, x: ProofExpectations): ProofCheck {
  const invalid = (description: string): ProofCheck => ({ ok: false, error: 'invalid_dpop_proof', description });
  const parts = proof.split('.');
  if (parts.length !== 3) return invalid('The DPoP proof JWT is malformed.');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = b64urlJson(parts[0]!) as Record<string, unknown>;
    claims = b64urlJson(parts[1]!) as Record<string, unknown>;
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') throw new Error('not objects');
  } catch {
    return invalid('The DPoP proof JWT is malformed.');
  }
  if (header.typ !== 'dpop+jwt') return invalid("The DPoP proof JWT 'typ' header is invalid.");
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const hash = HASH[alg];
  if (!hash) return invalid("The DPoP proof JWT 'alg' header is not supported.");
  const jwk = header.jwk as Record<string, unknown> | undefined;
  if (!jwk || typeof jwk !== 'object' || 'd' in jwk) return invalid("The DPoP proof JWT 'jwk' header is missing or holds a private key.");
  let signatureOk = false;
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    signatureOk = verify(
      hash,
      Buffer.from(`${parts[0]}.${parts[1]}`),
      alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key,
      Buffer.from(parts[2]!, 'base64url'),
    );
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return invalid('The DPoP proof JWT signature is invalid.');
  if (claims.htm !== x.htm.toUpperCase()) return invalid("'htm' claim in the DPoP proof JWT is invalid.");
  if (typeof claims.htu !== 'string' || htuOf(claims.htu) !== htuOf(x.htu)) return invalid("'htu' claim in the DPoP proof JWT is invalid.");
  const window = x.iatWindowSeconds ?? 300;
  if (typeof claims.iat !== 'number' || Math.abs(claims.iat - x.now / 1000) > window) {
    return invalid("'iat' claim in the DPoP proof JWT is invalid.");
  }
  if (x.nonces && (typeof claims.nonce !== 'string' || !x.nonces.includes(claims.nonce))) {
    return { ok: false, error: 'use_dpop_nonce', description: `${x.server} requires nonce in DPoP proof.` };
  }
  if (typeof claims.jti !== 'string' || !claims.jti) return invalid("'jti' claim in the DPoP proof JWT is missing.");
  for (const [jti, until] of x.seenJti) if (until <= x.now) x.seenJti.delete(jti);
  if (x.seenJti.has(claims.jti)) return invalid("'jti' claim in the DPoP proof JWT has already been used.");
  if (x.accessToken !== undefined && claims.ath !== sha256b64url(x.accessToken)) {
    return invalid("'ath' claim in the DPoP proof JWT is invalid.");
  }
  const jkt = jwkThumbprint(jwk);
  if (x.jkt !== undefined && jkt !== x.jkt) return invalid('The DPoP proof key does not match the key the token is bound to.');
  x.seenJti.set(claims.jti, x.now + 2 * window * 1000);
  return { ok: true, jkt, jti: claims.jti };
}
