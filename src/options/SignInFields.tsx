// The Sign in with Okta part of the form: the app's Client ID, the exact redirect URI to register (with Copy),
// whether to use DPoP, and whether to stay signed in. Nothing here is secret: the tokens stay in the worker.
import { useState } from 'preact/hooks';
import { CheckField, Field } from './Field';
import type { DpopChoice, FormFields } from './form';

interface Props {
  fields: FormFields;
  set<K extends keyof FormFields>(key: K, value: FormFields[K]): void;
  problem: string | undefined;
  onLeaveClientId(): void;
  /** identity.getRedirectURL(); undefined when this browser offers extensions no sign-in window. */
  redirectUri: string | undefined;
  copyText(text: string): Promise<void>;
}

const DPOP_CHOICES: { value: DpopChoice; label: string }[] = [
  { value: 'auto', label: 'When the app requires it' },
  { value: 'on', label: 'Always' },
  { value: 'off', label: 'Never' },
];

export function SignInFields({ fields, set, problem, onLeaveClientId, redirectUri, copyText }: Props) {
  const [copied, setCopied] = useState('');
  const copy = () => {
    if (!redirectUri) return;
    copyText(redirectUri).then(
      () => setCopied('Copied the redirect URI.'),
      () => setCopied('Could not copy: select the URI and copy it by hand.'),
    );
  };
  return (
    <>
      <Field
        id="client-id"
        label="Client ID"
        problem={problem}
        help={
          <>
            The Client ID of an OIDC app in this org (Admin Console → Applications → the app → General). Create it as
            a Single-Page Application with the Authorization Code grant and PKCE (no client secret), grant it{' '}
            <code>okta.sessions.read</code> and <code>okta.sessions.manage</code> on its Okta API Scopes tab, assign it
            to the admins who will sign in, and add the redirect URI below to its Sign-in redirect URIs.
          </>
        }
      >
        {(describedBy) => (
          <input
            id="client-id"
            type="text"
            autoComplete="off"
            spellcheck={false}
            placeholder="0oa…"
            value={fields.clientId}
            aria-invalid={problem ? true : undefined}
            aria-describedby={describedBy}
            onInput={(e) => set('clientId', e.currentTarget.value)}
            onBlur={onLeaveClientId}
          />
        )}
      </Field>

      <div class="field">
        <p class="legend" id="redirect-uri-label">
          Sign-in redirect URI
        </p>
        {redirectUri ? (
          <div class="redirect-uri">
            <code id="redirect-uri">{redirectUri}</code>
            <button type="button" aria-describedby="redirect-uri-label" onClick={copy}>
              Copy
            </button>
          </div>
        ) : (
          <p class="problem">This browser does not offer extensions a sign-in window, so Sign in with Okta cannot work here.</p>
        )}
        <p class="help" id="redirect-uri-help">
          Register exactly this URI in the app, or Okta shows an error page instead of signing you in. It names this
          browser's copy of the extension: another browser has its own.
        </p>
        <p class="status" role="status">
          {copied}
        </p>
      </div>

      <fieldset class="field choices" aria-describedby="dpop-help">
        <legend>Use DPoP</legend>
        {DPOP_CHOICES.map((c) => (
          <label key={c.value} class="choice-row">
            <input type="radio" name="dpop" value={c.value} checked={fields.dpop === c.value} onChange={() => set('dpop', c.value)} />
            {c.label}
          </label>
        ))}
        <p class="help" id="dpop-help">
          Only if the app requires Demonstrating Proof of Possession: the tokens are then bound to a key that cannot
          leave this browser, and the inspector proves it holds the key with every request.
        </p>
      </fieldset>

      <CheckField
        id="stay-signed-in"
        label="Stay signed in"
        checked={fields.staySignedIn}
        onChange={(checked) => set('staySignedIn', checked)}
        help={
          <>
            Asks Okta for a refresh token (<code>offline_access</code>), so the one-hour access token renews without
            you. The app must allow the Refresh Token grant. Without it, sign in again when the hour is up.
          </>
        }
      />
    </>
  );
}
