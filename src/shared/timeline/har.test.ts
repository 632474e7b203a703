// Export HAR: a golden file for fixed events, the HAR 1.2 JSON schema (har-schema, checked with ajv), and the
// rule that no secret the browser showed the listener reaches a HAR or a JSON export (fast-check, through the
// worker's real event builders).
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestDetails } from '../../background/timeline-listeners';
import { requestFinished, requestHeadersSent, requestRedirected, requestStarted, type PendingRequests, type RequestContext } from '../../background/timeline/request-events';
import { latestProblems } from '../diagnose';
import { toExportJson } from './export';
import { toHar, toHarJson } from './har';
import { emptyTimeline, type TimelineEvent } from './schema';
import { A, FIXED, NOW, ORG } from './trace-fixture.test-data';

const require = createRequire(import.meta.url);


/** ajv over har-schema's draft-06 files. Formats: date-time as ISO 8601 with a zone, uri as a parseable URL. */
function harValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('ipv4', true);
  ajv.addFormat('ipv6', true);
  const schemas = require('har-schema') as Record<string, object>;
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
  return ajv.compile(schemas.har!);
}

describe('toHar', () => {
  const diagnoses = latestProblems(FIXED, { now: NOW });
  const har = toHar(FIXED, { now: NOW, version: '0.1.0', diagnoses });

  it('equals the golden file for fixed events', async () => {
    await expect(JSON.stringify(har, null, 2) + '\n').toMatchFileSnapshot('./__golden__/timeline.har');
  });

  it('validates against the HAR 1.2 JSON schema (har-schema)', () => {
    const validate = harValidator();
    expect(validate(har), JSON.stringify(validate.errors)).toBe(true);
    const empty = toHar([], { now: NOW, version: '0.1.0' });
    expect(validate(empty), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has one entry per request and api event, oldest first, and keeps cookie events and diagnoses aside', () => {
    expect(har.log.entries.map((e) => e.request.method)).toEqual(['GET', 'POST', 'GET', 'DELETE']);
    expect(har.log.entries[0]!.request.url).toBe(
      'https://dev-123456.okta.com/oauth2/v1/authorize?client_id=0oa1app&response_type=code&scope=[redacted]&state=[redacted]&code_challenge=[redacted]&code_challenge_method=S256&redirect_uri=[redacted]',
    );
    expect(har.log.entries[0]!.response.redirectURL).toBe('https://app.example.com/callback');
    expect(har.log.entries[2]!.response).toMatchObject({ status: 0, statusText: 'net::ERR_ABORTED' });
    expect(har.log._oktaSessionInspector.cookieEvents).toHaveLength(1);
    expect(har.log._oktaSessionInspector.diagnoses.map((d) => d.id)).toEqual(diagnoses.map((d) => d.id));
    expect(diagnoses.length).toBeGreaterThan(0);
    for (const e of har.log.entries) {
      expect(e.request.cookies).toEqual([]);
      expect(e.request.headers).toEqual([]);
      expect(e.response.headers).toEqual([]);
      expect(e.request.postData).toBeUndefined();
      expect(e.response.content.text).toBeUndefined();
    }
    expect(JSON.stringify(har)).not.toContain(A.key);
  });
});

describe('no planted secret reaches an export', () => {
  const ctx: RequestContext = { orgs: [{ origin: ORG, customDomains: [] }], sessionFor: () => A };
  // Secrets as Okta and apps make them: long, random; a prefix no fixed word of an export contains.
  const secret = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/).map((s) => `Zq9${s}`);

  it('token, cookie value, code, state, stateToken, password: none in HAR or JSON (300 cases)', () => {
    fc.assert(
      fc.property(fc.record({ token: secret, cookie: secret, code: secret, state: secret, stateToken: secret, password: secret }), (s) => {
        let pending: PendingRequests = {};
        const events: TimelineEvent[] = [];
        const run = (raw: Record<string, unknown>, end: 'redirect' | 'finish') => {
          const d = requestDetails(raw);
          pending = requestStarted(pending, d, ctx);
          pending = requestHeadersSent(pending, d);
          const out = end === 'redirect' ? requestRedirected(pending, d, ctx) : requestFinished(pending, d, ctx);
          pending = out.pending;
          if (out.event) events.push(out.event);
        };
        const headers = [
          { name: 'Cookie', value: `sid=${s.cookie}; DT=${s.cookie}` },
          { name: 'Authorization', value: `SSWS ${s.token}` },
        ];
        run({ requestId: '1', url: `${ORG}/oauth2/v1/authorize?client_id=0oa1&state=${s.state}&nonce=${s.token}&login_hint=${s.password}%40x.com`, method: 'GET', timeStamp: NOW, type: 'main_frame', requestHeaders: headers, statusCode: 302, redirectUrl: `https://app.example.com/cb?code=${s.code}&state=${s.state}` }, 'redirect');
        run({ requestId: '2', url: `${ORG}/login/sessionCookieRedirect?token=${s.token}&stateToken=${s.stateToken}`, method: 'GET', timeStamp: NOW + 1, statusCode: 200, requestHeaders: headers }, 'finish');
        run({ requestId: '3', url: `${ORG}/oauth2/v1/token`, method: 'POST', timeStamp: NOW + 2, statusCode: 400, requestHeaders: headers, requestBody: { formData: { grant_type: ['password'], password: [s.password], code: [s.code], refresh_token: [s.token] } } }, 'finish');
        run({ requestId: '4', url: `${ORG}/idp/idx/identify?stateToken=${s.stateToken}`, method: 'POST', timeStamp: NOW + 3, statusCode: 200, requestHeaders: headers, requestBody: { raw: [{ bytes: new TextEncoder().encode(JSON.stringify({ identifier: 'u', credentials: { passcode: s.password }, stateHandle: s.stateToken })).buffer }] } }, 'finish');
        run({ requestId: '5', url: `${ORG}/api/v1/sessions/me?access_token=${s.token}`, method: 'GET', timeStamp: NOW + 4, statusCode: 200, requestHeaders: headers, responseHeaders: [{ name: 'Set-Cookie', value: `sid=${s.cookie}` }] }, 'finish');
        expect(events.length).toBeGreaterThanOrEqual(4);
        const state = { ...emptyTimeline(), events };
        const outputs = [toExportJson(state, { now: NOW }), toHarJson(events, { now: NOW, version: '0.1.0', diagnoses: latestProblems(events, { now: NOW }) })];
        for (const out of outputs) for (const v of Object.values(s)) expect(out).not.toContain(v);
      }),
      { numRuns: 300 },
    );
  });
});
