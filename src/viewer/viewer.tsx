// Entry of viewer.html: the trace viewer with the clipboard and a download. No polyfill, no worker channel: the
// page never talks to the worker or the network.
import { render } from 'preact';
import { saveFile } from '../shared/save-file';
import { TraceViewer } from './TraceViewer';

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(<TraceViewer copyText={(text) => navigator.clipboard.writeText(text)} saveFile={saveFile} />, root);
}
