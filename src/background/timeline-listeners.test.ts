// The listeners' first step: webRequest details reduced to what the mappers read. A raw body, Cookie header or
// response header value never leaves it: only flow facts (flow-facts.ts) and the few Okta response headers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestDetails } from './timeline-listeners';

describe('requestDetails', () => {
  it('keeps flow facts of the body and headers, never their secret values (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/).map((s) => `S3CR3T${s}`);
    fc.assert(
      fc.property(secret, secret, secret, secret, (verifier, password, cookie, token) => {
        const d = requestDetails({
          requestId: '1',
          url: 'https://dev-123456.okta.com/oauth2/v1/token',
          method: 'POST',
          timeStamp: 1,
          requestBody: { formData: { grant_type: ['authorization_code'], code_verifier: [verifier], password: [password], client_id: ['0oa1'] } },
          requestHeaders: [
            { name: 'Cookie', value: `sid=${cookie}; DT=${cookie}` },
            { name: 'Authorization', value: `Bearer ${token}` },
            { name: 'Origin', value: 'https://app.example.com' },
          ],
          responseHeaders: [
            { name: 'Set-Cookie', value: `sid=${cookie}` },
            { name: 'x-okta-request-id', value: 'req1' },
            { name: 'WWW-Authenticate', value: 'Bearer error="invalid_token"' },
          ],
        });
        const out = JSON.stringify(d);
        for (const s of [verifier, password, cookie, token]) expect(out).not.toContain(s);
        expect(d.bodyFacts).toEqual({ grantType: 'authorization_code', sent: ['code_verifier'], clientId: '0oa1' });
        expect(d.sentFacts).toEqual({ headersSeen: true, origin: 'https://app.example.com', cookies: ['sid', 'DT'] });
        expect(d.responseHeaders?.map((h) => h.name)).toEqual(['x-okta-request-id', 'WWW-Authenticate']);
      }),
      { numRuns: 200 },
    );
  });

  it('a JSON body (authn, idx: passwords, state handles) gives no facts at all', () => {
    const raw = new TextEncoder().encode(JSON.stringify({ username: 'u', password: 'p4ssw0rd', stateToken: 'st' })).buffer;
    const d = requestDetails({ requestId: '2', url: 'https://dev-123456.okta.com/api/v1/authn', method: 'POST', timeStamp: 1, requestBody: { raw: [{ bytes: raw }] } });
    expect(d.bodyFacts).toBeUndefined();
  });
});
