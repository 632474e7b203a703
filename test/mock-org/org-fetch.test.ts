import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from './demo';
import { startMockOrg, type MockOrg } from './server';

let mock: MockOrg;

beforeAll(async () => {
  mock = await startMockOrg({
    orgs: [{ host: DEMO_ORG_HOST, apiTokens: { [DEMO_API_TOKEN]: ['okta.sessions.manage'] }, users: [{ ...DEMO_USER }] }],
  });
});
afterAll(() => mock.close());

describe('orgFetch', () => {
  it('reaches the mock under real hostnames and sends the Host header of the URL', async () => {
    const res = await orgFetch(mock)(`https://${DEMO_ORG_HOST}/login/login.htm`);
    expect(res.status).toBe(200);
    expect(mock.log.at(-1)!.host).toBe(DEMO_ORG_HOST);
  });

  it('checks the certificate: a name it does not cover is refused', async () => {
    const err = await orgFetch(mock)('https://login.example.com/').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(String((err as { cause?: unknown }).cause)).toMatch(/altnames|certificate/i);
  });

  it('rejects a certificate it was not told to trust', async () => {
    const other = await startMockOrg({ orgs: [{ host: DEMO_ORG_HOST }], extraHostnames: ['other.test'] });
    try {
      const err = await orgFetch({ port: other.port, cert: mock.cert })(`https://${DEMO_ORG_HOST}/`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeError);
    } finally {
      await other.close();
    }
  });

  it('accepts a global Request as input', async () => {
    const req = new Request(`https://${DEMO_ORG_HOST}/api/v1/sessions`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${DEMO_API_TOKEN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const res = await orgFetch(mock)(req);
    expect(res.status).toBe(400);
    expect(mock.log.at(-1)).toMatchObject({ method: 'POST', credential: 'SSWS', headers: { 'content-type': 'application/json' } });
  });
});

describe('rate limits', () => {
  it('counts down X-Rate-Limit-Remaining and, when enforced, answers 429 E0000047 past the limit', async () => {
    const slow = await startMockOrg({
      orgs: [{ host: 'slow.okta.com', rateLimit: 2, enforceRateLimit: true }],
    });
    try {
      const f = orgFetch(slow);
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(await f('https://slow.okta.com/login/login.htm'));
      expect(replies.map((r) => [r.status, r.headers.get('x-rate-limit-remaining')])).toEqual([
        [200, '1'],
        [200, '0'],
        [429, '0'],
      ]);
      expect(((await replies[2]!.json()) as { errorCode: string }).errorCode).toBe('E0000047');
    } finally {
      await slow.close();
    }
  });

  it('follows the mock clock: Date and X-Rate-Limit-Reset come from options.now', async () => {
    const fixed = Date.UTC(2030, 0, 1, 12, 0, 0);
    const clocked = await startMockOrg({ orgs: [{ host: 'clock.okta.com' }], now: () => fixed });
    try {
      clocked.fault({ kind: 'rate-limit', resetInSeconds: 42 });
      const res = await orgFetch(clocked)('https://clock.okta.com/api/v1/sessions/x');
      expect(Date.parse(res.headers.get('date')!)).toBe(fixed);
      expect(Number(res.headers.get('x-rate-limit-reset'))).toBe(fixed / 1000 + 42);
    } finally {
      await clocked.close();
    }
  });
});
