// The worker's entry: only wiring. The listener is registered synchronously at top level so that a worker
// started by a message hears that message; all state is read from storage inside the handler.
import browser, { type Runtime } from 'webextension-polyfill';
import { browserDeps } from './browser-deps';
import { handleMessage } from './router';

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  handleMessage(browserDeps(), message, sender),
);
