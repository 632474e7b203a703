import { describe, expect, it } from 'vitest';
import { OktaError } from '../errors';
import { base64urlFromText } from './base64url';
import { checkIdToken, readIdToken, signedInAs } from './id-token';

const jwt = (claims: unknown) => `${base64urlFromText('{"alg":"ES256"}')}.${base64urlFromText(JSON.stringify(claims))}.c2ln`;
const claims = {
  iss: 'https://acme.okta.com',
  aud: '0oaClient',
  sub: '00u1',
  nonce: 'n1',
  preferred_username: 'zoë@example.com',
  name: 'Zoë Doe',
};

describe('id_token', () => {
  it('reads who signed in', () => {
    const read = readIdToken(jwt(claims));
    expect(signedInAs(read)).toEqual({ id: '00u1', login: 'zoë@example.com', name: 'Zoë Doe' });
    expect(signedInAs(readIdToken(jwt({ sub: 's', email: 'e@x' })))).toEqual({ id: 's', login: 'e@x' });
  });

  it('accepts its own issuer, audience (also as a list) and nonce', () => {
    const expected = { issuer: 'https://acme.okta.com', clientId: '0oaClient', nonce: 'n1' };
    expect(() => checkIdToken(readIdToken(jwt(claims)), expected)).not.toThrow();
    expect(() => checkIdToken(readIdToken(jwt({ ...claims, aud: ['x', '0oaClient'] })), expected)).not.toThrow();
  });

  it.each([
    ['issuer', { iss: 'https://other.okta.com' }],
    ['audience', { aud: 'other' }],
    ['nonce', { nonce: 'n2' }],
  ])('refuses another %s', (what, patch) => {
    const error = (() => {
      try {
        checkIdToken(readIdToken(jwt({ ...claims, ...patch })), { issuer: 'https://acme.okta.com', clientId: '0oaClient', nonce: 'n1' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OktaError);
    expect((error as OktaError).kind).toBe('oauth');
    expect((error as OktaError).message).toContain(what);
  });

  it.each(['', 'a.b', 'a.!!!.c', `a.${base64urlFromText('[1]')}.c`, `a.${base64urlFromText('{"sub":5}')}.c`])('refuses %j as malformed', (token) => {
    expect(() => readIdToken(token)).toThrow(expect.objectContaining({ kind: 'malformed' }));
  });
});
