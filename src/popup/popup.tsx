// The entry of popup.html and of the side panel (panel.html): wires the real browser (messaging, tabs, options
// page, clipboard, live events) into the one App, on the surface the page's path names. The panel's own wiring
// (which tab it follows) and the popup's Open side panel load beside the first paint, not in it.
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { lazyLive } from '../shared/live';
import { App } from './App';
import { preloaded } from './preloaded';
import { resolveTarget, targetFromSearch } from './target';

const surface = location.pathname.endsWith('/panel.html') ? 'panel' : 'popup';
const place = surface === 'panel' ? import('../panel/place').then((m) => m.panelPlace(targetFromSearch(location.search), browser)) : undefined;

const target = place
  ? () => place.then((p) => p.target)
  : () => resolveTarget(location.search, () => browser.tabs.query({ active: true, currentWindow: true }));

// Ask the worker before Preact's first render: the reply then comes as early as a bare page's fetch would,
// instead of after mounting and the first frame (measured by `npm run bench`).
const firstLoad = target().then((t) => ({
  target: t,
  cached: send({ type: 'session/cached', ...t }),
  inspect: send({ type: 'session/inspect', ...t }),
}));

render(
  <App
    surface={surface}
    send={send}
    firstLoad={firstLoad}
    resolveTarget={target}
    openOptions={() => void browser.runtime.openOptionsPage()}
    copyText={(text) => navigator.clipboard.writeText(text)}
    live={lazyLive(() => Promise.all([import('../shared/live-watch'), place]).then(([m, p]) => m.browserLive(browser, p?.follow)))}
    openPanel={
      place
        ? undefined
        : preloaded(() =>
            import('./open-panel').then((m) =>
              m.panelButton({
                currentWindow: () => browser.windows.getCurrent(),
                // A popup opened as a page (`?tab=`, tests) is a tab of its own: closing it would close that tab.
                done: targetFromSearch(location.search) ? () => undefined : () => window.close(),
              }),
            ),
          )
    }
  />,
  document.getElementById('app')!,
);
