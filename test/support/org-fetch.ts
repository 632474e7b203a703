import { connect as tlsConnect } from 'node:tls';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch, type buildConnector } from 'undici';

/**
 * A real fetch (undici) that sends every hostname to the mock org at 127.0.0.1:<port>, with SNI = the
 * hostname and the mock's certificate trusted: the Node equivalent of Chromium's --host-resolver-rules.
 * Clients can then use real origins such as https://dev-123456.okta.com and the certificate is still checked
 * against that name. Without `cert` no certificate is checked: for fuzzed, arbitrary hostnames, where the
 * point is which Host a request carries, not TLS.
 */
export function orgFetch(mock: { port: number; cert?: string }): typeof fetch {
  const connector: buildConnector.connector = (opts, callback) => {
    const bare = opts.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host: '127.0.0.1',
      port: mock.port,
      // Node checks the certificate against servername: the name the caller asked for, not the address dialled.
      ...(isIP(bare) ? {} : { servername: opts.hostname }),
      ...(mock.cert === undefined ? { rejectUnauthorized: false } : { ca: mock.cert }),
      ALPNProtocols: ['http/1.1'],
    });
    let settled = false;
    socket.once('secureConnect', () => {
      settled = true;
      callback(null, socket);
    });
    socket.once('error', (err) => {
      if (!settled) {
        settled = true;
        callback(err, null);
      }
    });
    return socket;
  };
  const dispatcher = new Agent({ connect: connector });

  const f = async (input: unknown, init?: Record<string, unknown>) => {
    // A global Request is not undici 7's Request class: pass its parts instead.
    if (typeof input === 'object' && input !== null && !(input instanceof URL) && 'url' in input) {
      const r = input as Request;
      const body = r.body ? await r.arrayBuffer() : undefined;
      return undiciFetch(r.url, {
        method: r.method,
        headers: [...r.headers],
        ...(body ? { body } : {}),
        signal: r.signal,
        redirect: r.redirect,
        ...init,
        dispatcher,
      } as never);
    }
    return undiciFetch(input as string, { ...init, dispatcher } as never);
  };
  return f as unknown as typeof fetch;
}
