import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import {
  DEMO_API_TOKEN,
  DEMO_MANAGE_ACCESS_TOKEN,
  DEMO_ORG_HOST,
  DEMO_READ_ONLY_ACCESS_TOKEN,
  DEMO_USER,
  SECOND_API_TOKEN,
  SECOND_ORG_HOST,
} from './demo';
import { startMockOrg, type MockOrg } from './server';

let mock: MockOrg;
let f: typeof fetch;
const demo = `https://${DEMO_ORG_HOST}`;
const ssws = { Authorization: `SSWS ${DEMO_API_TOKEN}` };

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearFaults();
  mock.log.length = 0;
});

const newSession = () => mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);

describe('session endpoints', () => {
  it('GET returns the session the org holds, with Okta headers', async () => {
    const s = newSession();
    const res = await f(`${demo}/api/v1/sessions/${s.id}`, { headers: ssws });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(s);
    expect(res.headers.get('x-okta-request-id')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(Number(res.headers.get('x-rate-limit-limit'))).toBeGreaterThan(0);
    expect(res.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN();
  });

  it('refresh moves expiresAt to now + lifetime', async () => {
    const org = mock.org(DEMO_ORG_HOST);
    const s = org.createSession(DEMO_USER.login, { lifetimeMs: 60_000 });
    org.sessions.get(s.id)!.expiresAt = new Date(Date.now() + 1000).toISOString();
    const before = Date.now();
    const res = await f(`${demo}/api/v1/sessions/${s.id}/lifecycle/refresh`, { method: 'POST', headers: ssws });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { expiresAt: string; id: string };
    expect(body.id).toBe(s.id);
    expect(Date.parse(body.expiresAt)).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('DELETE answers 204 with no body, and the session is then 404', async () => {
    const s = newSession();
    const res = await f(`${demo}/api/v1/sessions/${s.id}`, { method: 'DELETE', headers: ssws });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(mock.org(DEMO_ORG_HOST).sessions.has(s.id)).toBe(false);
    const again = await f(`${demo}/api/v1/sessions/${s.id}`, { headers: ssws });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { errorCode: string }).errorCode).toBe('E0000007');
  });

  it('an expired session answers 404 E0000007 to GET, refresh and DELETE', async () => {
    for (const [method, suffix] of [['GET', ''], ['POST', '/lifecycle/refresh'], ['DELETE', '']] as const) {
      const s = newSession();
      mock.org(DEMO_ORG_HOST).expireSession(s.id);
      const res = await f(`${demo}/api/v1/sessions/${s.id}${suffix}`, { method, headers: ssws });
      expect(res.status, method).toBe(404);
      const body = (await res.json()) as { errorCode: string; errorSummary: string };
      expect(body.errorCode).toBe('E0000007');
      expect(body.errorSummary).toContain(s.id);
    }
  });

  it('creates a session from a one-time session token (SSWS only)', async () => {
    const org = mock.org(DEMO_ORG_HOST);
    const token = org.issueSessionToken(DEMO_USER.login);
    const post = (t: string, auth: Record<string, string> = ssws) =>
      f(`${demo}/api/v1/sessions`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ sessionToken: t }),
      });
    const bearer = await post(token, { Authorization: `Bearer ${DEMO_MANAGE_ACCESS_TOKEN}` });
    expect(bearer.status).toBe(403);
    const res = await post(token);
    expect(res.status).toBe(200);
    const s = (await res.json()) as { id: string; login: string };
    expect(s.login).toBe(DEMO_USER.login);
    expect(org.activeSession(s.id)).toBeDefined();
    const reused = await post(token);
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { errorCode: string }).errorCode).toBe('E0000004');
  });

  it('rejects a malformed create body with 400 E0000003, a missing token with 400 E0000001', async () => {
    const bad = await f(`${demo}/api/v1/sessions`, { method: 'POST', headers: ssws, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }).errorCode).toBe('E0000003');
    const empty = await f(`${demo}/api/v1/sessions`, { method: 'POST', headers: ssws, body: '{}' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errorCode: string }).errorCode).toBe('E0000001');
  });
});

describe('credentials', () => {
  it('missing or unknown token -> 401 E0000011', async () => {
    const s = newSession();
    const attempts: Record<string, string>[] = [{}, { Authorization: 'SSWS nope' }, { Authorization: 'Bearer nope' }];
    for (const headers of attempts) {
      const res = await f(`${demo}/api/v1/sessions/${s.id}`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000011');
    }
  });

  it('okta.sessions.read may GET but not refresh or revoke (403 E0000006)', async () => {
    const s = newSession();
    const auth = { Authorization: `Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}` };
    expect((await f(`${demo}/api/v1/sessions/${s.id}`, { headers: auth })).status).toBe(200);
    for (const [method, suffix] of [['POST', '/lifecycle/refresh'], ['DELETE', '']] as const) {
      const res = await f(`${demo}/api/v1/sessions/${s.id}${suffix}`, { method, headers: auth });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000006');
      expect(res.headers.get('www-authenticate')).toContain('insufficient_scope');
    }
    expect(mock.org(DEMO_ORG_HOST).activeSession(s.id)).toBeDefined();
  });

  it('okta.sessions.manage may do everything', async () => {
    const s = newSession();
    const auth = { Authorization: `Bearer ${DEMO_MANAGE_ACCESS_TOKEN}` };
    expect((await f(`${demo}/api/v1/sessions/${s.id}`, { headers: auth })).status).toBe(200);
    expect((await f(`${demo}/api/v1/sessions/${s.id}/lifecycle/refresh`, { method: 'POST', headers: auth })).status).toBe(200);
    expect((await f(`${demo}/api/v1/sessions/${s.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
  });

  it('tests can add tokens; an expired access token is 401', async () => {
    const org = mock.org(DEMO_ORG_HOST);
    org.accessTokens.set('fresh', { scopes: ['okta.sessions.read'] });
    org.accessTokens.set('stale', { scopes: ['okta.sessions.read'], expiresAt: Date.now() - 1 });
    org.apiTokens.set('readonly-admin', { scopes: ['okta.sessions.read'] });
    const s = newSession();
    expect((await f(`${demo}/api/v1/sessions/${s.id}`, { headers: { Authorization: 'Bearer fresh' } })).status).toBe(200);
    expect((await f(`${demo}/api/v1/sessions/${s.id}`, { headers: { Authorization: 'Bearer stale' } })).status).toBe(401);
    const del = await f(`${demo}/api/v1/sessions/${s.id}`, { method: 'DELETE', headers: { Authorization: 'SSWS readonly-admin' } });
    expect(del.status).toBe(403);
  });

  it('a token of one org is 401 on another (per-host isolation)', async () => {
    const a = newSession();
    const b = mock.org(SECOND_ORG_HOST).createSession(DEMO_USER.login);
    const onSecond = await f(`https://${SECOND_ORG_HOST}/api/v1/sessions/${b.id}`, { headers: ssws });
    expect(onSecond.status).toBe(401);
    const own = await f(`https://${SECOND_ORG_HOST}/api/v1/sessions/${b.id}`, {
      headers: { Authorization: `SSWS ${SECOND_API_TOKEN}` },
    });
    expect(own.status).toBe(200);
    // Sessions are per org too: the demo org's session is unknown on the second org.
    const cross = await f(`https://${SECOND_ORG_HOST}/api/v1/sessions/${a.id}`, {
      headers: { Authorization: `SSWS ${SECOND_API_TOKEN}` },
    });
    expect(cross.status).toBe(404);
    expect(mock.log.map((e) => [e.host, e.status])).toEqual([
      [SECOND_ORG_HOST, 401],
      [SECOND_ORG_HOST, 200],
      [SECOND_ORG_HOST, 404],
    ]);
  });

  it('the -admin host is the same org', async () => {
    const s = newSession();
    const res = await f(`https://dev-123456-admin.okta.com/api/v1/sessions/${s.id}`, { headers: ssws });
    expect(res.status).toBe(200);
  });

  it('an unknown host gets a plain 404 and is still logged', async () => {
    const res = await f('https://nobody.okta.com/api/v1/sessions/abc', { headers: ssws });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(mock.log.at(-1)).toMatchObject({ host: 'nobody.okta.com', status: 404, credential: 'SSWS' });
  });
});
