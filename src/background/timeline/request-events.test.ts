import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestEventSchema, type RequestEvent, type SessionMark } from '../../shared/timeline/schema';
import type { TimelineOrg } from './orgs';
import {
  MAX_PENDING,
  PENDING_TTL_MS,
  requestFinished,
  requestRedirected,
  requestStarted,
  type PendingRequests,
  type RequestContext,
  type WebRequestDetails,
} from './request-events';

const ORGS: TimelineOrg[] = [{ origin: 'https://dev-123456.okta.com', customDomains: ['https://login.example.com'] }];
const SESSION: SessionMark = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102X…CU-Q' };
const ctx: RequestContext = {
  orgs: ORGS,
  ownOrigins: ['chrome-extension://abcdefghijklmnop'],
  sessionFor: (host) => (host === 'dev-123456.okta.com' ? SESSION : undefined),
};
const ORG = 'https://dev-123456.okta.com';

const d = (over: Partial<WebRequestDetails>): WebRequestDetails => ({
  requestId: '1',
  url: `${ORG}/api/v1/authn`,
  method: 'POST',
  timeStamp: 10_000.25,
  type: 'xmlhttprequest',
  initiator: ORG,
  ...over,
});

describe('request events', () => {
  it('start + completion: one event with redacted params, status, duration and the session at the start', () => {
    const url = `${ORG}/oauth2/v1/authorize?client_id=0oa1&response_type=code&state=S3cr3t&code_challenge=abc`;
    let pending = requestStarted({}, d({ url, method: 'GET', type: 'main_frame' }), ctx);
    expect(JSON.stringify(pending)).not.toContain('S3cr3t');
    const done = requestFinished(pending, d({ url, method: 'GET', statusCode: 200, timeStamp: 10_045.9 }), ctx);
    pending = done.pending;
    expect(done.event).toEqual<RequestEvent>({
      kind: 'request',
      at: 10_000,
      org: ORG,
      host: 'dev-123456.okta.com',
      method: 'GET',
      path: '/oauth2/v1/authorize',
      params: ['client_id=0oa1', 'response_type=code', 'state', 'code_challenge'],
      resourceType: 'main_frame',
      status: 200,
      durationMs: 46,
      session: SESSION,
      oauth: { clientId: '0oa1', responseType: 'code', sent: ['code_challenge', 'state'] },
    });
    expect(pending).toEqual({});
    expect(requestEventSchema().safeParse(done.event).success).toBe(true);
  });

  it('an end without a seen start still gives an event, without a duration', () => {
    const { event } = requestFinished({}, d({ statusCode: 401 }), ctx);
    expect(event).toMatchObject({ path: '/api/v1/authn', status: 401, at: 10_000 });
    expect(event).not.toHaveProperty('durationMs');
  });

  it('a network error is recorded redacted, without a status', () => {
    const started = requestStarted({}, d({}), ctx);
    const { event } = requestFinished(started, d({ error: 'net::ERR_CONNECTION_RESET', timeStamp: 10_100 }), ctx);
    expect(event).toMatchObject({ error: 'net::ERR_CONNECTION_RESET', durationMs: 100 });
    expect(event).not.toHaveProperty('status');
  });

  it('ignores the extension’s own requests, unrelated paths and unconfigured hosts', () => {
    const cases = [
      d({ initiator: 'chrome-extension://abcdefghijklmnop' }),
      d({ initiator: undefined, originUrl: 'chrome-extension://abcdefghijklmnop/background.js' }),
      d({ url: `${ORG}/app/UserHome` }),
      d({ url: 'https://other.okta.com/api/v1/authn' }),
      d({ url: 'http://dev-123456.okta.com/api/v1/authn' }),
      d({ url: 'wss://dev-123456.okta.com/login/x' }),
    ];
    for (const c of cases) {
      expect(requestStarted({}, c, ctx)).toEqual({});
      expect(requestFinished({}, { ...c, statusCode: 200 }, ctx).event).toBeUndefined();
    }
  });

  it('custom domains and the -admin host are the org; the session is that host’s', () => {
    const { event } = requestFinished({}, d({ url: 'https://login.example.com/idp/idx/identify', statusCode: 200 }), ctx);
    expect(event).toMatchObject({ org: ORG, host: 'login.example.com' });
    expect(event).not.toHaveProperty('session');
    expect(requestFinished({}, d({ url: 'https://dev-123456-admin.okta.com/oauth2/v1/token', statusCode: 200 }), ctx).event).toMatchObject({ org: ORG });
  });

  it('a redirect ends one hop with its 3xx and starts the next, as GET after a POST', () => {
    const first = `${ORG}/login/sessionCookieRedirect?token=20111SeCrEt&redirectUrl=%2Foauth2%2Fv1%2Fauthorize`;
    let pending = requestStarted({}, d({ url: first, method: 'GET', timeStamp: 1_000 }), ctx);
    const hop = requestRedirected(pending, d({ url: first, method: 'GET', timeStamp: 1_020, statusCode: 302, redirectUrl: `${ORG}/oauth2/v1/authorize?state=x` }), ctx);
    expect(hop.event).toMatchObject({ path: '/login/sessionCookieRedirect', params: ['token', 'redirectUrl'], status: 302, durationMs: 20 });
    pending = hop.pending;
    expect(pending['1']).toMatchObject({ path: '/oauth2/v1/authorize', method: 'GET', at: 1_020 });
    const end = requestFinished(pending, d({ url: `${ORG}/oauth2/v1/authorize?state=x`, method: 'GET', timeStamp: 1_050, statusCode: 200 }), ctx);
    expect(end.event).toMatchObject({ path: '/oauth2/v1/authorize', status: 200, durationMs: 30 });
    expect(JSON.stringify([hop, end])).not.toContain('SeCrEt');

    const post = requestRedirected(requestStarted({}, d({ url: `${ORG}/idp/idx/identify`, requestId: '2' }), ctx), d({ url: `${ORG}/idp/idx/identify`, requestId: '2', statusCode: 302, redirectUrl: `${ORG}/login/token/redirect?stateToken=abc` }), ctx);
    expect(post.pending['2']).toMatchObject({ method: 'GET', path: '/login/token/redirect', params: ['stateToken'] });
    // Redirected to a page the timeline does not record: nothing pending.
    const away = requestRedirected({}, d({ url: `${ORG}/login/signout`, method: 'GET', statusCode: 302, redirectUrl: `${ORG}/app/UserHome` }), ctx);
    expect(away.event).toMatchObject({ path: '/login/signout', status: 302 });
    expect(away.pending).toEqual({});
  });

  it('keeps the pending map bounded in size and age', () => {
    let pending: PendingRequests = {};
    for (let i = 0; i < MAX_PENDING + 50; i++) pending = requestStarted(pending, d({ requestId: String(i), timeStamp: 1_000 + i }), ctx);
    expect(Object.keys(pending)).toHaveLength(MAX_PENDING);
    expect(pending[String(MAX_PENDING + 49)]).toBeDefined();
    expect(pending['0']).toBeUndefined();
    const later = requestStarted(pending, d({ requestId: 'late', timeStamp: 1_000 + MAX_PENDING + 50 + PENDING_TTL_MS + 1 }), ctx);
    expect(Object.keys(later)).toEqual(['late']);
  });

  it('odd methods and resource types cannot reach an event as they are', () => {
    const { event } = requestFinished({}, d({ method: 'x<script>', type: 'Weird Type', statusCode: 200 }), ctx);
    expect(event).toMatchObject({ method: 'OTHER' });
    expect(event).not.toHaveProperty('resourceType');
  });

  it('no query value outside the allow-list reaches pending data or events (2000 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('/oauth2/v1/authorize', '/login/sessionCookieRedirect', '/idp/idx/introspect', '/api/v1/authn'),
        fc.array(fc.tuple(fc.constantFrom('code', 'state', 'token', 'sessionToken', 'stateToken', 'x', 'redirectUrl'), fc.string({ unit: 'binary' }).map((s) => `Zq9${s}`)), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (path, pairs, redirect) => {
          const url = `${ORG}${path}?${new URLSearchParams(pairs)}`;
          const p1 = requestStarted({}, d({ url }), ctx);
          const r = redirect
            ? requestRedirected(p1, d({ url, statusCode: 302, redirectUrl: url }), ctx)
            : requestFinished(p1, d({ url, statusCode: 200 }), ctx);
          const text = JSON.stringify([p1, r]);
          expect(text).not.toContain('Zq9');
          expect(requestEventSchema().safeParse(r.event).success).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
