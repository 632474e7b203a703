import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orgFetch } from '../support/org-fetch';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from './demo';
import { startMockOrg, type MockOrg } from './server';

let mock: MockOrg;
let f: typeof fetch;
const ssws = { Authorization: `SSWS ${DEMO_API_TOKEN}` };
let sessionUrl: string;

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.clearFaults();
  mock.log.length = 0;
  sessionUrl = `https://${DEMO_ORG_HOST}/api/v1/sessions/${mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login).id}`;
});

const get = () => f(sessionUrl, { headers: ssws });

describe('faults', () => {
  it('status: any status once, then normal handling', async () => {
    mock.fault({ kind: 'status', status: 503 });
    const res = await get();
    expect(res.status).toBe(503);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000181');
    expect((await get()).status).toBe(200);
    expect(mock.log.map((e) => [e.status, e.fault])).toEqual([
      [503, 'status'],
      [200, undefined],
    ]);
  });

  it('status: a given body and headers, `times` requests in a row', async () => {
    mock.fault({ kind: 'status', status: 500, body: '<html>oops</html>', headers: { 'Content-Type': 'text/html' }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await get();
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('text/html');
      expect(await res.text()).toBe('<html>oops</html>');
    }
    expect((await get()).status).toBe(200);
  });

  it('matches host, method and path prefix', async () => {
    mock.fault({ kind: 'status', status: 500, host: SECOND_ORG_HOST });
    mock.fault({ kind: 'status', status: 502, method: 'DELETE' });
    mock.fault({ kind: 'status', status: 418, path: '/login/' });
    expect((await get()).status).toBe(200);
    expect((await f(sessionUrl, { method: 'DELETE', headers: ssws })).status).toBe(502);
    expect((await f(`https://${DEMO_ORG_HOST}/login/login.htm`)).status).toBe(418);
    expect((await f(`https://${SECOND_ORG_HOST}/anything`)).status).toBe(500);
    expect(mock.pendingFaults).toEqual([]);
  });

  it('rate-limit: 429 E0000047 with the reset in epoch seconds', async () => {
    mock.fault({ kind: 'rate-limit', resetInSeconds: 30 });
    const res = await get();
    expect(res.status).toBe(429);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000047');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('0');
    const reset = Number(res.headers.get('x-rate-limit-reset'));
    const date = Date.parse(res.headers.get('date')!) / 1000;
    expect(reset - date).toBeGreaterThanOrEqual(29);
    expect(reset - date).toBeLessThanOrEqual(31);
  });

  it('rate-limit with duplicated headers sends each rate-limit header twice', async () => {
    mock.fault({ kind: 'rate-limit', resetInSeconds: 10, duplicateHeaders: true });
    const res = await get();
    expect(res.status).toBe(429);
    const resets = res.headers.get('x-rate-limit-reset')!.split(',').map((v) => Number(v.trim()));
    expect(resets).toHaveLength(2);
    expect(resets[1]! - resets[0]!).toBe(60);
    expect(res.headers.get('x-rate-limit-limit')!.split(',')).toHaveLength(2);
  });

  it('malformed: 200 with JSON that does not parse', async () => {
    mock.fault({ kind: 'malformed' });
    const res = await get();
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it('wrong-shape: 200 with JSON that is not a Session', async () => {
    mock.fault({ kind: 'wrong-shape' });
    const res = await get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 42 });
  });

  it('empty-404: 404 with an empty body', async () => {
    mock.fault({ kind: 'empty-404' });
    const res = await get();
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('');
    expect(res.headers.get('content-type')).toBeNull();
  });

  it('latency: the request is then handled normally', async () => {
    mock.fault({ kind: 'latency', ms: 50 });
    const res = await get();
    expect(res.status).toBe(200);
    expect(mock.log[0]).toMatchObject({ status: 200, fault: 'latency' });
  });

  it('drop: the connection closes with no response', async () => {
    mock.fault({ kind: 'drop' });
    await expect(get()).rejects.toThrow(TypeError);
    expect(mock.log[0]).toMatchObject({ status: null, fault: 'drop' });
    expect((await get()).status).toBe(200);
  });

  it('drop-mid-body: headers arrive, then the body breaks off', async () => {
    mock.fault({ kind: 'drop-mid-body' });
    const res = await get();
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('clearFaults empties the queue', async () => {
    mock.fault({ kind: 'drop', times: 5 });
    mock.clearFaults();
    expect((await get()).status).toBe(200);
  });
});

describe('request log', () => {
  it('records retry headers, the raw Authorization, and cookie names but not their values', async () => {
    await f(sessionUrl, {
      headers: {
        ...ssws,
        'X-Okta-Retry-For': 'abc123',
        'X-Okta-Retry-Count': '1',
        Cookie: 'sid=secret-session-value; DT=device',
      },
    });
    const entry = mock.log[0]!;
    expect(entry).toMatchObject({
      host: DEMO_ORG_HOST,
      method: 'GET',
      path: new URL(sessionUrl).pathname,
      credential: 'SSWS',
      authorization: `SSWS ${DEMO_API_TOKEN}`,
      headers: { 'x-okta-retry-for': 'abc123', 'x-okta-retry-count': '1', cookie: 'sid, DT' },
      cookieNames: ['sid', 'DT'],
      status: 200,
    });
    expect(JSON.stringify(mock.log)).not.toContain('secret-session-value');
  });

  it('records the query and Bearer/DPoP schemes', async () => {
    await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/x?a=1&b=two`, { headers: { Authorization: 'Bearer t' } });
    await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/x`, { headers: { Authorization: 'DPoP t', DPoP: 'proof' } });
    await f(`https://${DEMO_ORG_HOST}/api/v1/sessions/x`);
    expect(mock.log.map((e) => e.credential)).toEqual(['Bearer', 'DPoP', null]);
    expect(mock.log[0]!.query).toEqual({ a: '1', b: 'two' });
    expect(mock.log[2]).not.toHaveProperty('authorization');
  });
});
