import type { OutgoingHttpHeaders } from 'node:http';
import { DEFAULT_CODE_FOR_STATUS, oktaErrorBody } from './errors';
import { sendEmpty, sendJson, type RequestInfo } from './http';

/** Which requests a fault applies to; every field optional (no field: the next request of any kind). */
export interface FaultMatch {
  /** Host, without port (e.g. 'dev-123456.okta.com'). */
  host?: string;
  method?: string;
  /** Path prefix, e.g. '/api/v1/sessions/'. */
  path?: string;
  /** How many matching requests it affects; default 1. */
  times?: number;
}

export type FaultAction =
  /** Any status; body: an object (sent as JSON), a string (sent as is) or absent (an Okta error body for the status). */
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string | string[]> }
  /** 429, E0000047 body, X-Rate-Limit-Reset = now + resetInSeconds; duplicateHeaders repeats each rate-limit
   *  header with a second, later reset (reset + 60) so a client must pick the minimum. */
  | { kind: 'rate-limit'; resetInSeconds: number; duplicateHeaders?: boolean }
  /** 200 with a truncated JSON body. */
  | { kind: 'malformed' }
  /** 200 with JSON that is not a Session: {"id": 42}. */
  | { kind: 'wrong-shape' }
  /** 404 with an empty body and no content type. */
  | { kind: 'empty-404' }
  /** Wait, then handle the request normally. */
  | { kind: 'latency'; ms: number }
  /** Destroy the connection without any response. */
  | { kind: 'drop' }
  /** Send 200 headers and half the body, then destroy the connection. */
  | { kind: 'drop-mid-body' };

export type Fault = FaultMatch & FaultAction;

export class FaultQueue {
  private readonly queue: { fault: Fault; left: number }[] = [];

  add(fault: Fault): void {
    this.queue.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): readonly Fault[] {
    return this.queue.map((q) => q.fault);
  }

  /** The first queued fault matching this request, used up by one. */
  take(host: string, method: string, path: string): Fault | undefined {
    const i = this.queue.findIndex(
      ({ fault: f }) =>
        (f.host === undefined || f.host.toLowerCase() === host) &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || path.startsWith(f.path)),
    );
    if (i < 0) return undefined;
    const entry = this.queue[i]!;
    if (--entry.left <= 0) this.queue.splice(i, 1);
    return entry.fault;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Carries out a fault. Returns 'continue' when normal handling should follow (latency). */
export async function applyFault(
  info: RequestInfo,
  fault: Fault,
  rateLimitLimit: number,
): Promise<'handled' | 'continue'> {
  const { res } = info;
  info.log.fault = fault.kind;
  switch (fault.kind) {
    case 'latency':
      await sleep(fault.ms);
      return 'continue';
    case 'status': {
      const headers: OutgoingHttpHeaders = { ...fault.headers };
      if (fault.body === undefined) {
        const code = DEFAULT_CODE_FOR_STATUS[fault.status];
        if (code) sendJson(res, fault.status, oktaErrorBody(code, code === 'E0000007' ? 'Resource not found' : ''), headers);
        else sendEmpty(res, fault.status, headers);
      } else if (typeof fault.body === 'string') {
        res.writeHead(fault.status, { 'Content-Length': Buffer.byteLength(fault.body), ...headers });
        res.end(fault.body);
      } else sendJson(res, fault.status, fault.body, headers);
      return 'handled';
    }
    case 'rate-limit': {
      const reset = Math.ceil(info.now() / 1000) + fault.resetInSeconds;
      const dup = fault.duplicateHeaders === true;
      sendJson(res, 429, oktaErrorBody('E0000047'), {
        'X-Rate-Limit-Limit': dup ? [String(rateLimitLimit), String(rateLimitLimit)] : String(rateLimitLimit),
        'X-Rate-Limit-Remaining': dup ? ['0', '0'] : '0',
        'X-Rate-Limit-Reset': dup ? [String(reset), String(reset + 60)] : String(reset),
      });
      return 'handled';
    }
    case 'malformed': {
      const text = '{"id":"102XV1tNvxsTm69-StW_BCU-Q","login":"demo.user@exa';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return 'handled';
    }
    case 'wrong-shape':
      sendJson(res, 200, { id: 42 });
      return 'handled';
    case 'empty-404':
      sendEmpty(res, 404, { 'Content-Length': 0 });
      return 'handled';
    case 'drop':
      info.req.socket.destroy();
      return 'handled';
    case 'drop-mid-body': {
      const text = JSON.stringify({ id: '102XV1tNvxsTm69-StW_BCU-Q', login: 'demo.user@example.com', status: 'ACTIVE' });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => info.req.socket.destroy());
      return 'handled';
    }
  }
}
