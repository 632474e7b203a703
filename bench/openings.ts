// Opens the popup and the bare page the way the bench measures them: a new tab, the probe installed before the
// page's own scripts, navigation, then the page's own timings read back. Also sets up what both pages look at:
// an org configured through the options page, the demo user signed in on a tab, and a fresh Okta session per
// measured pair (a new session has no cached view, so the popup's first paint of it is the fresh one).
import type { MockOrg } from '../test/mock-org/server';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER } from '../test/mock-org/demo';
import type { ChromiumDriver } from '../test/e2e/chromium';
import type { ProbeResult } from './probe';

export const ORG_ORIGIN = `https://${DEMO_ORG_HOST}`;
export const SESSIONS_PATH = '/api/v1/sessions/';
const TIMEOUT_MS = 15_000;

export interface Opening extends ProbeResult {
  page: 'popup' | 'bare';
  /** Okta session requests the mock saw from the opening until the page was closed. */
  oktaRequests: number;
}

export class Bench {
  tabId = -1;

  constructor(
    readonly driver: ChromiumDriver,
    readonly mock: MockOrg,
    /** bench/probe.ts bundled as a script (prepare.ts). */
    readonly probeScript: string,
  ) {}

  /** The org added through the options page, as a user does; the demo user signed in on a tab of the org. */
  async setUp(): Promise<void> {
    const options = await this.driver.openOptions();
    await options.fill('Okta org URL', ORG_ORIGIN);
    await options.fill('API token', DEMO_API_TOKEN);
    await options.click('Save');
    await options.waitForText(/^Saved https:/);
    await options.close();

    const tab = await this.driver.openPage(`${ORG_ORIGIN}/login/login.htm`);
    await tab.fill('Username', DEMO_USER.login);
    await tab.fill('Password', DEMO_USER.password);
    await tab.click('Sign In');
    await tab.waitForText(`Signed in as ${DEMO_USER.login}`);
    this.tabId = await this.driver.tabIdFor(tab.url());
  }

  /** A new session at the org, and the tab's `sid` cookie pointing at it (replacing the previous one). */
  async newSession(): Promise<string> {
    const session = this.mock.org(DEMO_ORG_HOST).createSession(DEMO_USER.login);
    const { name, value } = this.mock.org(DEMO_ORG_HOST).sessionCookie(session.id);
    // By URL, not domain: a host-only cookie, as the org's sign-in sets it, so it replaces that one.
    await this.driver.context.addCookies([{ name, value, url: `${ORG_ORIGIN}/`, secure: true, httpOnly: true, sameSite: 'None' }]);
    const jar = await this.driver.context.cookies(ORG_ORIGIN);
    const sids = jar.filter((c) => c.name === name);
    if (sids.length !== 1 || sids[0]!.value !== value) throw new Error(`expected one ${name} cookie for the new session, found ${sids.length}`);
    return session.id;
  }

  popupUrl(): string {
    return `${this.driver.extensionBase}/popup.html?tab=${this.tabId}`;
  }

  bareUrl(sessionId: string): string {
    const q = new URLSearchParams({ id: sessionId, token: DEMO_API_TOKEN });
    return `${this.driver.extensionBase}/bare.html?${q}`;
  }

  async open(page: 'popup' | 'bare', url: string, opts: { waitForInspectReply?: boolean } = {}): Promise<Opening> {
    const tab = await this.driver.context.newPage();
    try {
      // Playwright wraps an init script in a function: the bundle's `var` must be made global by hand.
      const install = `globalThis.__osiBenchProbe = __osiBenchProbe;\n__osiBenchProbe.installProbe(${JSON.stringify(DEMO_USER.login)});`;
      await tab.addInitScript({ content: `${this.probeScript}\n${install}` });
      await tab.goto(url, { waitUntil: 'commit' });
      const arg = {
        waitForReplyTo: page === 'popup' && opts.waitForInspectReply !== false ? 'session/inspect' : null,
        timeoutMs: TIMEOUT_MS,
      };
      const result = (await tab.evaluate(`__osiBenchProbe.collectProbe(${JSON.stringify(arg)})`)) as ProbeResult;
      if (result.frame < 0) throw new Error(`${page}: the login never appeared; the page shows: ${result.text.slice(0, 300)}`);
      return { ...result, page, oktaRequests: 0 };
    } finally {
      await tab.close();
    }
  }

  /** Okta session requests logged since `from` (a log index). */
  sessionRequestsSince(from: number): number {
    return this.mock.log.slice(from).filter((e) => e.path.startsWith(SESSIONS_PATH)).length;
  }

  /** Opens a page and counts the Okta requests it caused (up to its closing). */
  async openCounted(page: 'popup' | 'bare', url: string, opts: { waitForInspectReply?: boolean } = {}): Promise<Opening> {
    const from = this.mock.log.length;
    const opening = await this.open(page, url, opts);
    opening.oktaRequests = this.sessionRequestsSince(from);
    return opening;
  }
}

/** When the reply to the popup's message of this type came back, in ms since navigation start. */
export function replyTime(o: Opening, type: string): number | undefined {
  return o.messages.find((m) => m.type === type)?.replied;
}

/** How long the worker took to answer the popup's message of this type (sent to reply). */
export function replyLatency(o: Opening, type: string): number | undefined {
  const m = o.messages.find((x) => x.type === type);
  return m?.replied === undefined ? undefined : m.replied - m.sent;
}
