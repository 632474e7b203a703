// Chromium's real side panel, reached through CDP: Playwright lists no page for it, but it is a `page` target
// (panel.html) that a CDP session can attach to and evaluate in (the non-flattened Target protocol, since
// Playwright's CDPSession cannot address a child session).
import type { CDPSession, Page } from 'playwright-core';
import type { ChromiumDriver } from './chromium';

export interface SidePanel {
  text(): Promise<string>;
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  detach(): Promise<void>;
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** The side panel showing panel.html in the browser, once it has opened (up to `timeoutMs`). */
export async function attachSidePanel(driver: ChromiumDriver, from: Page, timeoutMs = 5_000): Promise<SidePanel> {
  const cdp: CDPSession = await driver.context.newCDPSession(from);
  const deadline = Date.now() + timeoutMs;
  let target: TargetInfo | undefined;
  while (!target) {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    target = targetInfos.find((t) => t.type === 'page' && t.url === `${driver.extensionBase}/panel.html`);
    if (!target && Date.now() > deadline) throw new Error('no side panel showing panel.html opened');
    if (!target) await new Promise((r) => setTimeout(r, 100));
  }
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false })) as { sessionId: string };
  type Reply = { id?: number; result?: { result?: { value?: unknown } }; error?: unknown };
  let next = 0;
  const replies = new Map<number, (message: Reply) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    if (e.sessionId !== sessionId) return;
    const message = JSON.parse(e.message) as Reply;
    if (message.id !== undefined) replies.get(message.id)?.(message);
  });
  const evaluate = (expression: string) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      replies.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result?.result?.value)));
      const message = JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, returnByValue: true } });
      cdp.send('Target.sendMessageToTarget', { sessionId, message }).catch(reject);
    });
  const text = async () => String(await evaluate('document.body.innerText'));
  return {
    text,
    async waitForText(wanted, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const now = await text();
        if (typeof wanted === 'string' ? now.includes(wanted) : wanted.test(now)) return;
        if (Date.now() > until) throw new Error(`the side panel never showed ${String(wanted)}; it shows: ${now.slice(0, 400)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    detach: () => cdp.detach(),
  };
}
