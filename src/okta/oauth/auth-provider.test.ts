import { describe, expect, it } from 'vitest';
import { EmbeddedJWK, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import { createOAuthAuthProvider } from './auth-provider';
import { generateDpopKeyPair } from './dpop';

// The provider on its own; its use by the Sessions client against the mock org is in test/mock-org/oauth-client.test.ts.
const URL_ = 'https://acme.okta.com/api/v1/sessions/102abc?x=1';
const challenge = (h: Record<string, string>) => ({ method: 'GET', url: URL_, status: 401, headers: new Headers(h) });

describe('createOAuthAuthProvider', () => {
  it('sends a Bearer token as Bearer, with no proof', async () => {
    const p = createOAuthAuthProvider({ token: () => ({ accessToken: 'tok', tokenType: 'Bearer' }) });
    expect(await p.headers({ method: 'GET', url: URL_ })).toEqual({ Authorization: 'Bearer tok' });
  });

  it('sends a DPoP token with a proof bound to the method, URL and token', async () => {
    const keyPair = await generateDpopKeyPair();
    const p = createOAuthAuthProvider({ token: async () => ({ accessToken: 'tok', tokenType: 'DPoP' }), dpopKeyPair: keyPair });
    const h = await p.headers({ method: 'DELETE', url: URL_ });
    expect(h.Authorization).toBe('DPoP tok');
    const { payload } = await jwtVerify(h.DPoP!, EmbeddedJWK, { typ: 'dpop+jwt' });
    expect(payload).toMatchObject({ htm: 'DELETE', htu: 'https://acme.okta.com/api/v1/sessions/102abc', ath: createHash('sha256').update('tok').digest('base64url') });
    expect(payload.nonce).toBeUndefined();
  });

  it('refuses a DPoP token without its key', async () => {
    const p = createOAuthAuthProvider({ token: () => ({ accessToken: 'tok', tokenType: 'DPoP' }) });
    await expect(p.headers({ method: 'GET', url: URL_ })).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('retries once per new nonce on use_dpop_nonce, and uses it from then on', async () => {
    const keyPair = await generateDpopKeyPair();
    const p = createOAuthAuthProvider({ token: () => ({ accessToken: 'tok', tokenType: 'DPoP' }), dpopKeyPair: keyPair });
    const nonceChallenge = { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof."', 'DPoP-Nonce': 'n1' };
    expect(await p.onChallenge!(challenge(nonceChallenge))).toBe(true);
    expect(await p.onChallenge!(challenge(nonceChallenge))).toBe(false); // the same nonce again: retrying cannot help
    expect(await p.onChallenge!(challenge({ 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"' }))).toBe(false); // no nonce given
    const { payload } = await jwtVerify((await p.headers({ method: 'GET', url: URL_ })).DPoP!, EmbeddedJWK);
    expect(payload.nonce).toBe('n1');
  });

  it('asks for a renewal on invalid_token only, and only when it can renew', async () => {
    let renewals = 0;
    const renew = async () => {
      renewals++;
      return true;
    };
    const withRenew = createOAuthAuthProvider({ token: () => ({ accessToken: 't', tokenType: 'Bearer' }), renew });
    const without = createOAuthAuthProvider({ token: () => ({ accessToken: 't', tokenType: 'Bearer' }) });
    const invalid = { 'WWW-Authenticate': 'Bearer realm="IdpError", error="invalid_token", error_description="The access token is invalid."' };
    expect(await without.onChallenge!(challenge(invalid))).toBe(false);
    expect(await withRenew.onChallenge!(challenge(invalid))).toBe(true);
    expect(await withRenew.onChallenge!(challenge({ 'WWW-Authenticate': 'DPoP error="invalid_dpop_proof"' }))).toBe(false);
    expect(await withRenew.onChallenge!({ ...challenge(invalid), status: 403 })).toBe(false);
    expect(renewals).toBe(1);
  });
});
