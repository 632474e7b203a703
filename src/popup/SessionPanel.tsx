// One live Okta session: who, how they signed in, when it ends (counting down), and the actions on it.
// Revoking takes a second, in-popup step: never window.confirm, which a popup cannot rely on. The session id
// is shown masked and cannot be copied: the popup never has more of it than the hint.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { InspectView } from '../shared/protocol';
import { formatAge, formatClock, formatExpiry, formatWhen, parseTime } from './time';
import { InBrowser } from './InBrowser';
import { AddOrgButton } from './AddOrgButton';
import { useNow } from './use-now';
import { amrLabel, ID_MASK_NOTE, idpLabel, sourceLabel, statusHint, statusTone } from './view-model';

export type SessionState = Extract<InspectView, { state: 'session' }>;
export type Busy = 'refresh' | 'revoke' | null;

interface Props {
  view: SessionState;
  busy: Busy;
  onRefresh: () => void;
  onRevoke: () => void;
  onCopyJson: () => void;
  /** Offered when the org is not set up yet (the view was read with the browser's cookie). */
  onAddOrg?: () => void;
}

export function SessionPanel({ view, busy, onRefresh, onRevoke, onCopyJson, onAddOrg }: Props) {
  const now = useNow();
  const s = view.session;
  const expires = parseTime(s.expiresAt);
  const created = parseTime(s.createdAt);
  const tone = statusTone(s.status);
  const hint = statusHint(s.status);

  return (
    <section class="session" aria-labelledby="login">
      <h1 id="login" tabIndex={-1}>
        {s.login ?? 'Unknown user'}
      </h1>
      {view.readWith === 'cookie' && (
        <p class="read-with">
          Read with this browser's session cookie <span class="muted">(/api/v1/sessions/me, no credential)</span>
        </p>
      )}
      {s.status && (
        <p class="status">
          <span class={`badge ${tone}`}>{s.status}</span>
          {hint && <span class="muted"> {hint}</span>}
        </p>
      )}
      {expires !== undefined ? (
        <p class={expires > now ? 'expiry' : 'expiry gone'}>
          {formatExpiry(expires, now)}
          <span class="muted"> (at {formatWhen(expires, now)})</span>
        </p>
      ) : (
        s.expiresAt && <p class="expiry">Expires: {s.expiresAt}</p>
      )}
      <dl class="fields">
        {s.userId && <Field label="User id" value={s.userId} mono />}
        <Field
          label="Created"
          value={created === undefined ? s.createdAt : `${formatWhen(created, now)} (${formatAge(created, now)})`}
        />
        <Field label="Password verified" value={verified(s.lastPasswordVerification, now)} />
        <Field label="Factor verified" value={verified(s.lastFactorVerification, now)} />
        {s.amr && s.amr.length > 0 && <Field label="Signed in with" value={s.amr.map(amrLabel).join(', ')} />}
        {s.idp?.type && <Field label="Identity provider" value={idpLabel(s.idp.type)} />}
        <div>
          <dt>Session id</dt>
          <dd>
            <span class="mono">{s.idHint}</span> <span class="muted">({sourceLabel(view.source)})</span>
            <small class="note muted">{ID_MASK_NOTE}</small>
          </dd>
        </div>
      </dl>
      <p class="muted">Checked with Okta at {formatClock(view.fetchedAt)}.</p>
      <Actions busy={busy} onRefresh={onRefresh} onRevoke={onRevoke} onCopyJson={onCopyJson} login={s.login} />
      <InBrowser view={view} open={false} />
      {view.configured === false && onAddOrg && <AddOrgButton onAddOrg={onAddOrg} />}
    </section>
  );
}

function verified(iso: string | null | undefined, now: number): string | undefined {
  if (iso === undefined) return undefined;
  const at = parseTime(iso);
  return iso === null ? 'never' : at === undefined ? iso : formatAge(at, now);
}

function Field({ label, value, mono }: { label: string; value: string | undefined; mono?: boolean }) {
  if (value === undefined) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd class={mono ? 'mono' : undefined}>{value}</dd>
    </div>
  );
}

interface ActionProps {
  busy: Busy;
  login: string | undefined;
  onRefresh: () => void;
  onRevoke: () => void;
  onCopyJson: () => void;
}

function Actions({ busy, login, onRefresh, onRevoke, onCopyJson }: ActionProps) {
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const refreshRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const wasBusy = useRef<Busy>(null);

  // Refresh session is disabled while it runs, which drops keyboard focus to the page; it gets it back when done.
  useLayoutEffect(() => {
    if (wasBusy.current === 'refresh' && busy === null && document.activeElement === document.body) refreshRef.current?.focus();
    wasBusy.current = busy;
  }, [busy]);

  // A layout effect, so focus has moved and Escape is heard as soon as Confirm revoke is on screen: a plain
  // effect runs after paint, and an Escape pressed in that gap was lost (seen in Firefox).
  useLayoutEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = confirming;
    if (!confirming) return;
    // Escape cancels wherever focus is inside the popup, not only on the confirmation's own buttons.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) {
        e.preventDefault();
        setConfirming(false);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [confirming, busy]);

  const running = busy !== null;
  return (
    <>
      <div class="actions">
        <button type="button" ref={refreshRef} onClick={onRefresh} disabled={running}>
          {busy === 'refresh' ? 'Refreshing…' : 'Refresh session'}
        </button>
        <button
          type="button"
          class="danger"
          ref={revokeRef}
          onClick={() => setConfirming(true)}
          disabled={running || confirming}
          aria-expanded={confirming}
        >
          Revoke session
        </button>
        <button type="button" onClick={onCopyJson}>
          Copy as JSON
        </button>
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby="confirm-q">
          <p id="confirm-q">
            Revoke this session? {login ?? 'The user'} will be signed out of Okta at once. This cannot be undone.
          </p>
          <div class="actions">
            <button type="button" class="danger" ref={confirmRef} onClick={onRevoke} disabled={running}>
              {busy === 'revoke' ? 'Revoking…' : 'Confirm revoke'}
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={running}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}
