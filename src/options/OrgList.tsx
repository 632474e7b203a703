// The saved orgs. Removing one takes a second, in-page step (no window.confirm, which extension pages may block).
// An org signed in with Okta says who is signed in and offers Sign out.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OrgSettingsView } from '../shared/protocol';
import { credentialText } from './describe';

interface Props {
  orgs: OrgSettingsView[];
  /** The org being edited, marked in the list. */
  editing: string | undefined;
  busy: boolean;
  onEdit(org: OrgSettingsView): void;
  onRemove(origin: string): void;
  onSignOut(origin: string): void;
}

export function OrgList({ orgs, editing, busy, onEdit, onRemove, onSignOut }: Props) {
  const [confirming, setConfirming] = useState<string | undefined>();
  const list = useRef<HTMLUListElement>(null);
  // After backing out of a removal, focus goes back to the Remove button it came from, not to the page top.
  const [refocus, setRefocus] = useState<string | undefined>();
  useEffect(() => {
    if (refocus === undefined) return;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button[data-remove]') ?? [];
    for (const button of buttons) if (button.dataset.remove === refocus) button.focus();
    setRefocus(undefined);
  }, [refocus]);
  if (orgs.length === 0) return <p class="empty">No orgs saved yet. Add one below.</p>;
  return (
    <ul class="orgs" ref={list}>
      {orgs.map((org, index) => {
        const nameId = `org-${index}-name`;
        return (
          <li key={org.origin} class={org.origin === editing ? 'org editing' : 'org'}>
            <div class="org-text">
              <p class="org-origin" id={nameId}>
                {org.origin}
              </p>
              <p class="org-credential">{credentialText(org.credential, Date.now(), org.clientId)}</p>
              <p class="org-domains">
                {org.customDomains.length > 0 ? `Custom domains: ${org.customDomains.join(', ')}` : 'No custom domains'}
              </p>
            </div>
            {confirming === org.origin ? (
              <ConfirmRemove
                origin={org.origin}
                busy={busy}
                onConfirm={() => {
                  setConfirming(undefined);
                  onRemove(org.origin);
                }}
                onCancel={() => {
                  setConfirming(undefined);
                  setRefocus(org.origin);
                }}
              />
            ) : (
              <div class="actions">
                {org.credential?.kind === 'oauth' && (
                  <button type="button" aria-describedby={nameId} disabled={busy} onClick={() => onSignOut(org.origin)}>
                    Sign out
                  </button>
                )}
                <button type="button" aria-describedby={nameId} onClick={() => onEdit(org)}>
                  Edit
                </button>
                <button type="button" class="danger" data-remove={org.origin} aria-describedby={nameId} disabled={busy} onClick={() => setConfirming(org.origin)}>
                  Remove
                </button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ConfirmRemove(props: { origin: string; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the harmless choice; Escape backs out.
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="group"
      aria-label={`Remove ${props.origin}?`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <p>{`Remove ${props.origin}?`}</p>
      <p class="help">Its settings and token are deleted from this browser.</p>
      <div class="actions">
        <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
          Confirm
        </button>
        <button type="button" ref={cancel} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
