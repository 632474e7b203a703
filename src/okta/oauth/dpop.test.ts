import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, createProof, generateDpopKeyPair, htuOf, jwkThumbprint, publicJwkOf } from './dpop';

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

describe('DPoP key pair', () => {
  it('is ES256 with a private key that cannot be exported', async () => {
    const keyPair = await generateDpopKeyPair();
    expect(keyPair.privateKey.extractable).toBe(false);
    expect(keyPair.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', keyPair.privateKey)).rejects.toThrow();
    const jwk = await publicJwkOf(keyPair);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
  });

  it('has the RFC 7638 thumbprint jose computes', async () => {
    const jwk = await publicJwkOf(await generateDpopKeyPair());
    expect(await jwkThumbprint(jwk)).toBe(await calculateJwkThumbprint(jwk, 'sha256'));
  });

  it('matches RFC 7638 on a published EC key (RFC 9449 §4.1 example key)', async () => {
    const jwk = {
      kty: 'EC' as const,
      crv: 'P-256' as const,
      x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs',
      y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA',
    };
    expect(await jwkThumbprint(jwk)).toBe(sha256('{"crv":"P-256","kty":"EC","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}'));
  });
});

describe('createProof', () => {
  it('is a JWS that verifies with its embedded key and carries RFC 9449 claims', async () => {
    const keyPair = await generateDpopKeyPair();
    const now = 1_800_000_000_123;
    const proof = await createProof({ keyPair, htm: 'post', htu: 'https://acme.okta.com/oauth2/v1/token?x=1#frag', now: () => now });
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'], currentDate: new Date(now) });
    expect(protectedHeader).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: await publicJwkOf(keyPair) });
    expect(payload).toEqual({ htm: 'POST', htu: 'https://acme.okta.com/oauth2/v1/token', iat: 1_800_000_000, jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
  });

  it('adds nonce and ath when given, and a new jti every time', async () => {
    const keyPair = await generateDpopKeyPair();
    const token = 'at.example-access-token';
    const a = await createProof({ keyPair, htm: 'GET', htu: 'https://acme.okta.com/api/v1/sessions/abc', nonce: 'n-1', accessToken: token });
    const b = await createProof({ keyPair, htm: 'GET', htu: 'https://acme.okta.com/api/v1/sessions/abc', nonce: 'n-1', accessToken: token });
    const pa = (await jwtVerify(a, EmbeddedJWK)).payload;
    const pb = (await jwtVerify(b, EmbeddedJWK)).payload;
    expect(pa.nonce).toBe('n-1');
    expect(pa.ath).toBe(sha256(token));
    expect(pa.ath).toBe(await accessTokenHash(token));
    expect(pa.jti).not.toBe(pb.jti);
  });

  it('never puts private key material in the header', async () => {
    const proof = await createProof({ keyPair: await generateDpopKeyPair(), htm: 'GET', htu: 'https://a.okta.com/' });
    expect(decodeProtectedHeader(proof).jwk).not.toHaveProperty('d');
  });

  it('fails verification when the payload is altered', async () => {
    const proof = await createProof({ keyPair: await generateDpopKeyPair(), htm: 'GET', htu: 'https://a.okta.com/x' });
    const [h, , s] = proof.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ htm: 'DELETE', htu: 'https://a.okta.com/x', iat: 1, jti: 'j' })).toString('base64url')}.${s}`;
    await expect(jwtVerify(forged, EmbeddedJWK)).rejects.toThrow();
  });
});

describe('htuOf', () => {
  it('drops query and fragment and keeps a non-default port', () => {
    expect(htuOf('https://acme.okta.com/api/v1/sessions/abc?x=1#y')).toBe('https://acme.okta.com/api/v1/sessions/abc');
    expect(htuOf('https://acme.okta.com:8443/oauth2/v1/token')).toBe('https://acme.okta.com:8443/oauth2/v1/token');
  });
});
