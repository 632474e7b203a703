// Add or edit one org. Every field says in a line what it is for; problems appear beside the field they concern
// once the user has left it or pressed Save. Secrets are never shown back: editing starts with an empty token.
// With Sign in with Okta chosen, the form asks for the app's Client ID instead, and its button signs in.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ErrorInfo, OrgSettingsView } from '../shared/protocol';
import { hintText } from './describe';
import { ErrorAlert } from './ErrorAlert';
import { CheckField, Field } from './Field';
import {
  checkCustomDomains,
  checkOrgUrl,
  planSave,
  TOKEN_LABEL,
  type CredentialChoice,
  type DpopChoice,
  type FieldName,
  type FormFields,
  type SavePlan,
  type TokenKind,
} from './form';
import { SignInFields } from './SignInFields';

interface Props {
  /** The org being edited; undefined to add one. */
  editing: OrgSettingsView | undefined;
  orgs: OrgSettingsView[];
  busy: boolean;
  error: ErrorInfo | undefined;
  /** Called synchronously from the submit event, so it can still ask the browser for permissions. */
  onSave(plan: SavePlan): void;
  onCancelEdit(): void;
  /** identity.getRedirectURL(), the URI the Okta app must list; undefined without a sign-in window. */
  redirectUri: string | undefined;
  copyText(text: string): Promise<void>;
}

const IDS: Record<FieldName, string> = { orgUrl: 'org-url', customDomains: 'custom-domains', token: 'token', clientId: 'client-id' };

const TOKEN_HELP: Record<TokenKind, string> = {
  'api-token':
    "Create one in the Admin Console under Security → API → Tokens. It acts with your admin rights; it is kept in this browser's memory only, unless you tick Remember.",
  'access-token':
    'An access token from the org authorization server with the okta.sessions.read scope (okta.sessions.manage to refresh and revoke). Access tokens expire after an hour.',
};

const DPOP_CHOICE: Record<string, DpopChoice> = { auto: 'auto', true: 'on', false: 'off' };

function initialFields(editing: OrgSettingsView | undefined): FormFields {
  const saved = editing?.credential;
  // An org signed in with Okta (or signed out of it, keeping its Client ID) opens on Sign in with Okta.
  const oauth = saved ? saved.kind === 'oauth' : editing?.clientId !== undefined;
  return {
    orgUrl: editing?.origin ?? '',
    customDomains: editing?.customDomains.join('\n') ?? '',
    kind: oauth ? 'oauth' : saved?.kind === 'access-token' ? 'access-token' : 'api-token',
    token: '',
    remember: saved?.remember ?? false,
    clientId: editing?.clientId ?? '',
    dpop: DPOP_CHOICE[String(editing?.oauth?.dpop ?? 'auto')] ?? 'auto',
    staySignedIn: editing?.oauth?.staySignedIn ?? true,
    readWithCookie: editing?.readWithCookie ?? true,
  };
}

export function OrgForm({ editing, orgs, busy, error, onSave, onCancelEdit, redirectUri, copyText }: Props) {
  const [fields, setFields] = useState<FormFields>(() => initialFields(editing));
  const [left, setLeft] = useState<Partial<Record<FieldName, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (editing) heading.current?.focus();
  }, []);

  const set = <K extends keyof FormFields>(key: K, value: FormFields[K]) => setFields((f) => ({ ...f, [key]: value }));
  const leave = (field: FieldName) => () => setLeft((l) => ({ ...l, [field]: true }));

  const org = checkOrgUrl(fields.orgUrl);
  const origin = org.ok ? org.value.origin : undefined;
  const saved = editing ?? orgs.find((o) => o.origin === origin);
  const domains = checkCustomDomains(fields.customDomains, origin);
  const plan = planSave(fields, saved);
  const problems = plan.ok ? {} : plan.problems;
  const shown = (field: FieldName) => ((submitted || left[field]) && problems[field]) || undefined;

  const keptCredential = saved?.credential;
  const canKeep = keptCredential && (keptCredential.kind === 'oauth' || keptCredential.kind === fields.kind);
  const placeholder = !canKeep
    ? undefined
    : keptCredential.kind === 'oauth'
      ? 'Leave empty to keep the saved sign-in'
      : `Leave empty to keep the saved token (${hintText(keptCredential.hint)})`;
  const signingIn = fields.kind === 'oauth';
  // Editing a signed-in org's domains or Remember should not need a new sign-in: this saves the rest and keeps it.
  const keepSignIn = signingIn && editing !== undefined && keptCredential?.kind === 'oauth' ? planSave({ ...fields, kind: 'api-token', token: '' }, saved) : undefined;

  return (
    <form
      class="org-form"
      noValidate
      aria-labelledby="form-heading"
      onSubmit={(event) => {
        event.preventDefault();
        if (busy) return;
        if (!plan.ok) {
          setSubmitted(true);
          const first = (Object.keys(IDS) as FieldName[]).find((f) => plan.problems[f]);
          if (first) document.getElementById(IDS[first])?.focus();
          return;
        }
        onSave(plan.plan);
      }}
    >
      <h2 id="form-heading" ref={heading} tabIndex={-1}>
        {editing ? `Edit ${editing.origin}` : 'Add an org'}
      </h2>

      <Field id={IDS.orgUrl} label="Okta org URL" problem={shown('orgUrl')}
        help={
          <>
            Your org's address, e.g. https://dev-123456.okta.com. The -admin address works too.
            {editing && ' While editing, the address stays fixed: remove the org to change it.'}
          </>
        }
        note={
          origin && (
            <p class="note" id="org-url-note">
              Saved as <strong>{origin}</strong>
              {!editing && saved && '. This org is saved already: saving replaces its settings.'}
            </p>
          )
        }
      >
        {(describedBy) => (
          <input
            id={IDS.orgUrl}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder="https://dev-123456.okta.com"
            value={fields.orgUrl}
            readOnly={editing !== undefined}
            aria-invalid={shown('orgUrl') ? true : undefined}
            aria-describedby={origin ? `${describedBy} org-url-note` : describedBy}
            onInput={(e) => set('orgUrl', e.currentTarget.value)}
            onBlur={leave('orgUrl')}
          />
        )}
      </Field>

      <Field id={IDS.customDomains} label="Custom domains" optional problem={shown('customDomains')}
        help="If users sign in at your own domain (a custom URL domain), list it so the inspector recognises those tabs. The browser asks for permission to read that site's cookies."
        note={
          domains.origins.length > 0 && (
            <p class="note" id="custom-domains-note">
              Recognised: {domains.origins.join(', ')}
            </p>
          )
        }
      >
        {(describedBy) => (
          <textarea
            id={IDS.customDomains}
            rows={3}
            autoComplete="off"
            spellcheck={false}
            placeholder="https://login.example.com"
            value={fields.customDomains}
            aria-invalid={shown('customDomains') ? true : undefined}
            aria-describedby={domains.origins.length > 0 ? `${describedBy} custom-domains-note` : describedBy}
            onInput={(e) => set('customDomains', e.currentTarget.value)}
            onBlur={leave('customDomains')}
          />
        )}
      </Field>

      <KindChoice kind={fields.kind} onChange={(kind) => set('kind', kind)} />

      {fields.kind === 'oauth' ? (
        <SignInFields
          fields={fields}
          set={set}
          problem={shown('clientId')}
          onLeaveClientId={leave('clientId')}
          redirectUri={redirectUri}
          copyText={copyText}
        />
      ) : (
        <Field id={IDS.token} label={TOKEN_LABEL[fields.kind]} problem={shown('token')} help={TOKEN_HELP[fields.kind]}>
          {(describedBy) => (
            <input
              id={IDS.token}
              type="password"
              autoComplete="off"
              spellcheck={false}
              placeholder={placeholder}
              value={fields.token}
              aria-invalid={shown('token') ? true : undefined}
              aria-describedby={describedBy}
              onInput={(e) => set('token', e.currentTarget.value)}
              onBlur={leave('token')}
            />
          )}
        </Field>
      )}

      <CheckField
        id="read-with-cookie"
        label="Read the session with this browser's cookie"
        checked={fields.readWithCookie}
        onChange={(checked) => set('readWithCookie', checked)}
        help={
          <>
            Where no credential can read the session (none saved, or Okta does not find an Identity Engine session by
            its id), the popup asks Okta with this browser's own session cookie (GET /api/v1/sessions/me), sent only to
            this org. Any signed-in user may do that; no credential goes with it.
          </>
        }
      />
      <CheckField
        id="remember"
        label="Remember on this device"
        checked={fields.remember}
        onChange={(checked) => set('remember', checked)}
        warning
        help={
          <>
            {signingIn ? 'The tokens are' : 'The token is'} written to this browser profile's disk. Anyone with access
            to this profile can use {signingIn ? 'them' : 'it'} until you {signingIn ? 'sign out' : 'remove it'} or{' '}
            {signingIn ? 'they expire' : 'it expires'}.
          </>
        }
      />

      {error && <ErrorAlert error={error} />}

      <div class="actions">
        <button type="submit" class="primary" aria-disabled={busy ? true : undefined}>
          {signingIn ? 'Sign in with Okta' : 'Save'}
        </button>
        {keepSignIn?.ok && (
          <button type="button" aria-disabled={busy ? true : undefined} onClick={() => !busy && onSave(keepSignIn.plan)}>
            Save
          </button>
        )}
        {editing && (
          <button type="button" onClick={onCancelEdit}>
            Cancel editing
          </button>
        )}
      </div>
    </form>
  );
}

const KINDS: { kind: CredentialChoice; text: string }[] = [
  { kind: 'api-token', text: 'API token' },
  { kind: 'access-token', text: 'OAuth access token' },
  { kind: 'oauth', text: 'Sign in with Okta' },
];

/**
 * An ARIA radio group rather than native radios: a native radio labelled "API token" would share its label with
 * the secret field, which users and tests find by the label "API token" (the stable contract in DESIGN.md).
 */
function KindChoice({ kind, onChange }: { kind: CredentialChoice; onChange(kind: CredentialChoice): void }) {
  const group = useRef<HTMLDivElement>(null);
  const move = (step: number) => {
    const at = KINDS.findIndex((k) => k.kind === kind);
    const next = KINDS[(at + step + KINDS.length) % KINDS.length]!;
    onChange(next.kind);
    group.current?.querySelector<HTMLElement>(`[data-kind="${next.kind}"]`)?.focus();
  };
  return (
    <div class="field">
      <p class="legend" id="kind-label">
        Credential
      </p>
      <div
        class="kind"
        role="radiogroup"
        ref={group}
        aria-labelledby="kind-label"
        aria-describedby="kind-help"
        onKeyDown={(event) => {
          const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
          if (step === undefined) return;
          event.preventDefault();
          move(step);
        }}
      >
        {KINDS.map((k) => (
          <button
            key={k.kind}
            type="button"
            role="radio"
            class="choice"
            data-kind={k.kind}
            aria-checked={k.kind === kind}
            tabIndex={k.kind === kind ? 0 : -1}
            onClick={() => onChange(k.kind)}
          >
            {k.text}
          </button>
        ))}
      </div>
      <p class="help" id="kind-help">
        What the inspector sends to this org to read, refresh and revoke sessions. Use arrow keys to switch.
      </p>
    </div>
  );
}
