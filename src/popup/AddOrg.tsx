// **Add this org**, inline: an Okta tab whose org is not set up yet gets the org URL filled in from the tab and
// the two ways to add a credential (an API token, or Sign in with Okta) without a trip to the options page. The
// token lives in the field until it is sent to the worker once, and is never shown back.
import { useState } from 'preact/hooks';
import type { ErrorInfo } from '../shared/protocol';
import type { Send } from './App';
import { ErrorBox } from './ErrorBox';

export interface AddOrgFormProps {
  send: Send;
  /** The tab's org, e.g. https://acme.okta.com. */
  origin: string;
  /** The org is saved (with a credential, or signed in): look at the tab again. */
  onSaved: (message: string) => void;
  onCancel: () => void;
}

export function AddOrgForm({ send, origin, onSaved, onCancel }: AddOrgFormProps) {
  const [orgUrl, setOrgUrl] = useState(origin);
  const [token, setToken] = useState('');
  const [clientId, setClientId] = useState('');
  const [busy, setBusy] = useState<'save' | 'sign-in' | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy || !token.trim()) return;
    setBusy('save');
    setError(null);
    const reply = await send({
      type: 'settings/save-org',
      orgUrl,
      customDomains: [],
      credential: { kind: 'api-token', token: token.trim() },
      remember: false,
    });
    setBusy(null);
    if (!reply.ok) return setError(reply.error);
    setToken('');
    onSaved(`Saved ${reply.org.origin} with its API token.`);
  };

  const signIn = async () => {
    if (busy || !clientId.trim()) return;
    setBusy('sign-in');
    setError(null);
    // The browser's sign-in window may close this popup; the worker finishes the sign-in either way.
    const reply = await send({ type: 'oauth/sign-in', orgUrl, customDomains: [], clientId: clientId.trim(), dpop: 'auto', staySignedIn: true, remember: false });
    setBusy(null);
    if (!reply.ok) return setError(reply.error);
    onSaved(`Signed in to ${reply.org.origin}${reply.org.credential?.signedInAs ? ` as ${reply.org.credential.signedInAs}` : ''}.`);
  };

  return (
    <section class="add-org" aria-labelledby="add-org-heading">
      <h2 id="add-org-heading" tabIndex={-1}>
        Add this org
      </h2>
      <p class="muted note">
        A credential lets the inspector read any session by its id, and refresh or revoke it as an admin. It stays in
        the extension’s worker, sent only to this org, and is forgotten when the browser closes (the options page can
        keep it).
      </p>
      <form onSubmit={(e) => void save(e)}>
        <label for="add-org-url">Okta org URL</label>
        <input id="add-org-url" type="url" value={orgUrl} onInput={(e) => setOrgUrl(value(e))} spellcheck={false} />
        <label for="add-org-token">API token</label>
        <input id="add-org-token" type="password" autocomplete="off" spellcheck={false} value={token} onInput={(e) => setToken(value(e))} aria-describedby="add-org-token-help" />
        <p id="add-org-token-help" class="muted note">
          Admin Console → Security → API → Tokens. Needs an admin who may manage this user’s sessions.
        </p>
        <div class="actions">
          <button type="submit" disabled={busy !== null || !token.trim()}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy !== null}>
            Cancel
          </button>
        </div>
      </form>
      <label for="add-org-client">Client ID</label>
      <input id="add-org-client" type="text" spellcheck={false} value={clientId} onInput={(e) => setClientId(value(e))} aria-describedby="add-org-client-help" />
      <p id="add-org-client-help" class="muted note">
        Or sign in with an OIDC app of this org (authorization code + PKCE) granted okta.sessions.read and
        okta.sessions.manage; the options page shows the redirect URI the app must list.
      </p>
      <div class="actions">
        <button type="button" onClick={() => void signIn()} disabled={busy !== null || !clientId.trim()}>
          {busy === 'sign-in' ? 'Signing in…' : 'Sign in with Okta'}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
    </section>
  );
}
