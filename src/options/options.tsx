// Entry of options.html: the App with the real worker channel and the browser's permission prompt.
import { render } from 'preact';
import { browser } from '../shared/page-browser';
import { send } from '../shared/messaging';
import { App } from './App';

const root = document.getElementById('app');
if (root) {
  // Preact leaves existing text behind when mounting, so start from an empty element.
  root.replaceChildren();
  render(<App send={send} requestPermissions={(permissions) => browser.permissions.request(permissions)} />, root);
}
