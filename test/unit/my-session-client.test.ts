// The cookie-authenticated /me client against the real mock org over HTTPS. In Node there is no cookie jar, so
// a small wrapper plays the browser's part: it adds the tab's session cookie when the client asks fetch to
// include credentials, and nothing otherwise (which is what the client relies on).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMySessionClient, createSessionsClient } from '../../src/okta/client';
import { OktaError } from '../../src/okta/errors';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import { orgFetch } from '../support/org-fetch';

const DEMO = `https://${DEMO_ORG_HOST}`;
let mock: MockOrg;
let f: typeof fetch;

beforeAll(async () => {
  mock = await startMockOrg();
  f = orgFetch(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.log.length = 0;
  mock.clearFaults();
});

/** A fetch that sends `cookie` only when the request includes credentials, as a browser's would. */
function browserFetch(cookie: string, origin?: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (init?.credentials === 'include') headers.set('Cookie', cookie);
    if (origin && init?.method && init.method !== 'GET') headers.set('Origin', origin);
    return f(input, { ...init, headers });
  };
}

async function failure(p: Promise<unknown>): Promise<OktaError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(OktaError);
  return e as OktaError;
}

describe('createMySessionClient', () => {
  it('reads, refreshes and ends the browser’s session with its cookie alone', async () => {
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const me = createMySessionClient({ origin: DEMO, fetch: browserFetch(`sid=${s.id}`) });
    expect(await me.getSession()).toMatchObject({ id: s.id, login: DEMO_USER.login });
    expect((await me.refreshSession()).id).toBe(s.id);
    await me.revokeSession();
    expect(mock.org(DEMO_ORG_HOST).activeSession(s.id)).toBeFalsy();
    expect(mock.log.map((e) => [e.method, e.path, e.credential, e.cookieNames])).toEqual([
      ['GET', '/api/v1/sessions/me', null, ['sid']],
      ['POST', '/api/v1/sessions/me/lifecycle/refresh', null, ['sid']],
      ['DELETE', '/api/v1/sessions/me', null, ['sid']],
    ]);
  });

  it('says the session is gone on 404, in words about the cookie', async () => {
    const me = createMySessionClient({ origin: DEMO, fetch: browserFetch('sid=102nosuchsessionxxxxxx') });
    const e = await failure(me.getSession());
    expect(e.kind).toBe('not_found');
    expect(e.message).toMatch(/this browser’s session cookie/);
  });

  it('explains a 403 as an org that no longer answers /me, with Okta’s codes', async () => {
    mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/me' });
    const me = createMySessionClient({ origin: DEMO, fetch: browserFetch('sid=x') });
    const e = await failure(me.getSession());
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/no longer answer \/api\/v1\/sessions\/me/);
    expect(e.extra.okta?.requestId).toMatch(/\w+/);
  });

  it('never sends the cookie on a credentialed call', async () => {
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const byId = createSessionsClient({ origin: DEMO, credential: { scheme: 'SSWS', token: DEMO_API_TOKEN }, fetch: browserFetch(`sid=${s.id}`) });
    await byId.getSession(s.id);
    expect(mock.log.at(-1)?.cookieNames).toEqual([]);
  });
});

describe('E0000212', () => {
  it('is explained as the Origin header the browser kept, on either client', async () => {
    const s = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const leaky = browserFetch(`sid=${s.id}`, 'chrome-extension://ggpnlkpakjjfpcofddpohjgcglckoakm');
    for (const call of [
      () => createMySessionClient({ origin: DEMO, fetch: leaky }).refreshSession(),
      () => createSessionsClient({ origin: DEMO, credential: { scheme: 'SSWS', token: DEMO_API_TOKEN }, fetch: leaky }).refreshSession(s.id),
    ]) {
      const e = await failure(call());
      expect(e.kind).toBe('forbidden');
      expect(e.extra.okta?.errorCode).toBe('E0000212');
      expect(e.message).toMatch(/Origin header/);
    }
  });
});
