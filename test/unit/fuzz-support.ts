// Shared parts of the fuzz tests: a real fetch that reaches a local server under ANY hostname (fuzzed hosts are
// not in the mock's certificate, and the point is to see which Host a request carries, not to check TLS), a
// scripted HTTPS server that answers with whatever bytes a property generated, and generators of hostile URLs.
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import fc from 'fast-check';
import { mockCertificate } from '../mock-org/cert';
import { orgFetch } from '../support/org-fetch';

/** A real fetch whose every connection, whatever the URL's host, reaches 127.0.0.1:<port>; no certificate check. */
export const anyHostFetch = (port: number): typeof fetch => orgFetch({ port });

export type RawReply =
  | { kind: 'http'; status: number; headers: Record<string, string>; body: Uint8Array }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'hang-up' };

export interface RawServer {
  port: number;
  cert: string;
  /** The reply every request gets until changed. */
  reply: RawReply;
  /** Requests seen: Host (port stripped), method, path, Authorization. */
  log: { host: string; method: string; path: string; authorization?: string }[];
  close(): Promise<void>;
}

/**
 * An HTTPS server on 127.0.0.1 that answers every request with `reply`, byte for byte: what the Okta client
 * must survive from a broken proxy, a captive portal or a hostile server. Its certificate is the mock org's
 * (Okta hostnames), so `orgFetch(server)` reaches it under real Okta origins.
 */
export async function startRawServer(): Promise<RawServer> {
  const { cert, key } = await mockCertificate();
  const sockets = new Set<Socket>();
  const state: RawServer = {
    port: 0,
    cert,
    reply: { kind: 'http', status: 200, headers: {}, body: new Uint8Array() },
    log: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer({ cert, key }, (req, res) => {
    const authorization = req.headers.authorization;
    state.log.push({
      host: (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase(),
      method: req.method ?? '',
      path: req.url ?? '',
      ...(authorization !== undefined ? { authorization } : {}),
    });
    const reply = state.reply;
    req.resume();
    if (reply.kind === 'hang-up') {
      req.socket.destroy();
    } else if (reply.kind === 'bytes') {
      // Not HTTP at all: whatever arrives on the socket is all the client gets.
      req.socket.end(Buffer.from(reply.bytes));
    } else {
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.byteLength) });
      res.end(Buffer.from(reply.body));
    }
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  return state;
}

// ---- Hostile URLs ------------------------------------------------------------------------------------------

/** Hosts an attacker would try, next to the real ones they imitate. */
export const HOST_PIECES = [
  'acme.okta.com',
  'acme-admin.okta.com',
  'ACME.OKTA.COM',
  'acme.okta.com.',
  'acme.okta.com..',
  'dev-123456.okta.com',
  'acme.oktapreview.com',
  'acme.okta.com.evil.net',
  'acme-okta.com',
  'acmeokta.com',
  'acme.okta.co',
  'okta.com',
  'www.okta.com',
  'a.b.okta.com',
  'acme.okta.com%2eevil.net',
  'acme.okta.com%2F@evil.net',
  'acme%2eokta%2ecom',
  'acme\uff0eokta\uff0ecom', // fullwidth full stops: IDNA maps them to "."
  '\u0430cme.okta.com', // Cyrillic a
  'acme.\u043ekta.com', // Cyrillic o
  'xn--80ak6aa92e.com',
  'acme.ok\u00adta.com', // soft hyphen: IDNA drops it
  'evil.net',
  'login.example-corp.test',
  'login.example-corp.test.',
  'sso.example.com',
  '127.0.0.1',
  '127.1',
  '0x7f.0.0.1',
  '2130706433',
  'localhost',
  'LOCALHOST.',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '',
];

const SCHEMES = ['', 'https://', 'http://', 'HTTPS://', 'https:', 'https:/', 'https:\\\\', '//', '\\\\', ' https://', 'javascript:', 'file://', 'ws://'];
const USERINFO = ['', 'user@', 'user:pass@', 'acme.okta.com@', 'evil.net@', '%40@', '@', ':@'];
const PORTS = ['', ':443', ':8443', ':0', ':65535', ':65536', ':abc', ':', ':80'];
const TAILS = [
  '',
  '/',
  '/admin/dashboard',
  '\\evil.net',
  '\\@evil.net',
  '%2F%2Fevil.net',
  '%5C%5Cevil.net',
  '/..%2F..%2Fevil',
  '/%2e%2e/',
  '?x=@evil.net',
  '#@evil.net',
  '@evil.net',
  '.evil.net',
  '%2eevil.net',
  '/%5C@evil.net',
  '%00',
  '\t',
  '\u3002evil.net', // ideographic full stop
];

/** Strings shaped like what a user (or an attacker) might type or a tab might hold as an org URL. */
export function hostileUrl(hosts: readonly string[] = HOST_PIECES): fc.Arbitrary<string> {
  // Each part is usually its plain form, so that about half the URLs are accepted and reach the later checks.
  const part = (plain: string, tricks: readonly string[]) =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(plain) }, { weight: 1, arbitrary: fc.constantFrom(...tricks) });
  const structured = fc
    .tuple(
      fc.oneof(fc.constant('https://'), part('', SCHEMES)),
      part('', USERINFO),
      fc.constantFrom(...hosts),
      part('', PORTS),
      fc.oneof(fc.constant('/'), part('', TAILS)),
    )
    .map((parts) => parts.join(''));
  // Structured URLs with a few random characters spliced in somewhere.
  const spliced = fc
    .tuple(structured, fc.nat(), fc.string({ maxLength: 3, unit: 'binary' }))
    .map(([url, at, junk]) => url.slice(0, at % (url.length + 1)) + junk + url.slice(at % (url.length + 1)));
  return fc.oneof(
    { weight: 6, arbitrary: structured },
    { weight: 3, arbitrary: spliced },
    { weight: 1, arbitrary: fc.webUrl({ withFragments: true, withQueryParameters: true }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  );
}

/** The host a browser would go to for what the user typed: WHATWG URL parsing, https:// added when absent. */
export function browserHostname(input: string): string | undefined {
  const text = input.trim();
  const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
  try {
    return new URL(withScheme).hostname;
  } catch {
    return undefined;
  }
}
