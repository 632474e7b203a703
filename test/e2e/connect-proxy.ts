// A loopback HTTP proxy that sends every CONNECT tunnel, whatever host it names, to one local port: the mock org.
// Firefox has no equivalent of Chromium's --host-resolver-rules, so its proxy prefs point here instead. The mock
// routes by SNI and Host header, so "https://dev-123456.okta.com" reaches the right org, and any other host the
// browser tries to reach shows up both in `log` here and in the mock's request log.
import { connect, createServer, type Socket } from 'node:net';

export interface ProxyLogEntry {
  /** CONNECT for tunnels (https), or the method of a plain-http request, which is refused. */
  method: string;
  host: string;
  port: number;
}

export interface ConnectProxy {
  readonly port: number;
  readonly log: ProxyLogEntry[];
  close(): Promise<void>;
}

const MAX_HEAD = 16 * 1024;

export async function startConnectProxy(target: { port: number }): Promise<ConnectProxy> {
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  const server = createServer((client) => {
    track(client);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > MAX_HEAD) client.destroy();
        return;
      }
      client.off('data', onData);
      client.pause();
      const [method = '', authority = ''] = head.subarray(0, end).toString('latin1').split('\r\n', 1)[0]!.split(' ');
      const rest = head.subarray(end + 4);
      if (method !== 'CONNECT') {
        // The mock only speaks TLS; a plain-http fetch would only ever fail later and more confusingly.
        const url = safeUrl(authority);
        log.push({ method, host: url?.hostname ?? authority, port: Number(url?.port || 80) });
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const sep = authority.lastIndexOf(':');
      log.push({ method, host: authority.slice(0, sep).replace(/^\[|\]$/g, ''), port: Number(authority.slice(sep + 1)) });
      const upstream = connect(target.port, '127.0.0.1');
      track(upstream);
      upstream.once('connect', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.once('error', () => {
        if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    };
    client.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy did not bind a TCP port');

  return {
    port: address.port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}
