// A withdrawn host permission, as Firefox plays it (about:addons, Permissions): the browser hides the Okta tab's
// URL and reports no cookies. The worker must name that cause, not answer "Not an Okta page" or "No session".
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../../test/mock-org/demo';
import { OKTA_DOMAINS } from '../okta/org';
import type { PermissionChecker } from './deps';
import { OKTA_HOST_PATTERNS } from './host-access';
import { createWorld, useMockOrg, type World } from './test-fakes';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;
const CUSTOM_HOST = 'login.example-corp.test';

/** `permissions.contains` over a set of granted match patterns (`https://*.okta.com/*` covers its subdomains). */
class Permissions implements PermissionChecker {
  readonly granted = new Set<string>(OKTA_HOST_PATTERNS);
  readonly asked: string[][] = [];
  failWith: Error | undefined;
  async contains({ origins }: { origins: string[] }): Promise<boolean> {
    this.asked.push([...origins]);
    if (this.failWith) throw this.failWith;
    return origins.every((o) => [...this.granted].some((g) => covers(g, o)));
  }
}

function covers(granted: string, asked: string): boolean {
  if (granted === asked) return true;
  const wild = /^https:\/\/\*\.([^/]+)\/\*$/.exec(granted);
  const host = /^https:\/\/([^/]+)\/\*$/.exec(asked)?.[1];
  return !!wild && !!host && (host === wild[1] || host.endsWith(`.${wild[1]}`));
}

const okta = useMockOrg();

let w: World;
let permissions: Permissions;
beforeEach(async () => {
  okta.mock.log.length = 0;
  w = createWorld({ fetch: okta.fetch });
  permissions = new Permissions();
  w.deps.permissions = permissions;
  const saved = await w.send({
    type: 'settings/save-org',
    orgUrl: DEMO_ORIGIN,
    customDomains: [`https://${CUSTOM_HOST}`],
    remember: false,
    credential: { kind: 'api-token', token: DEMO_API_TOKEN },
  });
  expect(saved).toMatchObject({ ok: true });
});

/** What a signed-in Okta tab looks like to the worker with and without its host permission. */
function signedInTab(access: boolean): number {
  const org = okta.mock.org(DEMO_ORG_HOST);
  const cookie = org.sessionCookie(org.createSession(DEMO_USER.login).id);
  if (access) w.cookies.set(DEMO_ORG_HOST, cookie.name, cookie.value);
  else permissions.granted.delete('https://*.okta.com/*');
  return w.tabs.open(access ? `${DEMO_ORIGIN}/app/UserHome` : undefined);
}

describe('a withdrawn host permission', () => {
  it('makes an Okta tab whose URL the browser hides a permission problem, not "Not an Okta page"', async () => {
    const tabId = signedInTab(false);
    const reply = await w.send({ type: 'session/inspect', tabId });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'permission' } });
    const message = reply.ok ? '' : reply.error.message;
    expect(message).toContain('not letting the inspector read Okta sites (the permission was withdrawn)');
    expect(message).toContain('Grant access');
    // It asked about the manifest's Okta patterns, every one of them.
    expect(permissions.asked).toContainEqual(OKTA_DOMAINS.map((d) => `https://*.${d}/*`));
    // Nothing reached Okta, and the cached view has nothing to offer either.
    expect(okta.mock.log).toEqual([]);
    expect(await w.send({ type: 'session/cached', tabId })).toMatchObject({ ok: false, error: { kind: 'permission' } });
  });

  it('still says "not an Okta page" for a hidden URL while the Okta sites are granted', async () => {
    expect(await w.send({ type: 'session/inspect', tabId: w.tabs.open(undefined) })).toMatchObject({ ok: true, view: { state: 'not-okta' } });
    // A browser that cannot answer is taken at its word, as before the check existed.
    permissions.failWith = new Error('permissions API unavailable');
    expect(await w.send({ type: 'session/inspect', tabId: w.tabs.open(undefined) })).toMatchObject({ ok: true, view: { state: 'not-okta' } });
  });

  it('makes an org picked from the list a permission problem when its cookies cannot be read, not "No session"', async () => {
    signedInTab(false);
    const reply = await w.send({ type: 'session/inspect', org: DEMO_ORIGIN });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'permission', org: { origin: DEMO_ORIGIN } } });
    expect(reply.ok ? '' : reply.error.message).toContain(`read ${DEMO_ORG_HOST} (the permission was withdrawn)`);
    expect(permissions.asked).toContainEqual([`https://${DEMO_ORG_HOST}/*`]);
    expect(okta.mock.log).toEqual([]);
  });

  it('names a withdrawn custom domain, and refresh reports it rather than a changed session', async () => {
    w.cookies.set(DEMO_ORG_HOST, 'sid', 'unused');
    const tabId = w.tabs.open(`https://${CUSTOM_HOST}/app/UserHome`);
    const reply = await w.send({ type: 'session/refresh', tabId, sessionKey: 'k'.repeat(43) });
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'permission', org: { origin: DEMO_ORIGIN, via: `https://${CUSTOM_HOST}` } },
    });
    expect(reply.ok ? '' : reply.error.message).toContain(`read ${CUSTOM_HOST} (the permission was withdrawn)`);
    expect(okta.mock.log).toEqual([]);
  });

  it('answers "No session" when the site is granted and simply has no cookie', async () => {
    expect(await w.send({ type: 'session/inspect', org: DEMO_ORIGIN })).toMatchObject({ ok: true, view: { state: 'no-cookie' } });
  });

  it('shows the session again once access is granted back', async () => {
    expect(await w.send({ type: 'session/inspect', tabId: signedInTab(false) })).toMatchObject({ ok: false, error: { kind: 'permission' } });
    permissions.granted.add('https://*.okta.com/*');
    // Granted again, the browser shows the tab's URL and its cookies.
    const reply = await w.send({ type: 'session/inspect', tabId: signedInTab(true) });
    expect(reply).toMatchObject({ ok: true, view: { state: 'session', session: { login: DEMO_USER.login } } });
  });
});
