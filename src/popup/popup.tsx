// The popup's entry: wires the real browser (messaging, tabs, options page, clipboard) into the App.
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { App } from './App';
import { resolveTarget } from './target';

const target = () => resolveTarget(location.search, () => browser.tabs.query({ active: true, currentWindow: true }));

// Ask the worker before Preact's first render: the reply then comes as early as a bare page's fetch would,
// instead of after mounting and the first frame (measured by `npm run bench`).
const firstLoad = target().then((t) => ({
  target: t,
  cached: send({ type: 'session/cached', ...t }),
  inspect: send({ type: 'session/inspect', ...t }),
}));

render(
  <App
    send={send}
    firstLoad={firstLoad}
    resolveTarget={target}
    openOptions={() => void browser.runtime.openOptionsPage()}
    copyText={(text) => navigator.clipboard.writeText(text)}
  />,
  document.getElementById('app')!,
);
