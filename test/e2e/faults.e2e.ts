// Faults, end to end in Chromium: the worker stopped between the popup's request and its reply; Okta slower than
// the client's timeout; the connection dropped in the middle of the reply; a 429 storm beyond the retry budget.
// Each ends in words the user can act on, and Retry (or the popup's own retry) recovers.
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../mock-org/demo';
import type { MockOrg } from '../mock-org/server';
import { launchChromium, type ChromiumDriver } from './chromium';
import { configureOrg, credentialedRequests, DEMO_ORIGIN, signIn, useWorld } from './scenarios';

const SESSION_PATH = '/api/v1/sessions/';

/** Requests for the session that reached the mock (any outcome, including those it never answered). */
const sessionGets = (mock: MockOrg) => mock.log.filter((e) => e.method === 'GET' && e.path.startsWith(SESSION_PATH));

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Chromium: faults', () => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port }));
  const driver = () => world.driver as ChromiumDriver;

  it('the worker stopped while Okta is answering: the popup asks once more and shows the session', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver());
    // Okta takes its time with the first request, long enough to stop the worker while it waits.
    mock.fault({ kind: 'latency', ms: 2_000, path: SESSION_PATH });
    mock.log.length = 0;
    const popup = await driver().openPopup({ tabId });
    await until('the worker to ask Okta', () => sessionGets(mock).length === 1);
    await driver().stopBackground();
    // The reply to the popup's request died with the worker; the popup's one retry reaches a fresh worker.
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.alertText()).toBeNull();
    expect(sessionGets(mock).length).toBe(2);
    for (const r of credentialedRequests(mock)) expect(r).toEqual({ host: DEMO_ORG_HOST, authorization: `SSWS ${DEMO_API_TOKEN}` });
    await popup.close();
  });

  it('Okta slower than the timeout: a clear timeout error, then Retry succeeds', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver());
    // Beyond the worker's 10 s timeout (no test-only knob: this test is the one slow one, ~10 s).
    mock.fault({ kind: 'latency', ms: 12_000, path: SESSION_PATH });
    const popup = await driver().openPopup({ tabId });
    await popup.waitForText(/did not answer within 10 seconds/, 20_000);
    const alert = await popup.alertText();
    expect(alert).toMatch(/did not answer within 10 seconds/);
    expect(alert).toContain(DEMO_ORG_HOST);
    expect(alert).toContain('Retry');
    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.alertText()).toBeNull();
    await popup.close();
  });

  it('the connection dropped mid-reply: a network error, then Retry succeeds', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver());
    mock.fault({ kind: 'drop-mid-body', path: SESSION_PATH });
    const popup = await driver().openPopup({ tabId });
    await popup.waitForText(/connection to .* broke|Could not reach/);
    const alert = await popup.alertText();
    expect(alert).toContain(DEMO_ORG_HOST);
    // Half a session arrived; none of it is shown as if it were the session.
    expect(await popup.buttons()).not.toContain('Revoke session');
    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.alertText()).toBeNull();
    await popup.close();
  });

  it('a 429 storm with a far reset: no retry, and the reset time is shown', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver());
    mock.fault({ kind: 'rate-limit', resetInSeconds: 600, path: SESSION_PATH, times: 3 });
    mock.log.length = 0;
    const popup = await driver().openPopup({ tabId });
    await popup.waitForText('E0000047');
    const alert = (await popup.alertText())!;
    // Ten minutes is past the worker's wait budget: it gives up at once rather than hold the popup.
    expect(sessionGets(mock)).toHaveLength(1);
    const reset = /resets at (\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(alert);
    expect(reset, alert).not.toBeNull();
    // The time shown is about ten minutes from now on the browser's clock (the popup formats it in local time).
    const minutesAhead = await popup.evaluate(([h, m]) => {
      const now = new Date();
      const shown = new Date(now);
      shown.setHours(Number(h), Number(m), 0, 0);
      let diff = (shown.getTime() - now.getTime()) / 60_000;
      if (diff < -12 * 60) diff += 24 * 60; // past midnight
      return diff;
    }, [reset![1], reset![2]] as const);
    expect(minutesAhead).toBeGreaterThan(8);
    expect(minutesAhead).toBeLessThan(12);
    await popup.close();
  });

  it('a 429 storm beyond the retry budget: retried twice as Okta asks, then the reset time is shown, and Retry recovers', async () => {
    const { mock } = world;
    await configureOrg(driver(), DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(driver());
    // A short reset the worker waits out, but every retry is limited again: three 429s use up two retries.
    mock.fault({ kind: 'rate-limit', resetInSeconds: 0, path: SESSION_PATH, times: 3 });
    mock.log.length = 0;
    const popup = await driver().openPopup({ tabId });
    await popup.waitForText('E0000047', 15_000);
    const alert = (await popup.alertText())!;
    expect(alert).toMatch(/Retried 2 times/);
    expect(alert).toMatch(/resets at \d{1,2}:\d{2}/);
    const gets = sessionGets(mock);
    expect(gets.map((e) => e.status)).toEqual([429, 429, 429]);
    expect(gets.map((e) => e.headers['x-okta-retry-count'])).toEqual([undefined, '1', '2']);
    // Okta's SDKs name the request being retried: the first one's request id.
    expect(gets[1]!.headers['x-okta-retry-for']).toBe(gets[0]!.requestId);
    await popup.click('Retry');
    await popup.waitForText(DEMO_USER.login);
    expect(await popup.alertText()).toBeNull();
    await popup.close();
  });
});
