// Hostile org URLs and custom domains, fuzzed. The org origin decides where a credential goes, so: whatever is
// typed, the accepted origin's host is the one a browser would visit for it (no userinfo, backslash, encoded
// slash or look-alike can move it), every request the client makes goes to that host, and a tab reaches a
// configured org's credential only from the org's own host (or its -admin host) or an exact custom domain.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionsClient } from '../../src/okta/client';
import { OktaError } from '../../src/okta/errors';
import { isLoopbackHost, isOktaHost, normalizeOrgUrl, oktaOrgOriginForHost, type OrgUrl } from '../../src/okta/org';
import { handleMessage } from '../../src/background/router';
import { createWorld, POPUP_SENDER } from '../../src/background/test-fakes';
import { parseRequest, replySchemas } from '../../src/shared/protocol';
import { startMockOrg, type MockOrg } from '../mock-org/server';
import { anyHostFetch, browserHostname, hostileUrl } from './fuzz-support';

const TOKEN = '00FuzzApiToken_notASecret_0123456789abcdef';
const SESSION_ID = '102FuzzSessionId0123456789';

let mock: MockOrg;
let fetchAny: typeof fetch;
beforeAll(async () => {
  mock = await startMockOrg();
  fetchAny = anyHostFetch(mock.port);
});
afterAll(() => mock.close());

function tryNormalize(input: string): OrgUrl | OktaError {
  try {
    return normalizeOrgUrl(input);
  } catch (error) {
    expect(error).toBeInstanceOf(OktaError);
    expect((error as OktaError).kind).toBe('invalid_input');
    return error as OktaError;
  }
}

/** The hostname an accepted origin must have for `input`: the browser's, less a trailing dot, -admin mapped. */
function expectedHostname(input: string): string | undefined {
  const host = browserHostname(input);
  if (host === undefined) return undefined;
  const bare = host.endsWith('.') ? host.slice(0, -1) : host;
  const okta = oktaOrgOriginForHost(bare);
  return okta ? new URL(okta).hostname : bare;
}

describe('normalizeOrgUrl against hostile input', () => {
  it('accepts only an origin whose host is the one a browser would visit for the input', () => {
    fc.assert(
      fc.property(hostileUrl(), (input) => {
        const org = tryNormalize(input);
        if (org instanceof OktaError) return;
        const url = new URL(org.origin);
        expect(org.origin).toBe(`${url.protocol}//${url.host}`);
        expect(org.host).toBe(url.host);
        expect(url.username + url.password).toBe('');
        expect(org.origin).not.toMatch(/[@\\%\s]/);
        expect(url.hostname).toBe(expectedHostname(input));
        expect(org.kind).toBe(isOktaHost(url.hostname) ? 'okta' : 'custom');
        if (url.protocol === 'http:') expect(isLoopbackHost(url.hostname)).toBe(true);
        else expect(url.protocol).toBe('https:');
        // A fixed point: the stored origin means the same thing when read back.
        expect(normalizeOrgUrl(org.origin)).toEqual(org);
      }),
      { numRuns: 3000 },
    );
  });

  it('never takes a look-alike for the Okta org it imitates', () => {
    const lookAlikes = fc
      .tuple(
        fc.constantFrom('', 'https://', 'HTTPS://'),
        fc.constantFrom('acme.okta.com', 'acme-admin.okta.com'),
        fc.constantFrom('.evil.net', '-evil.net', 'x', '.', '%2eevil.net', '\uff0eevil.net', '.co', '@evil.net', '\\.evil.net'),
        fc.constantFrom('', '/', '/admin', ':8443'),
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(lookAlikes, (input) => {
        const org = tryNormalize(input);
        if (org instanceof OktaError) return;
        // `acme.okta.com.` is acme.okta.com (a trailing dot is the same DNS name); anything longer is not.
        const browserHost = browserHostname(input)?.replace(/\.$/, '');
        const sameOrg = browserHost === 'acme.okta.com' || browserHost === 'acme-admin.okta.com';
        expect(new URL(org.origin).hostname === 'acme.okta.com').toBe(sameOrg);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the client sends to the normalised origin and nowhere else', () => {
  it('every request for an accepted origin carries that origin’s host', async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(hostileUrl(), async (input) => {
        const org = tryNormalize(input);
        if (org instanceof OktaError) return;
        const client = createSessionsClient({
          origin: org.origin,
          credential: { scheme: 'SSWS', token: TOKEN },
          fetch: fetchAny,
          timeoutMs: 5_000,
          maxRetries: 0,
        });
        const before = mock.log.length;
        // Unknown hosts answer 404 text, known ones 404 E0000007: either way a typed failure, after one request.
        await client.getSession(SESSION_ID).then(
          () => undefined,
          (error: unknown) => expect(error).toBeInstanceOf(OktaError),
        );
        const sent = mock.log.slice(before);
        expect(sent).toHaveLength(1);
        requests++;
        expect(sent[0]).toMatchObject({
          host: new URL(org.origin).hostname,
          path: `/api/v1/sessions/${SESSION_ID}`,
          authorization: `SSWS ${TOKEN}`,
        });
      }),
      { numRuns: 400 },
    );
    expect(requests, 'enough accepted origins to mean something').toBeGreaterThan(100);
  });
});

describe('custom domains as saved', () => {
  it('are stored only as normalised non-Okta origins, each the host a browser would visit for what was typed', async () => {
    let saved = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('https://acme.okta.com', 'https://login.example-corp.test'), fc.array(hostileUrl(), { maxLength: 4 }), async (orgUrl, inputs) => {
        const w = createWorld({ fetch: fetchAny });
        const reply = await w.send({ type: 'settings/save-org', orgUrl, customDomains: inputs, remember: false });
        expect(replySchemas()['settings/save-org'].safeParse(reply).success).toBe(true);
        if (!reply.ok || !('org' in reply)) {
          expect(reply).toMatchObject({ ok: false, error: { kind: expect.stringMatching(/^(invalid_input|bad_request)$/) } });
          return;
        }
        const expected = new Set(inputs.map(expectedHostname));
        for (const domain of reply.org.customDomains) {
          saved++;
          const org = normalizeOrgUrl(domain);
          expect(org.origin).toBe(domain);
          expect(org.kind).toBe('custom');
          expect(domain).not.toBe(reply.org.origin);
          expect(expected.has(new URL(domain).hostname), `${domain} from ${JSON.stringify(inputs)}`).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
    expect(saved).toBeGreaterThan(100);
  });
});

// ---- Tab -> org -------------------------------------------------------------------------------------------

const ORG_POOL = [
  'https://acme.okta.com',
  'https://dev-123456.okta.com',
  'https://acme.oktapreview.com',
  'https://login.example-corp.test',
  'https://sso.example.com:8443',
  'http://127.0.0.1:8443',
];
const CUSTOM_POOL = [
  'https://login.example-corp.test',
  'https://login.example-corp.test:8443',
  'https://acme.okta.com.evil.net',
  'https://acme-okta.com',
  'https://sso.example.com',
  'https://xn--80ak6aa92e.com',
  'https://id.example.org',
];
const TAB_HOSTS = [
  'acme.okta.com',
  'acme-admin.okta.com',
  'ACME.okta.com.',
  'acme.okta.com.evil.net',
  'acme-okta.com',
  'dev-123456.okta.com',
  'dev-123456-admin.okta.com',
  'acme.oktapreview.com',
  'login.example-corp.test',
  'login.example-corp.test.',
  'LOGIN.example-corp.test',
  'sso.example.com',
  'xn--80ak6aa92e.com',
  '\u0430cme.okta.com',
  'id.example.org',
  'evil.net',
  '127.0.0.1',
  'localhost',
];
const plainOr = (plain: string, ...tricks: string[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(plain) }, { weight: 1, arbitrary: fc.constantFrom(...tricks) });
const PLAIN_TAB_URL = fc
  .tuple(
    plainOr('https://', 'http://'),
    plainOr('', 'user:pw@', 'acme.okta.com@'),
    fc.constantFrom(...TAB_HOSTS),
    plainOr('', ':443', ':8443', ':80'),
    fc.constantFrom('/', '/app/UserHome', '/%2F..', '?next=https://acme.okta.com/'),
  )
  .map((p) => p.join(''));
const TAB_URL = fc.oneof({ weight: 3, arbitrary: PLAIN_TAB_URL }, { weight: 1, arbitrary: hostileUrl(TAB_HOSTS) });

interface OrgPlan {
  orgUrl: string;
  customDomains: string[];
}
const ORG_PLANS = fc.uniqueArray(
  fc.record({ orgUrl: fc.constantFrom(...ORG_POOL), customDomains: fc.subarray(CUSTOM_POOL, { maxLength: 3 }) }),
  { minLength: 1, maxLength: 4, selector: (p: OrgPlan) => p.orgUrl },
);

/** Hostname equality that ignores only what names the same DNS host: case and one trailing dot. */
const sameHost = (a: string, b: string) => a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');

describe('a tab reaches an org’s credential only from that org’s own host or an exact custom domain', () => {
  it('holds for any set of configured orgs, custom domains and tab URLs, through the worker', async () => {
    const routes = { oktaHost: 0, ownOrigin: 0, customDomain: 0 };
    await fc.assert(
      fc.asyncProperty(ORG_PLANS, TAB_URL, async (plans, tabUrl) => {
        const w = createWorld({ fetch: fetchAny });
        const tokenOf = new Map<string, string>(); // origin -> token, for orgs the worker accepted
        for (const [i, plan] of plans.entries()) {
          const token = `00FuzzOrgToken${i}_notASecret_${'x'.repeat(20)}`;
          const reply = await w.send({ type: 'settings/save-org', ...plan, remember: false, credential: { kind: 'api-token', token } });
          if (reply.ok && 'org' in reply) tokenOf.set(reply.org.origin, token);
        }
        const settings = await w.send({ type: 'settings/get' });
        if (!settings.ok || !('orgs' in settings)) throw new Error('settings/get failed');
        // Every host the tab could name holds a session cookie, so only the routing decides what happens.
        for (const host of [...TAB_HOSTS, ...CUSTOM_POOL.map((o) => new URL(o).hostname), ...ORG_POOL.map((o) => new URL(o).hostname)]) {
          let hostname: string;
          try {
            hostname = new URL(`https://${host}`).hostname;
          } catch {
            continue;
          }
          w.cookies.set(hostname, 'sid', SESSION_ID);
        }
        const tabId = w.tabs.open(tabUrl);
        const before = mock.log.length;
        const reply = await handleMessage(w.deps, { type: 'session/inspect', tabId }, POPUP_SENDER);
        expect(replySchemas()['session/inspect'].safeParse(reply).success).toBe(true);
        const sent = mock.log.slice(before).filter((e) => e.authorization);
        expect(sent.length).toBeLessThanOrEqual(1);
        if (sent.length === 0) return;

        const entry = sent[0]!;
        const [origin] = [...tokenOf].find(([, token]) => entry.authorization === `SSWS ${token}`) ?? [];
        expect(origin, 'the request carried a token of a configured org').toBeDefined();
        const org = settings.orgs.find((o) => o.origin === origin)!;
        const orgUrl = new URL(org.origin);
        // The credential went to its own org's host...
        expect(entry.host).toBe(orgUrl.hostname);
        // ...and only because the tab is on that org: its own origin, its Okta (or -admin) host, or an exact
        // configured custom domain.
        const tab = new URL(tabUrl);
        const adminHost = orgUrl.hostname.replace(/^([^.]+)\./, '$1-admin.');
        const fromOktaHost =
          tab.protocol === 'https:' && isOktaHost(orgUrl.hostname) && (sameHost(tab.hostname, orgUrl.hostname) || sameHost(tab.hostname, adminHost));
        const fromOwnOrigin = tab.origin === org.origin;
        const fromCustomDomain = org.customDomains.includes(tab.origin);
        expect(fromOktaHost || fromOwnOrigin || fromCustomDomain, `tab ${tabUrl} -> ${org.origin}`).toBe(true);
        if (fromOktaHost) routes.oktaHost++;
        else if (fromOwnOrigin) routes.ownOrigin++;
        else routes.customDomain++;
        const view = reply.ok && 'view' in reply ? reply.view : null;
        if (view && view.state !== 'not-okta') expect(view.org.origin).toBe(org.origin);
      }),
      { numRuns: 800 },
    );
    // Every way a tab can reach a credential was exercised, not just refusals.
    expect(routes.oktaHost).toBeGreaterThan(10);
    expect(routes.ownOrigin).toBeGreaterThan(0);
    expect(routes.customDomain).toBeGreaterThan(0);
  });

  it('refuses an org target that is not exactly a configured org, whatever it looks like', async () => {
    let reached = 0;
    const w = createWorld({ fetch: fetchAny });
    await w.send({ type: 'settings/save-org', orgUrl: 'https://acme.okta.com', customDomains: ['https://login.example-corp.test'], remember: false, credential: { kind: 'api-token', token: TOKEN } });
    w.cookies.set('acme.okta.com', 'sid', SESSION_ID);
    await fc.assert(
      fc.asyncProperty(hostileUrl(), async (org) => {
        const before = mock.log.length;
        const message = { type: 'session/inspect', org };
        const reply = await handleMessage(w.deps, message, POPUP_SENDER);
        const sent = mock.log.slice(before);
        if (!parseRequest(message).success) {
          expect(reply).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
          expect(sent).toEqual([]);
          return;
        }
        // Only what normalises to the configured origin names it, and then the request goes there.
        const normalised = tryNormalize(org);
        if (!(normalised instanceof OktaError) && normalised.origin === 'https://acme.okta.com') {
          expect(sent.length).toBe(1);
          expect(sent[0]).toMatchObject({ host: 'acme.okta.com', authorization: `SSWS ${TOKEN}` });
          reached++;
        } else {
          expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
          expect(sent).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
    expect(reached).toBeGreaterThan(20);
  });
});
