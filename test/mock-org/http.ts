import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { oktaErrorBody, statusOf as statusForCode } from './errors';
import type { OrgState } from './state';
import type { MockOrg } from './server';

export type Credential = { scheme: 'SSWS' | 'Bearer' | 'DPoP'; token: string };

/** One request as the mock saw it. Cookie values and request bodies are never recorded. */
export interface RequestLogEntry {
  /** Epoch ms when the request arrived. */
  time: number;
  /** Host header, port stripped, lower-cased. */
  host: string;
  method: string;
  path: string;
  query: Record<string, string>;
  credential: Credential['scheme'] | null;
  /** The raw Authorization header, so tests can assert which token reached which host. */
  authorization?: string;
  /** Selected request headers; `cookie` holds cookie NAMES only, comma-separated. */
  headers: {
    'x-okta-retry-for'?: string;
    'x-okta-retry-count'?: string;
    origin?: string;
    'content-type'?: string;
    dpop?: string;
    cookie?: string;
  };
  cookieNames: string[];
  /** Status sent; null when no response was started (a `drop` fault). */
  status: number | null;
  /** The X-Okta-Request-Id of the reply. */
  requestId: string;
  /** The fault that shaped this reply, if any. */
  fault?: string;
}

/** What every handler and fault sees of a request. */
export interface RequestInfo {
  req: IncomingMessage;
  res: ServerResponse;
  host: string;
  method: string;
  path: string;
  query: URLSearchParams;
  /** The raw request body (read fully before handling). */
  body: string;
  cookies: ReadonlyMap<string, string>;
  credential: Credential | null;
  requestId: string;
  log: RequestLogEntry;
  now: () => number;
}

export interface MockContext extends RequestInfo {
  org: OrgState;
  params: Record<string, string>;
  mock: MockOrg;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export function parseAuthorization(header: string | undefined): Credential | null {
  const m = /^(SSWS|Bearer|DPoP)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  return { scheme: scheme === 'ssws' ? 'SSWS' : scheme === 'bearer' ? 'Bearer' : 'DPoP', token: m[2]! };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An Okta error reply: catalogue status and summary, fresh errorId. */
export function sendOktaError(
  res: ServerResponse,
  code: string,
  opts: { detail?: string; causes?: string[]; status?: number; headers?: OutgoingHttpHeaders } = {},
): void {
  const body = oktaErrorBody(code, opts.detail, opts.causes);
  sendJson(res, opts.status ?? statusForCode(code), body, opts.headers);
}

export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, headers);
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(302, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store', ...headers });
  res.end();
}

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

