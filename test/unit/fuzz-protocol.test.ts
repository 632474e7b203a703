// The message protocol, fuzzed through the real router with in-memory browser parts and the real HTTPS mock org:
// any value in gives a typed reply or a typed error, never an exception; a message the protocol does not
// describe, or one from anything but the extension's own pages, never causes a request; and no reply carries
// the credential, the session id or the cookie it came from.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleMessage, type Reply, type SenderLike } from '../../src/background/router';
import { createWorld, EXTENSION_ID, EXTENSION_ORIGIN, POPUP_SENDER, type World } from '../../src/background/test-fakes';
import { sessionKey } from '../../src/okta/session-id';
import { errorInfoSchema, parseRequest, replySchemas, type RequestType } from '../../src/shared/protocol';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../mock-org/demo';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import type { RequestLogEntry } from '../mock-org/http';
import { orgFetch } from '../support/org-fetch';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;
const SECOND_ORIGIN = `https://${SECOND_ORG_HOST}`;
const CUSTOM_ORIGIN = 'https://login.example-corp.test';
/** Every request type: the reply schemas are keyed by them. */
const TYPES = Object.keys(replySchemas()) as RequestType[];

let mock: MockOrg;
let fetchOrg: typeof fetch;
beforeAll(async () => {
  mock = await startMockOrg({ extraHostnames: [new URL(CUSTOM_ORIGIN).hostname] });
  fetchOrg = orgFetch(mock);
});
afterAll(() => mock.close());

/** A configured demo org, a signed-in session, and tabs of every kind: a valid message WOULD reach Okta. */
interface Scene {
  w: World;
  tabs: number[];
  sessionId: string;
  key: string;
  cookieValue: string;
  /** A one-time session token for session/create (a credential too). */
  sessionToken: string;
}

async function scene(): Promise<Scene> {
  const w = createWorld({ fetch: fetchOrg });
  const saved = await w.send({
    type: 'settings/save-org',
    orgUrl: DEMO_ORIGIN,
    customDomains: [CUSTOM_ORIGIN],
    remember: false,
    credential: { kind: 'api-token', token: DEMO_API_TOKEN },
  });
  expect(saved).toMatchObject({ ok: true });
  const session = mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
  const cookie = mock.org(DEMO_ORG_HOST).sessionCookie(session.id);
  for (const host of [DEMO_ORG_HOST, new URL(CUSTOM_ORIGIN).hostname, SECOND_ORG_HOST]) w.cookies.set(host, cookie.name, cookie.value);
  const tabs = [
    w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`),
    w.tabs.open(`${CUSTOM_ORIGIN}/app/UserHome`),
    w.tabs.open(`${SECOND_ORIGIN}/app/UserHome`),
    w.tabs.open('https://intranet.example.com/'),
    w.tabs.open(undefined),
  ];
  expect(tabs).toEqual(SCENE_TABS);
  return {
    w,
    tabs,
    sessionId: session.id,
    key: await sessionKey(session.id),
    cookieValue: cookie.value,
    sessionToken: mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login),
  };
}

// ---- Generators ----------------------------------------------------------------------------------------

const anyValue = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Stand for the live session's key and a live session token, only known once a scene exists; see `live`. */
const LIVE_KEY = '<the live session key>';
const LIVE_SESSION_TOKEN = '<a live session token>';
/** A fresh world's TabList numbers tabs from 1, so a scene's tabs are always these. */
const SCENE_TABS = [1, 2, 3, 4, 5];

function live(message: unknown, s: Pick<Scene, 'key' | 'sessionToken'>): unknown {
  if (!message || typeof message !== 'object') return message;
  const m = message as { sessionKey?: unknown; sessionToken?: unknown };
  let out = message;
  if (m.sessionKey === LIVE_KEY) out = { ...out, sessionKey: s.key };
  if (m.sessionToken === LIVE_SESSION_TOKEN) out = { ...out, sessionToken: s.sessionToken };
  return out;
}

/** A message built from the schema with realistic values: often valid, and pointed at the live session. */
function wellFormed(): fc.Arbitrary<Record<string, unknown>> {
  const target = fc.oneof(
    fc.record({ tabId: fc.constantFrom(...SCENE_TABS, 999) }),
    fc.record({ org: fc.constantFrom(DEMO_ORIGIN, `${DEMO_ORIGIN}/`, 'DEV-123456.OKTA.COM', SECOND_ORIGIN, CUSTOM_ORIGIN, 'https://evil.net') }),
  );
  const key = fc.oneof({ weight: 3, arbitrary: fc.constant(LIVE_KEY) }, { weight: 1, arbitrary: fc.string({ maxLength: 70 }) });
  const orgUrl = fc.constantFrom(DEMO_ORIGIN, SECOND_ORIGIN, 'acme-admin.okta.com', 'https://evil.net\\@acme.okta.com', 'http://evil.net', '', CUSTOM_ORIGIN);
  const token = fc.oneof(fc.constant(DEMO_API_TOKEN), fc.string({ minLength: 1, maxLength: 60 }), fc.constant(' \n'));
  return fc.oneof(
    target.map((t) => ({ type: 'session/cached', ...t })),
    target.map((t) => ({ type: 'session/inspect', ...t })),
    fc.tuple(target, key).map(([t, sessionKey]) => ({ type: 'session/refresh', ...t, sessionKey })),
    fc.tuple(target, key).map(([t, sessionKey]) => ({ type: 'session/revoke', ...t, sessionKey, confirmed: true })),
    fc.constant({ type: 'settings/get' }),
    fc
      .record({
        orgUrl,
        customDomains: fc.array(fc.constantFrom(CUSTOM_ORIGIN, 'https://acme.okta.com', 'x', '', 'https://sso.example.com'), { maxLength: 3 }),
        remember: fc.boolean(),
        credential: fc.option(fc.record({ kind: fc.constantFrom('api-token', 'access-token'), token }), { nil: undefined }),
      })
      .map(({ credential, ...rest }) => ({ type: 'settings/save-org', ...rest, ...(credential ? { credential } : {}) })),
    fc.constantFrom(DEMO_ORIGIN, SECOND_ORIGIN, 'nope').map((origin) => ({ type: 'settings/remove-org', origin })),
    fc
      .tuple(target, fc.oneof(fc.constant(LIVE_SESSION_TOKEN), fc.string({ minLength: 1, maxLength: 40 })), fc.boolean())
      .map(([t, sessionToken, use]) => ({ type: 'session/create', ...t, sessionToken, use })),
    fc.constantFrom({ type: 'timeline/get' }, { type: 'timeline/clear' }, { type: 'timeline/pause', paused: true }, { type: 'timeline/pause', paused: false }),
  );
}

/**
 * What Okta (or something posing as it) may answer the next request with. `echo` repeats the secrets the
 * request carried: the credential, the session id, and a create's session token.
 */
type FaultPlan = 'none' | 'echo' | 'not-found' | 'malformed' | 'rate-limit' | 'drop';
const faultPlan: fc.Arbitrary<FaultPlan> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constantFrom('echo' as const, 'not-found' as const, 'malformed' as const, 'rate-limit' as const, 'drop' as const) },
);

function applyFault(plan: FaultPlan, s: Scene, message: unknown): void {
  const sent = message as { type?: unknown; sessionToken?: unknown } | null;
  // A create carries a session token in its body; the others carry the tab's session id in their path.
  const carried = sent?.type !== 'session/create' ? s.sessionId : typeof sent.sessionToken === 'string' ? sent.sessionToken : '';
  const path = '/api/v1/sessions';
  switch (plan) {
    case 'none':
      return;
    case 'echo':
      return mock.fault({
        kind: 'status',
        status: 400,
        path,
        body: { errorCode: 'E0000001', errorSummary: `Bad request: ${DEMO_API_TOKEN} ${carried}`, errorId: carried },
        headers: { 'X-Okta-Request-Id': DEMO_API_TOKEN },
      });
    case 'not-found':
      return mock.fault({ kind: 'status', status: 404, path });
    case 'malformed':
      return mock.fault({ kind: 'malformed', path });
    case 'rate-limit':
      return mock.fault({ kind: 'rate-limit', resetInSeconds: 600, path });
    case 'drop':
      return mock.fault({ kind: 'drop-mid-body', path });
  }
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; at: number }
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'extra'; key: string; value: unknown }
  | { kind: 'retype'; type: unknown }
  | { kind: 'nest'; at: number; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('extra' as const), key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString', 'sessionId', 'token')), value: anyValue }),
  fc.record({ kind: fc.constant('retype' as const), type: fc.oneof(fc.constantFrom<unknown>(...TYPES), anyValue) }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), value: anyValue }),
);

/** One field removed, replaced, added, or nested deeper; or the type swapped for another (or for junk). */
function mutate(message: Record<string, unknown>, m: Mutation): unknown {
  const out: Record<string, unknown> = { ...message };
  const keys = Object.keys(out);
  const keyAt = (at: number) => keys[at % keys.length] as string;
  switch (m.kind) {
    case 'none':
      return out;
    case 'drop':
      delete out[keyAt(m.at)];
      return out;
    case 'set':
      out[keyAt(m.at)] = m.value;
      return out;
    case 'extra':
      Object.defineProperty(out, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
      return out;
    case 'retype':
      out.type = m.type;
      return out;
    case 'nest': {
      const credential = out.credential;
      if (credential && typeof credential === 'object') {
        const inner: Record<string, unknown> = { ...(credential as Record<string, unknown>) };
        inner[m.at % 2 ? 'token' : 'kind'] = m.value;
        out.credential = inner;
      } else out[keyAt(m.at)] = [m.value];
      return out;
    }
  }
}

const ownSenders: SenderLike[] = [POPUP_SENDER, { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}/options.html` }];
const OTHER_ID = 'zyxwvutsrqponmlkjihgfedcbazyxwvu';
const sender: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...ownSenders),
  fc.record(
    {
      id: fc.oneof(fc.constantFrom<unknown>(EXTENSION_ID, OTHER_ID, '', EXTENSION_ID.toUpperCase(), `${EXTENSION_ID} `), anyValue),
      url: fc.oneof(
        fc.constantFrom<unknown>(
          `${EXTENSION_ORIGIN}/popup.html`,
          `${EXTENSION_ORIGIN}x/popup.html`,
          EXTENSION_ORIGIN,
          `chrome-extension://${OTHER_ID}/popup.html`,
          `${DEMO_ORIGIN}/app/UserHome`,
          `https://evil.example/${EXTENSION_ORIGIN}/popup.html`,
          `moz-extension://${EXTENSION_ID}/popup.html`,
          `CHROME-EXTENSION://${EXTENSION_ID}/popup.html`,
          ` ${EXTENSION_ORIGIN}/popup.html`,
          'about:blank',
        ),
        fc.webUrl(),
        anyValue,
      ),
      tab: anyValue,
      origin: fc.constantFrom(EXTENSION_ORIGIN, DEMO_ORIGIN, 'null'),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

// ---- Checks ----------------------------------------------------------------------------------------------

/** DESIGN.md: the sender is this extension (its id) and one of its pages (a URL under its origin). */
function isExactlyOurs(from: unknown): boolean {
  if (typeof from !== 'object' || from === null) return false;
  const { id, url } = from as { id?: unknown; url?: unknown };
  return id === EXTENSION_ID && typeof url === 'string' && url.startsWith(`${EXTENSION_ORIGIN}/`);
}

const scheme = (kind: unknown) => (kind === 'access-token' ? 'Bearer' : 'SSWS');

/**
 * Sends one message and checks the reply against the protocol. `auth` is which Authorization header each host
 * may receive (the org's current credential); it is updated when a save or a removal succeeds.
 */
async function sendAndCheck(s: Scene, message: unknown, from: unknown, auth: Map<string, string>): Promise<Reply> {
  const before = mock.log.length;
  const sessions = mock.org(DEMO_ORG_HOST).sessions;
  const sessionsBefore = sessions.size;
  const reply = await handleMessage(s.w.deps, message, from as SenderLike);
  const sent: RequestLogEntry[] = mock.log.slice(before);
  const text = JSON.stringify(reply);

  const own = isExactlyOurs(from);
  const parsed = parseRequest(message);
  if (!own) {
    // A stranger learns nothing and causes nothing, whatever it sends.
    expect(reply).toEqual({ ok: false, error: { kind: 'bad_sender', message: expect.any(String) } });
    expect(sent).toEqual([]);
    return reply;
  }
  if (!parsed.success) {
    expect(reply).toEqual({ ok: false, error: { kind: 'bad_request', message: expect.any(String) } });
    expect(sent).toEqual([]);
    return reply;
  }
  const type = parsed.data.type;
  const schema = replySchemas()[type];
  const check = schema.safeParse(reply);
  expect(check.success, `${type} reply ${text.slice(0, 300)}`).toBe(true);
  if (!reply.ok) expect(errorInfoSchema().safeParse(reply.error).success).toBe(true);

  // Secrets stay in the worker: the credential, session tokens, session ids (those created just now too) and
  // whatever cookie values the browser now holds (session/create may have set one).
  const created = [...sessions.keys()].slice(sessionsBefore);
  const jar = await Promise.all(
    [DEMO_ORG_HOST, SECOND_ORG_HOST, new URL(CUSTOM_ORIGIN).hostname].flatMap((host) =>
      ['sid', 'idx'].map((name) => s.w.cookies.get({ url: `https://${host}/`, name }).then((c) => c?.value)),
    ),
  );
  // The one value an impostor cannot echo is a token no request of this step carried: a /me call (no credential)
  // to an org that is not the token's. Any other reply must keep the token out, echoed or not.
  const tokenUnsent = sent.length > 0 && !sent.some((e) => e.authorization?.includes(DEMO_API_TOKEN));
  const secrets = [...(tokenUnsent ? [] : [DEMO_API_TOKEN]), s.sessionId, s.cookieValue, s.sessionToken, ...created, ...jar];
  if (parsed.data.type === 'settings/save-org' && parsed.data.credential) secrets.push(parsed.data.credential.token.trim());
  if (parsed.data.type === 'session/create') secrets.push(parsed.data.sessionToken.trim());
  for (const secret of secrets) if (secret && secret.length >= 12) expect(text, type).not.toContain(secret);

  // Settings and timeline messages never reach Okta; session messages make at most one call (429s far off are
  // not retried), on the sessions collection, with the credential of the host they reach.
  // The one exception: a session read with the browser's cookie (/me, no credential at all), alone or as the
  // second opinion after a 404 for an idx-derived id.
  if (type.startsWith('settings/') || type.startsWith('timeline/')) expect(sent).toEqual([]);
  const isMe = (e: { path: string }) => /^\/api\/v1\/sessions\/me(\/lifecycle\/refresh)?$/.test(e.path);
  expect(sent.filter((e) => !isMe(e)).length).toBeLessThanOrEqual(1);
  expect(sent.length).toBeLessThanOrEqual(2);
  for (const entry of sent) {
    if (isMe(entry)) {
      expect(entry.authorization).toBeUndefined();
      continue;
    }
    if (type === 'session/create') expect([entry.method, entry.path]).toEqual(['POST', '/api/v1/sessions']);
    else expect(entry.path).toMatch(/^\/api\/v1\/sessions\/[A-Za-z0-9_-]{16,64}(\/lifecycle\/refresh)?$/);
    expect(entry.authorization).toBe(auth.get(entry.host));
  }

  if (reply.ok && type === 'settings/save-org' && 'org' in reply) {
    const host = new URL(reply.org.origin).hostname;
    const credential = parsed.data.type === 'settings/save-org' ? parsed.data.credential : undefined;
    if (credential) auth.set(host, `${scheme(credential.kind)} ${credential.token.trim()}`);
  }
  if (reply.ok && type === 'settings/remove-org' && 'orgs' in reply) {
    for (const host of [...auth.keys()]) if (!reply.orgs.some((o) => new URL(o.origin).hostname === host)) auth.delete(host);
  }
  return reply;
}

function initialAuth(): Map<string, string> {
  return new Map([[DEMO_ORG_HOST, `SSWS ${DEMO_API_TOKEN}`]]);
}

// ---- Properties ------------------------------------------------------------------------------------------

describe('the router under fuzzed messages', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await scene();
  });

  it('answers any value at all with a typed failure, and makes no request', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, async (message) => {
        await sendAndCheck(s, message, POPUP_SENDER, initialAuth());
      }),
      { numRuns: 2000 },
    );
  });

  it('answers objects that look like requests (any type, any fields) the same way', async () => {
    const lookAlike = fc.dictionary(fc.constantFrom('type', 'tabId', 'org', 'sessionKey', 'confirmed', 'orgUrl', 'customDomains', 'credential', 'remember', 'origin'), anyValue);
    await fc.assert(
      fc.asyncProperty(lookAlike, fc.constantFrom(...TYPES), async (message, type) => {
        await sendAndCheck(s, { ...message, type }, POPUP_SENDER, initialAuth());
      }),
      { numRuns: 1500 },
    );
  });
});

describe('near-valid message sequences against a live session', () => {
  it('every reply parses with the protocol, secrets stay out, invalid ones cause nothing', async () => {
    const counts = { valid: 0, invalid: 0, requests: 0 };
    const succeeded = new Set<string>();
    const steps = fc.array(fc.tuple(wellFormed(), mutation, faultPlan), { minLength: 1, maxLength: 4 });
    // A fresh scene per run: messages change settings and revoke sessions.
    await fc.assert(
      fc.asyncProperty(steps, async (steps) => {
        const sc = await scene();
        const auth = initialAuth();
        for (const [wellFormedMessage, m, plan] of steps) {
          const message = live(mutate(wellFormedMessage, m), sc);
          mock.clearFaults();
          applyFault(plan, sc, message);
          const before = mock.log.length;
          const reply = await sendAndCheck(sc, message, POPUP_SENDER, auth);
          if (reply?.ok) succeeded.add((message as { type: string }).type);
          if (parseRequest(message).success) counts.valid++;
          else counts.invalid++;
          counts.requests += mock.log.length - before;
        }
      }),
      { numRuns: 1000 },
    );
    mock.clearFaults();
    // Both sides of the oracle were exercised, and valid messages really reached Okta.
    expect(counts.valid).toBeGreaterThan(300);
    expect(counts.invalid).toBeGreaterThan(100);
    expect(counts.requests).toBeGreaterThan(100);
    expect([...succeeded].sort()).toEqual([...TYPES.filter((t) => !t.startsWith('oauth/'))].sort());
  });
});

describe('senders', () => {
  it('only the extension’s own pages are answered; anyone else causes nothing', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(sender, wellFormed(), async (from, message) => {
        const sc = await scene();
        const before = mock.log.length;
        await sendAndCheck(sc, live(message, sc), from, initialAuth());
        if (isExactlyOurs(from)) answered++;
        else expect(mock.log.length).toBe(before);
      }),
      { numRuns: 1000 },
    );
    expect(answered).toBeGreaterThan(50);
  });

  it('a sender object that imitates ours field by field is still refused unless it is exact', async () => {
    const imitation = fc.record({
      id: fc.constantFrom<unknown>(EXTENSION_ID, `${EXTENSION_ID}\u0000`, EXTENSION_ID.slice(1), OTHER_ID),
      url: fc.constantFrom<unknown>(
        `${EXTENSION_ORIGIN}/popup.html?tab=1`,
        `${EXTENSION_ORIGIN}x/popup.html`,
        `${EXTENSION_ORIGIN}.evil.net/popup.html`,
        `${EXTENSION_ORIGIN}@evil.net/popup.html`,
        `chrome-extension://${OTHER_ID}/popup.html`,
        `https://${EXTENSION_ID}/popup.html`,
      ),
    });
    await fc.assert(
      fc.asyncProperty(imitation, async (from) => {
        const sc = await scene();
        const reply = await handleMessage(sc.w.deps, { type: 'session/inspect', tabId: sc.tabs[0] }, from as SenderLike);
        if (isExactlyOurs(from)) expect(reply).toMatchObject({ ok: true, view: { state: 'session' } });
        else expect(reply).toMatchObject({ ok: false, error: { kind: 'bad_sender' } });
      }),
      { numRuns: 200 },
    );
  });
});
