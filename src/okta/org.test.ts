import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OktaError } from './errors';
import { isLoopbackHost, isOktaHost, normalizeOrgUrl, OKTA_DOMAINS, oktaOrgOriginForHost } from './org';

function rejects(input: string): OktaError {
  try {
    normalizeOrgUrl(input);
  } catch (error) {
    expect(error).toBeInstanceOf(OktaError);
    expect((error as OktaError).kind).toBe('invalid_input');
    return error as OktaError;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('OKTA_DOMAINS', () => {
  it('lists the org domains of API.md', () => {
    expect([...OKTA_DOMAINS].sort()).toEqual(
      ['okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com', 'okta.mil', 'okta-miltest.com', 'trex-govcloud.com'].sort(),
    );
  });
});

describe('isOktaHost', () => {
  it.each([
    'acme.okta.com',
    'acme-admin.okta.com',
    'dev-123456.okta.com',
    'dev-123456-admin.oktapreview.com',
    'acme.okta-emea.com',
    'acme.okta-gov.com',
    'acme.okta.mil',
    'acme.okta-miltest.com',
    'acme.trex-govcloud.com',
    'ACME.OKTA.COM',
    'acme.okta.com.',
  ])('accepts %s', (host) => {
    expect(isOktaHost(host)).toBe(true);
  });

  it.each([
    'okta.com',
    'acme.okta.com.evil.net',
    'acme-okta.com',
    'oktaa.com',
    'acme.oktaa.com',
    'evilokta.com',
    'acme.evilokta.com',
    'a.b.okta.com',
    '-admin.okta.com',
    '-acme.okta.com',
    'acme_x.okta.com',
    '.okta.com',
    'www.okta.com',
    'developer.okta.com',
    'acme.okta.com:443',
    '',
  ])('rejects %s', (host) => {
    expect(isOktaHost(host)).toBe(false);
  });
});

describe('oktaOrgOriginForHost', () => {
  it('maps an org host and its admin host to the org origin', () => {
    expect(oktaOrgOriginForHost('acme.okta.com')).toBe('https://acme.okta.com');
    expect(oktaOrgOriginForHost('acme-admin.okta.com')).toBe('https://acme.okta.com');
    expect(oktaOrgOriginForHost('Dev-1-Admin.OktaPreview.com')).toBe('https://dev-1.oktapreview.com');
  });
  it('gives undefined for anything else', () => {
    expect(oktaOrgOriginForHost('login.acme.com')).toBeUndefined();
    expect(oktaOrgOriginForHost('acme.okta.com.evil.net')).toBeUndefined();
    expect(oktaOrgOriginForHost('127.0.0.1')).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback names', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['localhost.evil.net', '128.0.0.1', '127.0.0.1.evil.net', '10.0.0.1']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('normalizeOrgUrl', () => {
  it.each([
    ['https://acme.okta.com', 'https://acme.okta.com', 'okta'],
    ['acme.okta.com', 'https://acme.okta.com', 'okta'],
    ['  https://acme.okta.com/  ', 'https://acme.okta.com', 'okta'],
    ['https://ACME.Okta.COM/app/UserHome?x=1#frag', 'https://acme.okta.com', 'okta'],
    ['https://acme-admin.okta.com/admin/dashboard', 'https://acme.okta.com', 'okta'],
    ['HTTPS://acme-admin.oktapreview.com', 'https://acme.oktapreview.com', 'okta'],
    ['https://acme.okta.com.', 'https://acme.okta.com', 'okta'],
    ['https://acme.okta.com:443/', 'https://acme.okta.com', 'okta'],
    ['https://login.acme.com/some/path', 'https://login.acme.com', 'custom'],
    ['https://acme.okta.com.evil.net', 'https://acme.okta.com.evil.net', 'custom'],
    ['https://acme-okta.com', 'https://acme-okta.com', 'custom'],
    ['https://oktaa.com', 'https://oktaa.com', 'custom'],
    ['https://login.acme.com:8443', 'https://login.acme.com:8443', 'custom'],
    ['https://bücher.example', 'https://xn--bcher-kva.example', 'custom'],
    ['http://127.0.0.1:8443', 'http://127.0.0.1:8443', 'custom'],
    ['https://127.0.0.1:8443/x', 'https://127.0.0.1:8443', 'custom'],
    ['http://localhost:3000', 'http://localhost:3000', 'custom'],
    ['localhost:3000', 'https://localhost:3000', 'custom'],
    ['http://[::1]:9000/', 'http://[::1]:9000', 'custom'],
  ] as const)('%s -> %s (%s)', (input, origin, kind) => {
    const org = normalizeOrgUrl(input);
    expect(org.origin).toBe(origin);
    expect(org.kind).toBe(kind);
    expect(org.host).toBe(new URL(origin).host);
  });

  it.each([
    '',
    '   ',
    'http://acme.okta.com', // plain http to a real host
    'http://login.acme.com',
    'ftp://acme.okta.com',
    'javascript:alert(1)',
    'data:text/html,hi',
    'file:///etc/passwd',
    'https://user:pass@acme.okta.com',
    'https://user@acme.okta.com',
    'https://@acme.okta.com',
    'https://evil.net@acme.okta.com',
    'https://acme.okta.com@evil.net',
    'https://evil.net\\@acme.okta.com',
    'https:\\\\acme.okta.com',
    'https://',
    'https:///acme.okta.com',
    'https://acme.okta.com..',
    'https://acme..okta.com',
    'https://acme',
    'acme',
    'https:acme.okta.com',
    'https://acme .okta.com',
    'https://acme.okta.com\n.evil.net',
    'https://[::1',
    `https://${'a'.repeat(3000)}.com`,
  ])('rejects %j', (input) => {
    const error = rejects(input);
    expect(error.message).toMatch(/\w/);
  });

  it('never says a secret-looking userinfo back', () => {
    const error = rejects('https://admin:hunter2@acme.okta.com');
    expect(error.message).not.toContain('hunter2');
  });

  it('returns Okta or throws invalid_input for any string, and its output is a fixed point', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain(), fc.webUrl().map((u) => u.replace('https', 'http'))), (input) => {
        let org;
        try {
          org = normalizeOrgUrl(input);
        } catch (error) {
          expect(error).toBeInstanceOf(OktaError);
          expect((error as OktaError).kind).toBe('invalid_input');
          return;
        }
        expect(org.origin).toMatch(/^https?:\/\/[^/@\\]+$/);
        expect(normalizeOrgUrl(org.origin)).toEqual(org);
        if (org.origin.startsWith('http:')) expect(isLoopbackHost(new URL(org.origin).hostname)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
