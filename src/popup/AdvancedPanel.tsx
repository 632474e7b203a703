// Advanced: create a session from a session token (Okta's POST /api/v1/sessions, API token only), and optionally
// have this browser adopt it. The session token is a credential: it lives in the field until it is spent, is
// sent to the worker once, and is never shown back, stored or copied.
import { useState } from 'preact/hooks';
import type { ErrorInfo, InspectView } from '../shared/protocol';
import type { Send } from './App';
import { ErrorBox } from './ErrorBox';
import type { SessionState } from './SessionPanel';
import type { Target } from './target';
import { formatClock, formatExpiry, formatWhen, parseTime } from './time';
import { useNow } from './use-now';
import { hostOf } from './view-model';

export interface AdvancedPanelProps {
  send: Send;
  /** The tab or org the popup looks at: the session is created in its org. */
  target: Target | null;
  view: InspectView | null;
  /** The browser now uses the new session: the popup shows it as the tab's session. */
  onAdopted: (view: InspectView) => void;
}

export const REMOVED_NOTE =
  'Okta removed this call (POST /api/v1/sessions) from its published API in 2025.10; some orgs refuse it, and ' +
  'their answer is shown here as it came.';

export function AdvancedPanel({ send, target, view, onAdopted }: AdvancedPanelProps) {
  const [token, setToken] = useState('');
  const [use, setUse] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [created, setCreated] = useState<SessionState | null>(null);

  const org = view && view.state !== 'not-okta' ? hostOf(view.org.origin) : target?.org ? hostOf(target.org) : undefined;
  const noOrg = !target || (view?.state === 'not-okta' && !target.org);

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (!target || noOrg || busy || !token.trim()) return;
    setBusy(true);
    setError(null);
    setCreated(null);
    const reply = await send({ type: 'session/create', ...target, sessionToken: token, use });
    setBusy(false);
    if (!reply.ok) {
      setError(reply.error);
      return;
    }
    // A session token works once: nothing is gained by keeping it.
    setToken('');
    if (use) onAdopted(reply.view);
    else if (reply.view.state === 'session') setCreated(reply.view);
  };

  return (
    <section class="advanced" aria-labelledby="create-heading">
      <h2 id="create-heading">Create a session from a session token</h2>
      {noOrg ? (
        <p>This tab is not on an Okta org. Pick one of your orgs on the Session tab first, then come back here.</p>
      ) : (
        <>
          <p>
            Okta’s authn API (<span class="mono">/api/v1/authn</span>) hands out a session token after a sign-in; this
            turns one into a session{org ? ` at ${org}` : ''}, using the org’s API token.
          </p>
          <p class="muted note">{REMOVED_NOTE}</p>
          <form onSubmit={(e) => void submit(e)}>
            <label for="session-token">Session token</label>
            <input
              id="session-token"
              type="password"
              autocomplete="off"
              spellcheck={false}
              value={token}
              onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
            />
            <label class="check">
              <input type="checkbox" checked={use} aria-describedby="use-note" onChange={(e) => setUse((e.currentTarget as HTMLInputElement).checked)} />
              Use in this browser
            </label>
            <p id="use-note" class="muted note">
              Sets the org’s sid cookie to the new session, so this browser, and this tab, is signed in with it.
            </p>
            <div class="actions">
              <button type="submit" disabled={busy || !token.trim()}>
                {busy ? 'Creating…' : 'Create session'}
              </button>
            </div>
          </form>
        </>
      )}
      {error && <ErrorBox error={error} onRetry={() => void submit()} />}
      {created && <Created view={created} />}
    </section>
  );
}

function Created({ view }: { view: SessionState }) {
  const now = useNow();
  const s = view.session;
  const expires = parseTime(s.expiresAt);
  return (
    <div class="created" role="status">
      <p>
        Created session <span class="mono">{s.idHint}</span> for {s.login ?? 'an unknown user'}
        {/* The countdown ticks inside this status line: read out once, as a time, not at every tick. */}
        {expires !== undefined && (
          <>
            : <span aria-hidden="true">{`${formatExpiry(expires, now)} (at ${formatWhen(expires, now)})`}</span>
            <span class="sr-only">expires at {formatClock(expires)}</span>
          </>
        )}
        .
      </p>
      <p class="muted">This browser does not use it: tick “Use in this browser” to sign in with the next one.</p>
    </div>
  );
}
