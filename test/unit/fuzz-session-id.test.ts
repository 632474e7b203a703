// Session ids come from cookies, i.e. from whatever a page managed to set, and they go into a request path. Fuzzed:
// no cookie value (sid, or an idx JWE whose header says anything) and no string handed to the client yields a
// path outside /api/v1/sessions/<one segment>, and the worker never puts the raw value in a reply.
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleMessage } from '../../src/background/router';
import { createWorld, POPUP_SENDER, useMockOrg } from '../../src/background/test-fakes';
import { createSessionsClient } from '../../src/okta/client';
import { OktaError } from '../../src/okta/errors';
import { sessionIdFromIdx, sessionIdFromSid, sessionPath, validateSessionId } from '../../src/okta/session-id';
import { replySchemas } from '../../src/shared/protocol';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;
/** Exactly one path segment of id characters after the sessions collection, plus the refresh action. */
const SESSION_PATH = /^\/api\/v1\/sessions\/[A-Za-z0-9_-]{16,64}(\/lifecycle\/refresh)?$/;

const okta = useMockOrg();
beforeEach(() => {
  okta.mock.clearFaults();
});

/** Strings that try to leave the sessions collection, or to be read as something else. */
const TRAVERSALS = [
  'me',
  '..',
  '.',
  '../users/me',
  '..%2Fusers%2Fme',
  '%2e%2e',
  '102XV1tNvxsTm69-StW_BCU-Q/../../users',
  '102XV1tNvxsTm69-StW_BCU-Q%2F..',
  '102XV1tNvxsTm69-StW_BCU-Q?x=1',
  '102XV1tNvxsTm69-StW_BCU-Q#frag',
  '102XV1tNvxsTm69-StW_BCU-Q\\..',
  '102XV1tNvxsTm69-StW_BCU-Q/lifecycle/refresh',
  '102XV1tNvxsTm69-StW_BCU-Q\u0000',
  '102XV1tNvxsTm69-StW_BCU-Q\r\nX-Evil: 1',
  ' 102XV1tNvxsTm69-StW_BCU-Q',
  '"102XV1tNvxsTm69-StW_BCU-Q"',
  '102XV1tNvxsTm69\uff0fStW_BCU-Q',
  '//evil.net/102XV1tNvxsTm69',
  'https://evil.net/api/v1/sessions/102XV1tNvxsTm69-StW',
  '@evil.net',
];

const validId = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);
const idLike = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...TRAVERSALS) },
  { weight: 2, arbitrary: validId },
  { weight: 2, arbitrary: fc.tuple(validId, fc.constantFrom(...TRAVERSALS)).map(([a, b]) => a + b) },
  { weight: 2, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ minLength: 60, maxLength: 70, unit: fc.constantFrom('a', 'Z', '0', '-', '_') }) },
);

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Compact-JWE-shaped idx cookie values whose protected header is anything, with anything as `xsid`. */
const idxCookie = fc.oneof(
  fc.tuple(idLike, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })).map(([xsid, extra]) => `${b64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM', ...extra, xsid }))}..iv.ct.tag`),
  fc.jsonValue().map((header) => `${b64url(JSON.stringify(header))}..iv.ct.tag`),
  fc.tuple(fc.jsonValue(), fc.integer({ min: 1, max: 8 })).map(([xsid, parts]) => [b64url(JSON.stringify({ xsid })), ...Array<string>(parts).fill('x')].join('.')),
  fc.array(fc.base64String({ maxLength: 40 }), { minLength: 1, maxLength: 7 }).map((parts) => parts.join('.')),
  fc.string({ maxLength: 200, unit: 'binary' }),
);

describe('session id validation', () => {
  it('accepts only one path segment of id characters, placed under /api/v1/sessions/ unchanged', () => {
    fc.assert(
      fc.property(idLike, (raw) => {
        let path: string;
        try {
          path = sessionPath(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(OktaError);
          expect((error as OktaError).kind).toBe('invalid_input');
          // The refusal does not quote what it refused: it may be a cookie value.
          if (raw.length >= 4) expect((error as OktaError).message).not.toContain(raw);
          return;
        }
        expect(validateSessionId(raw)).toBe(raw);
        expect(path).toBe(`/api/v1/sessions/${raw}`);
        expect(path).toMatch(SESSION_PATH);
        // A URL parser changes nothing about it: no dot segments, escapes or separators to reinterpret.
        expect(new URL(path, DEMO_ORIGIN).pathname).toBe(path);
        expect(new URL(`${path}/lifecycle/refresh`, DEMO_ORIGIN).pathname).toBe(`${path}/lifecycle/refresh`);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads a sid cookie as a valid id or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(idLike, idLike.map((v) => `"${v}"`), idLike.map((v) => ` ${v}\t`)), (cookie) => {
        const id = sessionIdFromSid(cookie);
        if (id !== undefined) expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an idx cookie’s xsid as a valid id or nothing, whatever the header holds', () => {
    let derived = 0;
    fc.assert(
      fc.property(idxCookie, (cookie) => {
        const id = sessionIdFromIdx(cookie);
        if (id === undefined) return;
        derived++;
        expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
        expect(id).not.toBe('me');
      }),
      { numRuns: 2000 },
    );
    expect(derived).toBeGreaterThan(50);
  });
});

describe('the client never leaves the sessions collection', () => {
  it('refuses a bad id before any request, and sends a good one to its own path', async () => {
    const client = createSessionsClient({
      origin: DEMO_ORIGIN,
      credential: { scheme: 'SSWS', token: DEMO_API_TOKEN },
      fetch: okta.fetch,
      maxRetries: 0,
    });
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(idLike, fc.constantFrom('get', 'refresh', 'revoke'), async (raw, op) => {
        const before = okta.mock.log.length;
        const call = op === 'get' ? client.getSession(raw) : op === 'refresh' ? client.refreshSession(raw) : client.revokeSession(raw);
        const outcome = await call.then(
          () => 'ok',
          (error: unknown) => {
            expect(error).toBeInstanceOf(OktaError);
            return (error as OktaError).kind;
          },
        );
        const sent = okta.mock.log.slice(before);
        if (outcome === 'invalid_input') {
          expect(sent).toEqual([]);
          return;
        }
        requests++;
        expect(sent).toHaveLength(1);
        expect(sent[0]!.host).toBe(DEMO_ORG_HOST);
        expect(sent[0]!.path).toBe(op === 'refresh' ? `/api/v1/sessions/${raw}/lifecycle/refresh` : `/api/v1/sessions/${raw}`);
        expect(sent[0]!.path).toMatch(SESSION_PATH);
      }),
      { numRuns: 1000 },
    );
    expect(requests).toBeGreaterThan(100);
  });
});

describe('the worker, with hostile cookies in the browser', () => {
  it('only ever requests /api/v1/sessions/<id> (or /me, with no credential) and never replies with the cookie value', async () => {
    const w = createWorld({ fetch: okta.fetch });
    await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false, credential: { kind: 'api-token', token: DEMO_API_TOKEN } });
    const tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
    const live = okta.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login).id;
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.option(fc.oneof(idLike, fc.constant(live)), { nil: undefined }),
        fc.option(idxCookie, { nil: undefined }),
        fc.constantFrom('session/inspect', 'session/cached'),
        async (sid, idx, type) => {
          w.cookies.clear(DEMO_ORG_HOST);
          if (sid !== undefined) w.cookies.set(DEMO_ORG_HOST, 'sid', sid);
          if (idx !== undefined) w.cookies.set(DEMO_ORG_HOST, 'idx', idx);
          const before = okta.mock.log.length;
          const reply = await handleMessage(w.deps, { type, tabId }, POPUP_SENDER);
          expect(replySchemas()[type].safeParse(reply).success).toBe(true);
          const sent = okta.mock.log.slice(before);
          requests += sent.length;
          for (const entry of sent) {
            expect(entry.host).toBe(DEMO_ORG_HOST);
            // An idx-derived id Okta answers 404 for gets a second opinion from /me, which names no id at all.
            if (entry.path === '/api/v1/sessions/me') expect(entry.credential).toBeNull();
            else expect(entry.path).toMatch(SESSION_PATH);
          }
          const text = JSON.stringify(reply);
          // Neither cookie, nor the id read from it, is in the reply (pages get a hint and a key instead).
          const ids = [sid && sessionIdFromSid(sid), idx && sessionIdFromIdx(idx)];
          for (const value of [sid, idx, ...ids]) if (value && value.length >= 16) expect(text).not.toContain(value);
        },
      ),
      { numRuns: 1000 },
    );
    expect(requests).toBeGreaterThan(100);
  });
});
