import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mockCertificate } from './cert';
import { DEMO_API_TOKEN, DEMO_MANAGE_ACCESS_TOKEN, DEMO_ORG_HOST, DEMO_READ_ONLY_ACCESS_TOKEN, DEMO_USER, SECOND_API_TOKEN, SECOND_ORG_HOST, SESSION_SCOPES } from './demo';
import { demoOAuthClients } from './oauth-store';
import { apiOriginRefused } from './browser-origin';
import { applyFault, FaultQueue, type Fault } from './faults';
import {
  parseAuthorization,
  parseCookies,
  sendHtml,
  sendOktaError,
  sendText,
  type MockContext,
  type RequestInfo,
  type RequestLogEntry,
} from './http';
import { requestId as newRequestId } from './ids';
import { Router, type Handler } from './router';
import { ROUTE_MODULES } from './routes';
import { ALL_SESSION_SCOPES, OrgState, type OrgSeed } from './state';

export interface MockOrgOptions {
  /** The orgs to serve; default: defaultOrgSeeds() (the demo org and a second org). */
  orgs?: OrgSeed[];
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** More certificate names (custom domains of `orgs` are added automatically). */
  extraHostnames?: string[];
  /** The mock's clock (epoch ms); default Date.now. */
  now?: () => number;
  /**
   * Okta's rules for requests that carry an Origin (browser-origin.ts), for every org; default true. A seed's own
   * `strictOrigins` wins.
   */
  strictOrigins?: boolean;
}

export interface MockOrg {
  readonly port: number;
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** PEM of the self-signed certificate; trust it as a CA. */
  readonly cert: string;
  /** host -> org, for every host an org answers on (primary, `-admin`, custom domains). */
  readonly orgs: Map<string, OrgState>;
  /** The org at this host; throws if there is none. */
  org(host: string): OrgState;
  /** Adds an org while running (its host must be covered by the certificate, e.g. any *.okta.com). */
  addOrg(seed: OrgSeed): OrgState;
  /** Every request received, oldest first. Tests may clear it with `log.length = 0`. */
  readonly log: RequestLogEntry[];
  fault(f: Fault): void;
  clearFaults(): void;
  /** Faults still queued. */
  readonly pendingFaults: readonly Fault[];
  /** Turns Okta's browser-request rules on or off for every org. */
  setStrictOrigins(on: boolean): void;
  /** Adds a route to every org of this mock (see router.ts for patterns). */
  route(method: string, pattern: string, handler: Handler): void;
  now(): number;
  close(): Promise<void>;
}

/**
 * The default orgs: DEMO_ORG_HOST and SECOND_ORG_HOST, each with DEMO_USER and its own API token; the demo org
 * also has the OAuth apps DEMO_CLIENT_ID and DEMO_DPOP_CLIENT_ID.
 */
export function defaultOrgSeeds(): OrgSeed[] {
  return [
    {
      host: DEMO_ORG_HOST,
      apiTokens: { [DEMO_API_TOKEN]: ALL_SESSION_SCOPES },
      accessTokens: {
        [DEMO_READ_ONLY_ACCESS_TOKEN]: [SESSION_SCOPES.read],
        [DEMO_MANAGE_ACCESS_TOKEN]: [SESSION_SCOPES.manage],
      },
      users: [{ ...DEMO_USER }],
      oauthClients: demoOAuthClients(),
    },
    {
      host: SECOND_ORG_HOST,
      apiTokens: { [SECOND_API_TOKEN]: ALL_SESSION_SCOPES },
      users: [{ ...DEMO_USER }],
    },
  ];
}

const LOGGED_HEADERS = ['x-okta-retry-for', 'x-okta-retry-count', 'origin', 'content-type', 'dpop'] as const;
const MAX_BODY = 1024 * 1024;

function hostOf(req: IncomingMessage): string {
  const raw = (req.headers.host ?? '').toLowerCase();
  return raw.startsWith('[') ? raw.slice(0, raw.indexOf(']') + 1) : raw.replace(/:\d+$/, '');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startMockOrg(options: MockOrgOptions = {}): Promise<MockOrg> {
  const now = options.now ?? Date.now;
  const seeds = options.orgs ?? defaultOrgSeeds();
  const orgs = new Map<string, OrgState>();
  const addOrg = (seed: OrgSeed): OrgState => {
    const org = new OrgState({ strictOrigins: options.strictOrigins ?? true, ...seed }, now);
    for (const h of org.hosts) orgs.set(h, org);
    return org;
  };
  seeds.forEach(addOrg);

  const { cert, key } = await mockCertificate([
    ...(options.extraHostnames ?? []),
    ...seeds.flatMap((s) => s.customDomains ?? []),
  ]);
  const router = new Router();
  for (const register of ROUTE_MODULES) register(router);
  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  let mock: MockOrg;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', 'https://mock.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const cookies = parseCookies(req.headers.cookie);
    const authorization = req.headers.authorization;
    const credential = parseAuthorization(authorization);
    const requestId = newRequestId();
    const entry: RequestLogEntry = {
      time: now(),
      host,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      credential: credential?.scheme ?? null,
      ...(authorization !== undefined ? { authorization } : {}),
      headers: {},
      cookieNames: [...cookies.keys()],
      status: null,
      requestId,
    };
    for (const h of LOGGED_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') entry.headers[h] = v;
    }
    if (cookies.size) entry.headers.cookie = [...cookies.keys()].join(', ');
    log.push(entry);

    // Record the status however a handler replies (writeHead, or end() with an implicit header).
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      entry.status = args[0] as number;
      return writeHead(...args);
    }) as typeof res.writeHead;

    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return sendText(res, 413, 'request body too large');
    }

    const org = orgs.get(host);
    res.setHeader('X-Okta-Request-Id', requestId);
    // From the mock's clock, so X-Rate-Limit-Reset minus Date is what a test set up even with a fake clock.
    res.setHeader('Date', new Date(now()).toUTCString());
    const rate = org?.countRequest();
    if (rate) {
      res.setHeader('X-Rate-Limit-Limit', String(rate.limit));
      res.setHeader('X-Rate-Limit-Remaining', String(rate.remaining));
      res.setHeader('X-Rate-Limit-Reset', String(rate.resetEpochSeconds));
    }
    const info: RequestInfo = { req, res, host, method, path: url.pathname, query: url.searchParams, body, cookies, credential, requestId, log: entry, now };

    const fault = faults.take(host, method, url.pathname);
    if (fault && (await applyFault(info, fault, org?.rateLimit ?? 600)) === 'handled') return;

    if (!org) return sendText(res, 404, `No mock Okta org is served at ${host || '(no Host header)'}.\n`);
    if (rate?.exceeded) return sendOktaError(res, 'E0000047');
    if (url.pathname.startsWith('/api/') && apiOriginRefused({ ...info, org, params: {}, mock })) return;

    const match = router.match(method, url.pathname);
    if (match.kind === 'method-not-allowed') {
      return sendOktaError(res, 'E0000022', { headers: { Allow: match.allow.join(', ') } });
    }
    if (match.kind === 'not-found') {
      if (url.pathname.startsWith('/api/')) return sendOktaError(res, 'E0000007', { detail: `Resource not found: ${url.pathname}` });
      return sendHtml(res, 404, '<!doctype html><title>Not found</title><p>Page not found</p>');
    }
    const ctx: MockContext = { ...info, org, params: match.params, mock };
    await match.handler(ctx);
  }

  const server: Server = createServer({ cert, key }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendOktaError(res, 'E0000009');
      else res.destroy();
      console.error('mock org handler failed:', err);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  mock = {
    port,
    url: `https://127.0.0.1:${port}`,
    cert,
    orgs,
    org(host) {
      const o = orgs.get(host.toLowerCase());
      if (!o) throw new Error(`the mock serves no org at ${host}`);
      return o;
    },
    addOrg,
    log,
    fault: (f) => faults.add(f),
    clearFaults: () => faults.clear(),
    get pendingFaults() {
      return faults.pending;
    },
    setStrictOrigins(on) {
      for (const org of new Set(orgs.values())) org.strictOrigins = on;
    },
    route: (m, p, h) => router.route(m, p, h),
    now,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  return mock;
}
