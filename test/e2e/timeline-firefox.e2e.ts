// The timeline and Create session in headless Firefox ESR: its webRequest and cookies.onChanged feed the same
// recorder, and its cookies.set accepts the sid cookie the worker writes to adopt a created session.
import { describe, expect, it } from 'vitest';
import { sessionIdHint } from '../../src/okta/session-id';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import { launchFirefox, type FirefoxDriver } from './firefox';
import { askUntil, configureOrg, DEMO_ORIGIN, latestSession, signIn, useWorld } from './scenarios';

describe('Firefox: session timeline', () => {
  const world = useWorld((mock) => launchFirefox({ mockPort: mock.port, mockCert: mock.cert }));

  it('records sign-in and the session start, and adopts a session created from a session token', async () => {
    const { mock } = world;
    const driver = world.driver as FirefoxDriver;
    await configureOrg(driver, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver);
    const first = latestSession(mock)!;

    const popup = await driver.openPopup({ tabId });
    await popup.waitForText(DEMO_USER.login);
    // Events reach the timeline as the browser reports them: ask until the sign-in's are in.
    const timeline = await askUntil(() => driver.message({ type: 'timeline/get' }), (t) => JSON.stringify(t).includes('"change":"set"'));
    expect(JSON.stringify(timeline)).toContain('"path":"/login/login.htm"');
    expect(timeline.timeline.events).toContainEqual(
      expect.objectContaining({ kind: 'cookie', cookie: 'sid', change: 'set', session: expect.objectContaining({ hint: sessionIdHint(first.id) }) }),
    );

    const sessionToken = mock.org(DEMO_ORG_HOST).issueSessionToken(DEMO_USER.login);
    const created = await driver.message({ type: 'session/create', tabId, sessionToken, use: true });
    expect(created).toMatchObject({ ok: true, view: { state: 'session', session: { login: DEMO_USER.login } } });
    const second = latestSession(mock)!;
    expect(second.id).not.toBe(first.id);
    const sid = (await driver.cookies(DEMO_ORG_HOST)).find((c) => c.name === 'sid');
    expect(sid).toMatchObject({ value: second.id, secure: true, httpOnly: true, path: '/' });
    const inspected = await driver.message({ type: 'session/inspect', tabId });
    expect(inspected).toMatchObject({ ok: true, view: { session: { idHint: sessionIdHint(second.id) } } });

    const after = JSON.stringify(await askUntil(() => driver.message({ type: 'timeline/get' }), (t) => JSON.stringify(t).includes('"change":"replaced"')));
    expect(after).toContain('"change":"replaced"');
    for (const secret of [sessionToken, first.id, second.id, DEMO_API_TOKEN]) {
      expect(after).not.toContain(secret);
      expect(JSON.stringify(created)).not.toContain(secret);
    }
    await popup.close();
  });
});
