// Accessibility, measured in the real browser: axe-core's WCAG 2.1 A and AA rules over every popup state, the side
// panel, the options page and the trace viewer, in the light and the dark theme. Any violation fails, and its
// rule, impact and nodes are printed. Colour contrast is among the rules: that it was checked on the status
// badges and the error box (not skipped as hidden or unmeasurable) is asserted too.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_API_TOKEN, DEMO_ORG_HOST, DEMO_USER, SECOND_ORG_HOST } from '../mock-org/demo';
import { launchChromium, type ChromiumDriver } from './chromium';
import { parseTimelineState } from '../../src/shared/timeline/schema';
import { toExportJson } from '../../src/shared/timeline/export';
import { configureOrg, DEMO_ORIGIN, READ_WITH_COOKIE, SECOND_ORIGIN, signIn, useWorld } from './scenarios';
import { openInViewer } from './trace-flows';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Selectors whose colour contrast axe measured and passed, over every check of the run. */
const contrastPassed = new Set<string>();

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  for (const n of result.passes.find((p) => p.id === 'color-contrast')?.nodes ?? []) contrastPassed.add(n.target.join(' '));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.each(['light', 'dark'] as const)('Chromium: accessibility (%s)', (scheme) => {
  const world = useWorld((mock) => launchChromium({ mockPort: mock.port, colorScheme: scheme }));

  it('every popup state, the side panel, the options page and the viewer have no WCAG 2.1 AA violation', async () => {
    const d = world.driver as ChromiumDriver;
    contrastPassed.clear();
    const found: string[] = [];
    const check = async (name: string, page: Page) => {
      for (const v of await violations(page)) found.push(`${name}: ${v}`);
    };
    const popupAt = async (tabId: number, waitFor: string | RegExp) => {
      const popup = await d.openPopup({ tabId });
      await d.raw(popup).setViewportSize({ width: 360, height: 600 });
      await popup.waitForText(waitFor);
      return popup;
    };

    // No credential: the session read with the cookie, In this browser open, then Add this org.
    const first = await signIn(d, SECOND_ORG_HOST);
    let popup = await popupAt(first.tabId, READ_WITH_COOKIE);
    await popup.waitForText('In this browser');
    await d.raw(popup).getByText('In this browser').click();
    await check('session read with the cookie', d.raw(popup));
    await popup.click('Add this org');
    await popup.waitForText('Okta org URL');
    await check('Add this org', d.raw(popup));
    await popup.close();

    await configureOrg(d, DEMO_ORIGIN, DEMO_API_TOKEN);
    const { tabId } = await signIn(d);
    popup = await popupAt(tabId, DEMO_USER.login);
    await check('session', d.raw(popup));
    await popup.click('Revoke session');
    await check('revoke confirmation', d.raw(popup));
    await popup.press('Escape');
    await d.raw(popup).getByRole('tab', { name: 'Timeline' }).click();
    await popup.waitForText(/cookie/i);
    await check('Timeline', d.raw(popup));
    await d.raw(popup).getByRole('tab', { name: 'Advanced' }).click();
    await popup.waitForText('Session token');
    await check('Advanced', d.raw(popup));
    await popup.close();

    world.mock.fault({ kind: 'status', status: 403, path: '/api/v1/sessions/' });
    popup = await popupAt(tabId, 'E0000006');
    await check('error', d.raw(popup));
    await popup.close();
    world.mock.clearFaults();

    const noCookie = await d.openPage(`${SECOND_ORIGIN}/app/UserHome`);
    await d.context.clearCookies({ domain: SECOND_ORG_HOST });
    popup = await popupAt(await d.tabIdFor(noCookie.url()), `No Okta session in this browser for ${SECOND_ORG_HOST}`);
    await check('no cookie', d.raw(popup));
    await popup.close();

    const plain = await d.openPage('https://intranet.example.com/');
    popup = await popupAt(await d.tabIdFor(plain.url()), 'Not an Okta page');
    await check('not Okta', d.raw(popup));
    await popup.close();

    // The side panel (the popup's code on a tall pane), following the active tab, and an ended session with its
    // What went wrong (the revoke below is the last event the Timeline holds).
    const panel = await d.context.newPage();
    await panel.setViewportSize({ width: 360, height: 900 });
    await panel.goto(`${d.extensionBase}/panel.html?tab=${tabId}`);
    await panel.getByText(DEMO_USER.login).first().waitFor();
    await check('side panel', panel);
    await panel.getByRole('button', { name: 'Revoke session', exact: true }).click();
    await panel.getByRole('button', { name: 'Confirm revoke', exact: true }).click();
    await panel.getByText('This session has ended or was revoked').waitFor();
    await panel.getByText('What went wrong').first().waitFor({ timeout: 5_000 }).catch(() => undefined);
    await check('side panel, session ended', panel);
    await panel.close();

    // The trace viewer, empty and with this run's Timeline opened in it.
    const viewer = await d.openPage(`${d.extensionBase}/viewer.html`);
    await d.raw(viewer).setViewportSize({ width: 1000, height: 800 });
    await viewer.waitForText('Open a trace file');
    await check('viewer, no file', d.raw(viewer));
    const reply = await d.message({ type: 'timeline/get' });
    await openInViewer(viewer, 'trace.json', toExportJson(parseTimelineState(reply.timeline), { now: Date.now() }), 'field');
    await check('viewer, a trace opened', d.raw(viewer));
    await viewer.close();

    const options = await d.openOptions();
    await options.waitForText(DEMO_ORG_HOST);
    await check('options', d.raw(options));
    await options.close();
    const welcome = await d.context.newPage();
    await welcome.goto(`${d.extensionBase}/options.html?welcome`);
    await welcome.getByRole('heading', { name: 'Start here' }).waitFor();
    await check('options with the start guide', welcome);
    await welcome.close();

    expect(found).toEqual([]);
    // The badges and the error box were measured, not skipped.
    const measured = [...contrastPassed];
    expect(measured.some((t) => /\.badge/.test(t)), measured.join('\n')).toBe(true);
    expect(measured.some((t) => /\.error/.test(t)), measured.join('\n')).toBe(true);

    // The check can fail: an unlabelled field and low-contrast text planted in a popup are reported.
    popup = await popupAt(await d.tabIdFor(plain.url()), 'Not an Okta page');
    await d.raw(popup).evaluate(() => {
      const input = document.createElement('input');
      const faint = document.createElement('p');
      faint.textContent = 'faint';
      faint.style.color = '#8a8a8a';
      faint.style.background = '#999999';
      document.body.append(input, faint);
    });
    const planted = await violations(d.raw(popup));
    expect(planted.some((v) => v.startsWith('label'))).toBe(true);
    expect(planted.some((v) => v.startsWith('color-contrast'))).toBe(true);
    await popup.close();
  });
});
