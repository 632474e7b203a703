// The popup's entry: wires the real browser (messaging, tabs, options page, clipboard) into the App.
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { App } from './App';
import { resolveTarget } from './target';

render(
  <App
    send={send}
    resolveTarget={() => resolveTarget(location.search, () => browser.tabs.query({ active: true, currentWindow: true }))}
    openOptions={() => void browser.runtime.openOptionsPage()}
    copyText={(text) => navigator.clipboard.writeText(text)}
  />,
  document.getElementById('app')!,
);
