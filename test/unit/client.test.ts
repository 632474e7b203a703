// The Sessions client against the real mock org over HTTPS, reached under Okta's own hostnames through
// orgFetch. Waits between 429 retries are recorded, not slept, so no test depends on time passing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionsClient, type AuthProvider, type SessionsClientOptions } from '../../src/okta/client';
import { OktaError, type OktaErrorKind } from '../../src/okta/errors';
import {
  DEMO_API_TOKEN,
  DEMO_MANAGE_ACCESS_TOKEN,
  DEMO_ORG_HOST,
  DEMO_READ_ONLY_ACCESS_TOKEN,
  DEMO_USER,
  SECOND_ORG_HOST,
} from '../mock-org/demo';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import { orgFetch } from '../support/org-fetch';

const DEMO = `https://${DEMO_ORG_HOST}`;
const SESSIONS = '/api/v1/sessions';

let mock: MockOrg;
let fetchViaMock: typeof fetch;
let sleeps: number[];

beforeAll(async () => {
  mock = await startMockOrg();
  fetchViaMock = orgFetch(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearFaults();
  mock.log.length = 0;
  sleeps = [];
});

function client(overrides: Partial<SessionsClientOptions> = {}) {
  return createSessionsClient({
    origin: DEMO,
    credential: { scheme: 'SSWS', token: DEMO_API_TOKEN },
    fetch: fetchViaMock,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
}

const newSession = (host = DEMO_ORG_HOST) => mock.org(host).createSession(DEMO_USER.login);

/** The OktaError a call fails with; fails the test if it succeeds or throws anything else. */
async function failure(promise: Promise<unknown>, kind: OktaErrorKind): Promise<OktaError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the call should have failed').toBeInstanceOf(OktaError);
  const error = caught as OktaError;
  expect(error.kind, error.message).toBe(kind);
  expect(error.message.length).toBeGreaterThan(20);
  // Whatever went wrong, no credential ends up in what the UI is given.
  for (const secret of [DEMO_API_TOKEN, DEMO_READ_ONLY_ACCESS_TOKEN, DEMO_MANAGE_ACCESS_TOKEN]) {
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.extra.okta ?? {})).not.toContain(secret);
  }
  return error;
}

describe('the endpoints', () => {
  it('gets a session, sending the credential to the org and nowhere else', async () => {
    const s = newSession();
    const session = await client().getSession(s.id);
    expect(session).toEqual(s);
    expect(mock.log).toHaveLength(1);
    expect(mock.log[0]).toMatchObject({
      host: DEMO_ORG_HOST,
      method: 'GET',
      path: `${SESSIONS}/${s.id}`,
      authorization: `SSWS ${DEMO_API_TOKEN}`,
      status: 200,
      cookieNames: [],
    });
    expect(mock.log[0]?.headers['x-okta-retry-count']).toBeUndefined();
  });

  it('creates a session from a session token, posting JSON', async () => {
    const token = mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const session = await client().createSession(token);
    expect(session.login).toBe(DEMO_USER.login);
    expect(session.status).toBe('ACTIVE');
    expect(mock.org(DEMO_ORG_HOST).sessions.get(session.id ?? '')).toEqual(session);
    expect(mock.log[0]).toMatchObject({ method: 'POST', path: SESSIONS, status: 200 });
    expect(mock.log[0]?.headers['content-type']).toBe('application/json');
  });

  it('explains a used session token, without blaming the API token', async () => {
    const token = mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    await client().createSession(token);
    const error = await failure(client().createSession(token), 'okta');
    expect(error.status).toBe(401);
    expect(error.okta?.errorCode).toBe('E0000004');
    expect(error.message).toMatch(/session token/);
    expect(error.message).not.toContain(token);
  });

  it('refuses an empty session token before any request', async () => {
    await failure(client().createSession(''), 'invalid_input');
    expect(mock.log).toHaveLength(0);
  });

  it('refreshes a session: expiresAt moves later', async () => {
    const org = mock.org(DEMO_ORG_HOST);
    const s = org.createSession(DEMO_USER.login, { lifetimeMs: 60 * 60_000 });
    const soon = new Date(Date.now() + 60_000).toISOString();
    org.sessions.get(s.id)!.expiresAt = soon;
    const refreshed = await client().refreshSession(s.id);
    expect(refreshed.id).toBe(s.id);
    expect(Date.parse(refreshed.expiresAt ?? '')).toBeGreaterThan(Date.parse(soon));
    expect(mock.log[0]).toMatchObject({ method: 'POST', path: `${SESSIONS}/${s.id}/lifecycle/refresh`, status: 200 });
  });

  it('revokes a session; it is then not found', async () => {
    const s = newSession();
    await expect(client().revokeSession(s.id)).resolves.toBeUndefined();
    expect(mock.log[0]).toMatchObject({ method: 'DELETE', path: `${SESSIONS}/${s.id}`, status: 204 });
    const error = await failure(client().getSession(s.id), 'not_found');
    expect(error.status).toBe(404);
    expect(error.okta?.errorCode).toBe('E0000007');
    await failure(client().revokeSession(s.id), 'not_found');
  });

  it('works with OAuth access tokens (Bearer) holding the right scope', async () => {
    const s = newSession();
    const reader = client({ credential: { scheme: 'Bearer', token: DEMO_READ_ONLY_ACCESS_TOKEN } });
    expect((await reader.getSession(s.id)).id).toBe(s.id);
    const manager = client({ credential: { scheme: 'Bearer', token: DEMO_MANAGE_ACCESS_TOKEN } });
    expect((await manager.refreshSession(s.id)).id).toBe(s.id);
    await manager.revokeSession(s.id);
    expect(mock.log.map((e) => e.authorization)).toEqual([
      `Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}`,
      `Bearer ${DEMO_MANAGE_ACCESS_TOKEN}`,
      `Bearer ${DEMO_MANAGE_ACCESS_TOKEN}`,
    ]);
  });

  it('asks an AuthProvider for headers on every request, retries included', async () => {
    const s = newSession();
    const asked: { method: string; url: string }[] = [];
    const provider: AuthProvider = {
      async headers(req) {
        asked.push(req);
        return { Authorization: `Bearer ${DEMO_MANAGE_ACCESS_TOKEN}` };
      },
    };
    mock.fault({ kind: 'rate-limit', resetInSeconds: 1, path: `${SESSIONS}/` });
    await client({ credential: provider }).refreshSession(s.id);
    const url = `${DEMO}${SESSIONS}/${s.id}/lifecycle/refresh`;
    expect(asked).toEqual([
      { method: 'POST', url },
      { method: 'POST', url },
    ]);
    expect(mock.log.map((e) => e.status)).toEqual([429, 200]);
  });

  it('keeps the origin it was given, port included, for a loopback org', async () => {
    const s = newSession();
    const local = client({ origin: `https://127.0.0.1:${mock.port}` });
    expect(local.origin).toBe(`https://127.0.0.1:${mock.port}`);
    // The mock routes by Host: 127.0.0.1 is no org of it, so it answers its plain 404.
    await failure(local.getSession(s.id), 'not_found');
    expect(mock.log[0]?.host).toBe('127.0.0.1');
  });
});

describe('failures the UI can explain', () => {
  it('401: a wrong token is unauthorized, with Okta details', async () => {
    const s = newSession();
    const error = await failure(client({ credential: { scheme: 'SSWS', token: 'not-the-token' } }).getSession(s.id), 'unauthorized');
    expect(error.status).toBe(401);
    expect(error.okta).toMatchObject({ errorCode: 'E0000011', requestId: mock.log[0]?.requestId });
    expect(error.okta?.errorSummary).toMatch(/\w/);
    expect(error.okta?.errorId).toMatch(/^oae/);
    expect(error.message).toMatch(/token/);
  });

  it('401: a token of another org is unauthorized there', async () => {
    const s = newSession(SECOND_ORG_HOST);
    const other = client({ origin: `https://${SECOND_ORG_HOST}` });
    await failure(other.getSession(s.id), 'unauthorized');
    expect(mock.log[0]?.host).toBe(SECOND_ORG_HOST);
  });

  it('403: a read-only token cannot refresh or revoke, and the message names the scope', async () => {
    const s = newSession();
    const reader = client({ credential: { scheme: 'Bearer', token: DEMO_READ_ONLY_ACCESS_TOKEN } });
    const refresh = await failure(reader.refreshSession(s.id), 'forbidden');
    expect(refresh.status).toBe(403);
    expect(refresh.okta?.errorCode).toBe('E0000006');
    expect(refresh.message).toContain('okta.sessions.manage');
    const revoke = await failure(reader.revokeSession(s.id), 'forbidden');
    expect(revoke.message).toContain('okta.sessions.manage');
    expect(mock.org(DEMO_ORG_HOST).activeSession(s.id)).toBeDefined();
  });

  it('403: an access token cannot create sessions', async () => {
    const token = mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const error = await failure(
      client({ credential: { scheme: 'Bearer', token: DEMO_MANAGE_ACCESS_TOKEN } }).createSession(token),
      'forbidden',
    );
    expect(error.message).toMatch(/API token/);
  });

  it('404 with an empty body is not_found, with the request id', async () => {
    mock.fault({ kind: 'empty-404' });
    const error = await failure(client().getSession(newSession().id), 'not_found');
    expect(error.status).toBe(404);
    expect(error.okta).toEqual({ requestId: mock.log[0]?.requestId });
  });

  it('404 with an HTML body is not_found', async () => {
    mock.fault({ kind: 'status', status: 404, body: '<html><body>Not here</body></html>', headers: { 'Content-Type': 'text/html' } });
    const error = await failure(client().refreshSession(newSession().id), 'not_found');
    expect(error.okta?.errorCode).toBeUndefined();
  });

  it('400 with Okta error JSON is okta, with code, summary and causes', async () => {
    mock.fault({
      kind: 'status',
      status: 400,
      body: {
        errorCode: 'E0000001',
        errorSummary: 'Api validation failed: sessionId',
        errorLink: 'E0000001',
        errorId: 'oaeTestErrorId',
        errorCauses: [{ errorSummary: 'sessionId: bad' }],
      },
    });
    const error = await failure(client().getSession(newSession().id), 'okta');
    expect(error.status).toBe(400);
    expect(error.okta).toEqual({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: sessionId',
      errorId: 'oaeTestErrorId',
      requestId: mock.log[0]?.requestId,
      errorCauses: ['sessionId: bad'],
    });
    expect(error.message).toContain('Api validation failed');
  });

  it('a non-JSON error page is a plain HTTP error', async () => {
    mock.fault({ kind: 'status', status: 502, body: '<html>Bad gateway</html>', headers: { 'Content-Type': 'text/html' } });
    const error = await failure(client().getSession(newSession().id), 'okta');
    expect(error.status).toBe(502);
    expect(error.okta?.errorCode).toBeUndefined();
    expect(error.message).toContain('HTTP 502');
  });

  it('500 is never retried, and says a refresh may or may not have happened', async () => {
    mock.fault({ kind: 'status', status: 500, times: 3 });
    const error = await failure(client().refreshSession(newSession().id), 'okta');
    expect(error.status).toBe(500);
    expect(error.okta?.errorCode).toBe('E0000009');
    expect(error.message).toMatch(/not retried/);
    expect(mock.log).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a redirect is refused: the credential never reaches the other host', async () => {
    mock.fault({ kind: 'status', status: 302, body: '', headers: { Location: `https://${SECOND_ORG_HOST}/steal` } });
    const error = await failure(client().getSession(newSession().id), 'okta');
    expect(error.status).toBe(302);
    expect(error.message).toMatch(/redirect/);
    expect(mock.log.map((e) => e.host)).toEqual([DEMO_ORG_HOST]);
  });

  it('truncated JSON on 200 is malformed', async () => {
    mock.fault({ kind: 'malformed' });
    const error = await failure(client().getSession(newSession().id), 'malformed');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/not JSON/);
  });

  it('JSON that is not a session is malformed, naming the field', async () => {
    mock.fault({ kind: 'wrong-shape' });
    const error = await failure(client().refreshSession(newSession().id), 'malformed');
    expect(error.message).toContain('"id"');
  });

  it('a dropped connection is network', async () => {
    mock.fault({ kind: 'drop' });
    const error = await failure(client().getSession(newSession().id), 'network');
    expect(error.message).toContain(DEMO);
    expect(error.status).toBeUndefined();
  });

  it('a connection dropped halfway through the body is network', async () => {
    mock.fault({ kind: 'drop-mid-body' });
    await failure(client().getSession(newSession().id), 'network');
  });

  it('no answer within timeoutMs is timeout', async () => {
    mock.fault({ kind: 'latency', ms: 3_000 });
    const error = await failure(client({ timeoutMs: 100 }).getSession(newSession().id), 'timeout');
    expect(error.message).toMatch(/did not answer/);
  });

  it('an org nobody serves is network', async () => {
    const unreachable = createSessionsClient({
      origin: 'https://127.0.0.1:1',
      credential: { scheme: 'SSWS', token: DEMO_API_TOKEN },
    });
    await failure(unreachable.getSession(newSession().id), 'network');
  });
});

describe('rate limits (Okta SDK policy)', () => {
  it('retries a 429 after the reset, sending X-Okta-Retry-For and -Count', async () => {
    const s = newSession();
    mock.fault({ kind: 'rate-limit', resetInSeconds: 1, times: 2 });
    const session = await client().getSession(s.id);
    expect(session.id).toBe(s.id);
    const [first, second, third] = mock.log;
    expect(mock.log.map((e) => e.status)).toEqual([429, 429, 200]);
    expect(first?.headers['x-okta-retry-for']).toBeUndefined();
    expect(second?.headers).toMatchObject({ 'x-okta-retry-for': first?.requestId, 'x-okta-retry-count': '1' });
    expect(third?.headers).toMatchObject({ 'x-okta-retry-for': second?.requestId, 'x-okta-retry-count': '2' });
    expect(sleeps).toHaveLength(2);
    // reset - Date + 1 s, where reset is 1-2 s after the mock's now and Date has whole seconds.
    for (const ms of sleeps) {
      expect(ms).toBeGreaterThanOrEqual(2_000);
      expect(ms).toBeLessThanOrEqual(4_000);
    }
  });

  it('takes the earliest of duplicated reset headers', async () => {
    const s = newSession();
    mock.fault({ kind: 'rate-limit', resetInSeconds: 1, duplicateHeaders: true });
    await client().getSession(s.id);
    expect(mock.log.map((e) => e.status)).toEqual([429, 200]);
    expect(sleeps[0]).toBeLessThanOrEqual(4_000);
  });

  it('a 429 storm ends as rate_limited after two retries, saying when it resets', async () => {
    mock.fault({ kind: 'rate-limit', resetInSeconds: 1, times: 10 });
    const before = Date.now();
    const error = await failure(client().revokeSession(newSession().id), 'rate_limited');
    expect(error.status).toBe(429);
    expect(error.okta?.errorCode).toBe('E0000047');
    expect(error.okta?.requestId).toBe(mock.log[2]?.requestId);
    expect(error.retryAt).toBeGreaterThan(before);
    expect(error.message).toMatch(/resets at \d\d:\d\d:\d\d UTC/);
    expect(mock.log).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it('a reset too far away fails at once with retryAt', async () => {
    mock.fault({ kind: 'rate-limit', resetInSeconds: 60 });
    const before = Date.now();
    const error = await failure(client().getSession(newSession().id), 'rate_limited');
    expect(mock.log).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(error.retryAt).toBeGreaterThanOrEqual(before + 55_000);
    expect(error.retryAt).toBeLessThanOrEqual(Date.now() + 65_000);
  });

  it('honours maxRetries and maxRetryWaitMs', async () => {
    mock.fault({ kind: 'rate-limit', resetInSeconds: 1, times: 10 });
    await failure(client({ maxRetries: 0 }).getSession(newSession().id), 'rate_limited');
    expect(mock.log).toHaveLength(1);
    mock.log.length = 0;
    await failure(client({ maxRetryWaitMs: 1_000 }).getSession(newSession().id), 'rate_limited');
    expect(mock.log).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('a 429 without a usable reset is not retried', async () => {
    mock.fault({ kind: 'status', status: 429, headers: { 'X-Rate-Limit-Reset': 'soon' } });
    const error = await failure(client().getSession(newSession().id), 'rate_limited');
    expect(error.retryAt).toBeUndefined();
    expect(mock.log).toHaveLength(1);
  });
});

describe('inputs refused before any request', () => {
  const badIds = ['me', '', 'short', '../../users/me', `${'a'.repeat(20)}/lifecycle/refresh`, 'a%2F'.repeat(8), `${'a'.repeat(20)}?x=1`, 'a'.repeat(65)];

  it.each(badIds)('session id %j', async (id) => {
    const c = client();
    await failure(c.getSession(id), 'invalid_input');
    await failure(c.refreshSession(id), 'invalid_input');
    await failure(c.revokeSession(id), 'invalid_input');
    expect(mock.log).toHaveLength(0);
  });

  it.each([
    'http://dev-123456.okta.com',
    'https://dev-123456-admin.okta.com',
    'https://dev-123456.okta.com/',
    'https://user@dev-123456.okta.com',
    'dev-123456.okta.com',
  ])('origin %j', (origin) => {
    expect(() => client({ origin })).toThrow(OktaError);
  });

  it.each(['', 'two words', 'line\nbreak', '"quoted" token'])('token %j', (token) => {
    try {
      client({ credential: { scheme: 'SSWS', token } });
      expect.unreachable();
    } catch (error) {
      expect((error as OktaError).kind).toBe('invalid_input');
      if (token) expect((error as OktaError).message).not.toContain(token);
    }
  });
});
