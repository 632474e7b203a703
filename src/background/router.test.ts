// The router: who may ask, what may be asked, and that every outcome is a typed reply without a secret.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../../test/mock-org/demo';
import { sessionIdHint, sessionKey } from '../okta/session-id';
import { handleMessage, isOwnPage, type SenderLike } from './router';
import { createWorld, EXTENSION_ID, EXTENSION_ORIGIN, useMockOrg, type World } from './test-fakes';

const DEMO_ORIGIN = `https://${DEMO_ORG_HOST}`;

const okta = useMockOrg();

/** A world in which a valid inspect message WOULD reach the org: the refusals below are the router's doing. */
let w: World;
let tabId: number;
let sessionId: string;
/** What the popup holds of the session: its key, never its id. */
let key: string;
beforeEach(async () => {
  w = createWorld({ fetch: okta.fetch });
  expect(
    await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false, credential: { kind: 'api-token', token: DEMO_API_TOKEN } }),
  ).toMatchObject({ ok: true });
  const session = okta.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
  sessionId = session.id;
  key = await sessionKey(session.id);
  w.cookies.set(DEMO_ORG_HOST, 'sid', session.id);
  tabId = w.tabs.open(`${DEMO_ORIGIN}/app/UserHome`);
  okta.mock.log.length = 0;
});

describe('sender check', () => {
  const badSenders: [string, SenderLike | undefined][] = [
    ['no sender', undefined],
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: `chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/popup.html` }],
    ['a content script on a web page (our id, page URL)', { id: EXTENSION_ID, url: `${DEMO_ORIGIN}/app/UserHome` }],
    ['no URL', { id: EXTENSION_ID }],
    ['no id', { url: `${EXTENSION_ORIGIN}/popup.html` }],
    ['an origin that merely starts like ours', { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}x/popup.html` }],
    ['a web page naming our origin in its path', { id: EXTENSION_ID, url: `https://evil.example/${EXTENSION_ORIGIN}/popup.html` }],
  ];

  it.each(badSenders)('refuses %s with bad_sender and makes no request', async (_name, sender) => {
    const reply = await handleMessage(w.deps, { type: 'session/inspect', tabId }, sender);
    expect(reply).toEqual({ ok: false, error: { kind: 'bad_sender', message: expect.any(String) } });
    const revoke = await handleMessage(w.deps, { type: 'session/revoke', tabId, sessionKey: key, confirmed: true }, sender);
    expect(revoke).toMatchObject({ ok: false, error: { kind: 'bad_sender' } });
    expect(okta.mock.log).toEqual([]);
    expect(okta.mock.org(DEMO_ORG_HOST).sessions.has(sessionId)).toBe(true);
  });

  it("answers the extension's own pages, popup and options alike (the control for the refusals above)", async () => {
    for (const url of [`${EXTENSION_ORIGIN}/popup.html?tab=3`, `${EXTENSION_ORIGIN}/options.html`]) {
      const reply = await handleMessage(w.deps, { type: 'session/inspect', tabId }, { id: EXTENSION_ID, url });
      expect(reply).toMatchObject({ ok: true, view: { state: 'session', session: { key, idHint: sessionIdHint(sessionId) } } });
    }
    expect(okta.mock.log).toHaveLength(2);
  });

  it('refuses everyone when the worker does not know its own id or origin', () => {
    expect(isOwnPage({ runtimeId: '', extensionOrigin: '' }, { id: '', url: '/popup.html' })).toBe(false);
  });
});

describe('request validation', () => {
  const malformed: [string, unknown][] = [
    ['null', null],
    ['a string', 'session/inspect'],
    ['an unknown type', { type: 'session/steal', tabId: 1 }],
    ['a tab id that is not a number', { type: 'session/inspect', tabId: '1' }],
    ['a negative tab id', { type: 'session/inspect', tabId: -1 }],
    ['a revoke without confirmation', { type: 'session/revoke', tabId: 1, sessionKey: 'x'.repeat(16) }],
    ['a revoke with confirmed: false', { type: 'session/revoke', tabId: 1, sessionKey: 'x'.repeat(16), confirmed: false }],
    ['a refresh without a session key', { type: 'session/refresh', tabId: 1 }],
    ['a refresh naming the session by an over-long key', { type: 'session/refresh', tabId: 1, sessionKey: 'x'.repeat(65) }],
    ['a save with an empty token', { type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: [], remember: false, credential: { kind: 'api-token', token: '' } }],
  ];

  it.each(malformed)('refuses %s with bad_request and makes no request', async (_name, message) => {
    const reply = await w.send(message);
    expect(reply).toEqual({ ok: false, error: { kind: 'bad_request', message: expect.any(String) } });
    expect(okta.mock.log).toEqual([]);
  });

  it('refuses a session request naming both a tab and an org, or neither', async () => {
    expect(await w.send({ type: 'session/inspect', tabId, org: DEMO_ORIGIN })).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(await w.send({ type: 'session/revoke', sessionKey: key, confirmed: true })).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(okta.mock.log).toEqual([]);
    expect(okta.mock.org(DEMO_ORG_HOST).sessions.has(sessionId)).toBe(true);
  });

  it('does not echo a malformed message back, so a token in it stays out of the reply', async () => {
    const reply = await w.send({ type: 'settings/save-org', orgUrl: DEMO_ORIGIN, customDomains: 'nope', remember: false, credential: { kind: 'api-token', token: DEMO_API_TOKEN } });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(JSON.stringify(reply)).not.toContain(DEMO_API_TOKEN);
  });
});

describe('failures', () => {
  it('turns an unexpected exception into a generic internal failure that quotes nothing of it', async () => {
    const broken = {
      ...w.deps,
      tabs: {
        get: async () => {
          throw new Error(`tabs exploded near ${DEMO_API_TOKEN}`);
        },
      },
      storageLocal: {
        ...w.deps.storageLocal,
        get: async () => {
          throw new TypeError(`storage exploded: ${DEMO_API_TOKEN}`);
        },
      },
    };
    const reply = await handleMessage(broken, { type: 'settings/get' }, { id: EXTENSION_ID, url: `${EXTENSION_ORIGIN}/options.html` });
    expect(reply).toEqual({ ok: false, error: { kind: 'internal', message: expect.any(String) } });
    expect(JSON.stringify(reply)).not.toContain(DEMO_API_TOKEN);
    expect(JSON.stringify(reply)).not.toContain('exploded');
  });

  it("no reply to any request carries the credential or the cookie value", async () => {
    const replies = [
      await w.send({ type: 'session/cached', tabId }),
      await w.send({ type: 'session/inspect', tabId }),
      await w.send({ type: 'session/cached', tabId }),
      await w.send({ type: 'session/refresh', tabId, sessionKey: key }),
      await w.send({ type: 'settings/get' }),
      await w.send({ type: 'session/revoke', tabId, sessionKey: key, confirmed: true }),
      await w.send({ type: 'session/inspect', tabId }),
      await w.send({ type: 'settings/remove-org', origin: DEMO_ORIGIN }),
    ];
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(okta.mock.org(DEMO_ORG_HOST).sessions.has(sessionId)).toBe(false); // the revoke did reach Okta
    for (const reply of replies) {
      expect(JSON.stringify(reply)).not.toContain(DEMO_API_TOKEN);
      // The sid cookie's value is the session id.
      expect(JSON.stringify(reply)).not.toContain(sessionId);
    }
  });
});
