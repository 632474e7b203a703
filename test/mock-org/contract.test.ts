import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_READ_ONLY_ACCESS_TOKEN, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';
import { checkAgainstSchema, SESSIONS_SPEC } from './spec-check';

// Every reply of the mock must agree with Okta's published spec excerpt (spec/sessions-openapi.json).

const NULLABLE = ['lastFactorVerification', 'lastPasswordVerification'];
let mock: MockOrg;
let f: typeof fetch;
const demo = `https://${DEMO_ORG_HOST}`;
const ssws = { Authorization: `SSWS ${DEMO_API_TOKEN}` };

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
});
afterAll(() => mock.close());

describe('the spec checker itself', () => {
  it('accepts the spec examples and rejects wrong values', () => {
    const example = SESSIONS_SPEC.components.examples.RetrieveCurrentSessionResponse!.value;
    expect(checkAgainstSchema(example, 'Session')).toEqual([]);
    expect(checkAgainstSchema({ id: 42 }, 'Session')).toEqual(['Session.id: expected a string']);
    expect(checkAgainstSchema({ status: 'GONE', amr: ['pwd', 'xyz'] }, 'Session')).toHaveLength(2);
    expect(checkAgainstSchema({ lastFactorVerification: null }, 'Session')).toHaveLength(1);
    expect(checkAgainstSchema({ _links: { self: { hints: {} } } }, 'Session')).toEqual([
      'Session._links.self: missing required href',
    ]);
  });
});

describe('Session replies', () => {
  const example = SESSIONS_SPEC.components.examples.RetrieveCurrentSessionResponse!.value as Record<string, unknown>;

  async function sessionReplies(): Promise<unknown[]> {
    const org = mock.org(DEMO_ORG_HOST);
    const replies: unknown[] = [];
    const variants = [
      org.createSession(DEMO_USER.login),
      org.createSession(DEMO_USER.login, { amr: ['pwd', 'mfa', 'otp'], status: 'MFA_REQUIRED' }),
      org.createSession(DEMO_USER.login, { amr: ['swk', 'hwk', 'fpt'], idp: { type: 'FEDERATION' } }),
    ];
    for (const s of variants) {
      for (const [method, suffix, auth] of [
        ['GET', '', ssws],
        ['GET', '', { Authorization: `Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}` }],
        ['POST', '/lifecycle/refresh', ssws],
      ] as const) {
        const res = await f(`${demo}/api/v1/sessions/${s.id}${suffix}`, { method, headers: auth });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        replies.push(await res.json());
      }
    }
    const created = await f(`${demo}/api/v1/sessions`, {
      method: 'POST',
      headers: { ...ssws, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sessionToken: org.issueSessionToken(DEMO_USER.login) }),
    });
    replies.push(await created.json());
    return replies;
  }

  it('every Session reply validates against the Session schema and carries the example keys', async () => {
    const replies = await sessionReplies();
    expect(replies).toHaveLength(10);
    for (const reply of replies) {
      expect(checkAgainstSchema(reply, 'Session', { nullable: NULLABLE })).toEqual([]);
      const r = reply as Record<string, unknown> & { _links: Record<string, unknown> };
      for (const key of Object.keys(example)) expect(r).toHaveProperty(key);
      expect(Object.keys(r._links).sort()).toEqual(['refresh', 'self', 'user']);
      expect(typeof r.mfaActive).toBe('boolean');
      expect(r.id).toMatch(/^[A-Za-z0-9_-]{20,25}$/);
    }
  });
});

describe('error replies', () => {
  const ERROR_FIELDS = ['errorCode', 'errorSummary', 'errorLink', 'errorId', 'errorCauses'];

  it('carry the spec Error fields, a fresh errorId and X-Okta-Request-Id', async () => {
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const cases: [string, RequestInit, number, string][] = [
      [`/api/v1/sessions/${s.id}`, {}, 401, 'E0000011'],
      [`/api/v1/sessions/${s.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}` } }, 403, 'E0000006'],
      ['/api/v1/sessions/102doesNotExist000000000', { headers: ssws }, 404, 'E0000007'],
      ['/api/v1/sessions', { method: 'POST', headers: ssws, body: '{"sessionToken":"20111bogus"}' }, 401, 'E0000004'],
      ['/api/v1/sessions', { method: 'POST', headers: ssws, body: 'nope' }, 400, 'E0000003'],
      ['/api/v1/sessions', { method: 'POST', headers: ssws, body: '{}' }, 400, 'E0000001'],
      [`/api/v1/sessions/${s.id}`, { method: 'PUT', headers: ssws }, 405, 'E0000022'],
    ];
    const errorIds = new Set<string>();
    for (const [path, init, status, code] of cases) {
      const res = await f(`${demo}${path}`, init);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('x-okta-request-id')).toBeTruthy();
      const body = (await res.json()) as Record<string, unknown>;
      expect(checkAgainstSchema(body, 'Error')).toEqual([]);
      expect(Object.keys(body).sort()).toEqual([...ERROR_FIELDS].sort());
      expect(body.errorCode).toBe(code);
      expect(body.errorLink).toBe(code);
      expect(body.errorId).toMatch(/^oae[A-Za-z0-9_-]{22}$/);
      errorIds.add(body.errorId as string);
    }
    expect(errorIds.size).toBe(cases.length);
  });

  it('use the summaries of the spec examples', async () => {
    const res = await f(`${demo}/api/v1/sessions/${mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login).id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${DEMO_READ_ONLY_ACCESS_TOKEN}` },
    });
    const { errorId: _a, ...body } = (await res.json()) as Record<string, unknown>;
    const { errorId: _b, ...expected } = SESSIONS_SPEC.components.examples.ErrorAccessDenied!.value as Record<string, unknown>;
    expect(body).toEqual(expected);
  });
});
