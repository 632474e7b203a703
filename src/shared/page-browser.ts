// Extension pages call only promise-returning APIs that MV3 Chromium and Firefox both implement natively
// (runtime.sendMessage, tabs.query, permissions.request, runtime.openOptionsPage), so they use the browser's
// own namespace and leave out webextension-polyfill: about 3 KB gzip of the popup's 20 KB budget. The worker
// keeps the polyfill, which it needs for promise-returning runtime.onMessage listeners.
import type Browser from 'webextension-polyfill';

const scope = globalThis as { browser?: Browser.Browser; chrome?: Browser.Browser };
export const browser: Browser.Browser = (scope.browser ?? scope.chrome)!;
