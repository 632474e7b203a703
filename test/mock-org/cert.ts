import { isIP } from 'node:net';
import { generate } from 'selfsigned';

// app.example.test and other.example.test: the app site (app-site.ts) the OIDC flows start from.
export const DEFAULT_CERT_NAMES = ['*.okta.com', '*.oktapreview.com', '*.okta-emea.com', 'localhost', '127.0.0.1', '*.example.test'];

export interface MockCertificate {
  cert: string;
  key: string;
}

// Key generation is the slowest part of starting a mock; tests start many, so one certificate is made per
// distinct set of names and reused.
const cache = new Map<string, Promise<MockCertificate>>();

/**
 * A self-signed certificate for CN dev-123456.okta.com with SANs for the Okta domains, localhost, 127.0.0.1
 * and any extra hostnames (custom URL domains). Trust `cert` as a CA to accept it.
 */
export function mockCertificate(extraNames: readonly string[] = []): Promise<MockCertificate> {
  const names = [...new Set(['dev-123456.okta.com', ...DEFAULT_CERT_NAMES, ...extraNames.map((n) => n.toLowerCase())])];
  const key = names.join(',');
  let pending = cache.get(key);
  if (!pending) {
    pending = generate([{ name: 'commonName', value: 'dev-123456.okta.com' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(Date.now() - 24 * 60 * 60 * 1000),
      notAfterDate: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: names.map((n) => (isIP(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })),
        },
      ],
    }).then((pems) => ({ cert: pems.cert, key: pems.private }));
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}
