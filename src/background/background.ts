// The worker's entry: only wiring. Listeners are registered synchronously at top level so that a worker
// started by a message (or a cookie change, or a request) hears it; all state is read from storage inside the
// handlers.
import browser, { type Runtime } from 'webextension-polyfill';
import { browserDeps } from './browser-deps';
import { onRenewalAlarm } from './oauth-tokens';
import { handleMessage } from './router';
import { listenForTimeline } from './timeline-listeners';
import { welcomeOnInstall } from './welcome';
import { listenForPanelCommand } from './panel-command';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleMessage(browserDeps(), message, sender),
);
// Renews Sign in with Okta's access tokens before they expire, even when the alarm is what starts the worker.
browser.alarms.onAlarm.addListener((alarm) => void onRenewalAlarm(browserDeps(), alarm.name).catch(() => undefined));
listenForTimeline(browser, browserDeps);
browser.runtime.onInstalled.addListener((details) =>
  void welcomeOnInstall(details, (url) => browser.tabs.create({ url }), (path) => browser.runtime.getURL(path)).catch(() => undefined),
);
// The shortcut that opens the side panel (Chrome; Firefox's sidebar shortcut needs no code).
listenForPanelCommand(browser.commands);
