// The worker's entry: only wiring. Listeners are registered synchronously at top level so that a worker
// started by a message (or a cookie change, or a request) hears it; all state is read from storage inside the
// handlers.
import browser, { type Runtime } from 'webextension-polyfill';
import { browserDeps } from './browser-deps';
import { handleMessage } from './router';
import { listenForTimeline } from './timeline-listeners';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleMessage(browserDeps(), message, sender),
);
listenForTimeline(browser, browserDeps);
