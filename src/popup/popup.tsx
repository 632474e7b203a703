// The entry of popup.html and of the side panel (panel.html): wires the real browser (messaging, tabs, options
// page, clipboard, live events) into the one App, on the surface the page's path names. The panel's own wiring
// (which tab it follows) and the popup's Open side panel load beside the first paint, not in it.
// First, so that its question to the worker goes out before the App's own modules are evaluated.
import { firstAsk, pageTarget } from './first-ask';
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { lazyLive } from '../shared/live';
import { App } from './App';
import { preloaded } from './preloaded';
import { targetFromSearch } from './target';

const panel = location.pathname.endsWith('/panel.html');
const pinned = targetFromSearch(location.search);

// The worker was asked before Preact's first render, before this module's body ran (first-ask.ts): the reply then
// comes about as early as a bare page's fetch would (measured by `npm run bench`).
const firstLoad = firstAsk.then((asked) => ({
  target: asked.target,
  cached: send({ type: 'session/cached', ...asked.target }, asked.cached),
  inspect: send({ type: 'session/inspect', ...asked.target }, asked.inspect),
}));

// The rest loads once the session is asked for, so it does not compete with the first paint's own files.
const later = firstLoad.then(() => import('../panel/page-live'));

render(
  <App
    send={send}
    firstLoad={firstLoad}
    resolveTarget={pageTarget}
    openOptions={() => void browser.runtime.openOptionsPage()}
    copyText={(text) => navigator.clipboard.writeText(text)}
    // A panel without `?tab=` follows its window: it starts, as the popup, on the window's active tab; how it
    // follows loads with the live watch, after the first paint.
    live={lazyLive(() => later.then((m) => m.pageLive(browser, panel, !!pinned)))}
    openPanel={panel ? undefined : preloaded(() => later.then((m) => m.popupPanelButton(browser, !!pinned)))}
  />,
  document.getElementById('app')!,
);
