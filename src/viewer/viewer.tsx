// Entry of viewer.html: the trace viewer with the clipboard and a download. No polyfill, no worker channel: the
// page never talks to the worker or the network.
import { render } from 'preact';
import { TraceViewer } from './TraceViewer';

/** A download through a blob URL (as the popup's Export JSON), kept alive long enough to be saved. */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const root = document.getElementById('app');
if (root) {
  root.replaceChildren();
  render(<TraceViewer copyText={(text) => navigator.clipboard.writeText(text)} saveFile={saveFile} />, root);
}
