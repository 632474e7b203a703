// viewer.html: opens a trace file (Export JSON or Export HAR) and shows it with the Timeline's own view and What
// went wrong, read-only. Everything happens in the page: the file is read with File.text(), parsed by
// trace-file.ts, and handed to TimelinePanel through a `send` that answers from the file and nothing else. The
// page holds no fetch, no message to the worker and no browser API beyond the clipboard and a download.
import { useState } from 'preact/hooks';
import type { Send } from '../popup/App';
import { TimelinePanel } from '../popup/TimelinePanel';
import { checkTraceSize, parseTraceFile, type TraceError } from '../shared/timeline/trace-file';
import type { TimelineState } from '../shared/timeline/schema';

export interface TraceViewerProps {
  copyText: (text: string) => Promise<void>;
  saveFile?: ((name: string, text: string) => void) | undefined;
}

interface Opened {
  name: string;
  source: 'json' | 'har';
  state: TimelineState;
  exportedAt?: string;
  /** A new key per file, so the Timeline reads the new one from scratch. */
  n: number;
}

/** The Timeline's channel, answered from the opened file: it can read it, never change it. */
function fileSend(state: TimelineState): Send {
  return (async (request: { type: string }) =>
    request.type === 'timeline/get' ? { ok: true, timeline: state } : { ok: false, error: { kind: 'invalid_input', message: 'A trace opened from a file is read-only.' } }) as Send;
}

export function TraceViewer({ copyText, saveFile }: TraceViewerProps) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState<TraceError | null>(null);
  const [over, setOver] = useState(false);

  const open = async (file: File | undefined) => {
    if (!file) return;
    const tooBig = checkTraceSize(file.size);
    if (tooBig) {
      setError(tooBig);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch {
      setError({ kind: 'not-json', message: 'This file could not be read.' });
      return;
    }
    const r = parseTraceFile(text);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setOpened({ name: file.name, source: r.source, state: r.state, ...(r.exportedAt ? { exportedAt: r.exportedAt } : {}), n: (opened?.n ?? 0) + 1 });
  };

  return (
    <main
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void open(e.dataTransfer?.files[0]);
      }}
    >
      <h1>Okta Session Inspector: trace viewer</h1>
      <div class={over ? 'drop over' : 'drop'}>
        <label>
          Open a trace file{' '}
          <input type="file" accept=".json,.har,application/json" onChange={(e) => void open((e.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        <p class="muted">Or drop a file saved with the Timeline’s Export JSON or Export HAR here. It is read in this page and sent nowhere.</p>
      </div>
      {error && (
        <p role="alert" class="error">
          {error.message}
        </p>
      )}
      {opened && (
        <>
          <p class="muted trace-name">
            {opened.name} ({opened.source === 'har' ? 'HAR' : 'JSON'}): {opened.state.events.length} event{opened.state.events.length === 1 ? '' : 's'}
            {opened.exportedAt ? `, exported ${opened.exportedAt}` : ''}.
          </p>
          <TimelinePanel key={opened.n} send={fileSend(opened.state)} currentKey={undefined} copyText={copyText} saveFile={saveFile} onShowSession={() => {}} readOnly />
        </>
      )}
    </main>
  );
}
