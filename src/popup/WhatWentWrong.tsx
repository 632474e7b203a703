// The What went wrong region (DESIGN.md contract): one entry per diagnosis of the tab's latest flow, each with
// its title, Okta's own words, a line that starts "Fix:", and the events it rests on behind a disclosure; one
// Copy diagnosis button for a ticket-ready plain-text report. Everything shown comes from the engine, which
// reads only redacted Timeline events. Loaded on first use (the Timeline chunk, or after the Session view's
// first paint), never in the first-paint chunk.
import { useState } from 'preact/hooks';
import { diagnosisReport, eventLine, type Diagnosis } from '../shared/diagnose';

interface Props {
  diagnoses: readonly Diagnosis[];
  copyText: (text: string) => Promise<void>;
  /** Distinguishes the region's ids when the Session and Timeline views both show one. */
  idPrefix: string;
}

export function WhatWentWrong({ diagnoses, copyText, idPrefix }: Props) {
  const [notice, setNotice] = useState('');
  if (diagnoses.length === 0) return null;
  const heading = `${idPrefix}-wwr`;
  const copy = () =>
    copyText(diagnosisReport(diagnoses, Date.now())).then(
      () => setNotice('Copied the diagnosis.'),
      () => setNotice('Could not copy the diagnosis to the clipboard.'),
    );
  return (
    <section class="wwr" aria-labelledby={heading}>
      <h2 id={heading}>What went wrong</h2>
      <ul class="wwr-list">
        {diagnoses.map((d, i) => (
          <li key={`${d.id}-${d.at}-${i}`} class="wwr-entry">
            <h3>
              {d.title} <span class={`badge ${d.certainty === 'certain' ? 'danger' : 'warn'}`}>{d.certainty}</span>
            </h3>
            {d.okta && (
              <p class="wwr-okta">
                <span class="muted">{d.oktaSaid ? 'Okta said' : 'Okta’s words for this'}: </span>
                <q>{d.okta}</q>
                {d.error && <span class="mono muted"> ({d.error})</span>}
              </p>
            )}
            <p class="wwr-meaning">{d.meaning}</p>
            <p class="wwr-fix">Fix: {d.fix}</p>
            <Basis diagnosis={d} />
          </li>
        ))}
      </ul>
      <p class="actions">
        <button type="button" onClick={() => void copy()}>
          Copy diagnosis
        </button>
        <span class="notice" role="status">
          {notice}
        </span>
      </p>
    </section>
  );
}

/**
 * The events a diagnosis rests on, behind a disclosure. Rendered only while open: closed, they would be hidden
 * copies of the Timeline's own rows.
 */
function Basis({ diagnosis: d }: { diagnosis: Diagnosis }) {
  const [open, setOpen] = useState(false);
  return (
    <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {d.events.length === 1 ? 'The event it rests on' : `The ${d.events.length} events it rests on`}
        {d.unconfirmed ? ' (rests in part on a fact Okta has not documented)' : ''}
      </summary>
      {open && (
        <ol class="wwr-events">
          {d.events.map((e, j) => (
            <li key={j} class="mono">
              {eventLine(e)}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
