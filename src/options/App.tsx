// The options page: what the extension does with credentials, the saved orgs, and the add/edit form.
// It holds no secret beyond what the user is typing, and talks to the worker only through `send`.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ErrorInfo, OrgSettingsView, ReplyFor, RequestOf, RequestType } from '../shared/protocol';
import { ErrorAlert } from './ErrorAlert';
import { StartGuide } from './StartGuide';
import { HostAccessBanner } from './HostAccessBanner';
import type { HostAccess } from './host-access';
import type { SavePlan } from './form';
import { OrgForm } from './OrgForm';
import { OrgList } from './OrgList';

export type SendFn = <T extends RequestType>(request: RequestOf<T>) => Promise<ReplyFor<T>>;
/** `browser.permissions.request`, narrowed to what this page asks for. */
export type PermissionRequester = (permissions: { origins: string[] }) => Promise<boolean>;

export interface AppProps {
  send: SendFn;
  requestPermissions: PermissionRequester;
  /** Opened by the extension right after install (`options.html?welcome`): show the start guide. */
  welcome?: boolean;
  /** identity.getRedirectURL(): what an Okta app must list for Sign in with Okta; undefined if unavailable. */
  redirectUri?: string | undefined;
  copyText?: (text: string) => Promise<void>;
  /** Checks the sites the inspector needs and warns when the browser withholds one; none: no check. */
  hostAccess?: HostAccess | undefined;
}

const noClipboard = () => Promise.reject(new Error('no clipboard'));

export function App({ send, requestPermissions, redirectUri, copyText = noClipboard, hostAccess, welcome = false }: AppProps) {
  const [orgs, setOrgs] = useState<OrgSettingsView[] | undefined>();
  const [listError, setListError] = useState<ErrorInfo | undefined>();
  const [formError, setFormError] = useState<ErrorInfo | undefined>();
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<OrgSettingsView | undefined>();
  // A new key remounts the form: the simplest way to be sure nothing typed (a token above all) survives a save.
  const [formKey, setFormKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const listHeading = useRef<HTMLHeadingElement>(null);

  async function loadOrgs(): Promise<void> {
    const reply = await ask(send, { type: 'settings/get' });
    if (reply.ok) {
      setOrgs(reply.orgs);
      setListError(undefined);
    } else setListError(reply.error);
  }

  useEffect(() => {
    void loadOrgs();
  }, []);

  function resetForm() {
    setEditing(undefined);
    setFormError(undefined);
    setFormKey((k) => k + 1);
  }

  function save(plan: SavePlan): void {
    setFormError(undefined);
    setStatus(plan.request.type === 'oauth/sign-in' ? 'Sign in in the Okta window that opened. This page waits for you.' : '');
    setBusy(true);
    // Browsers grant host permissions only while handling the user's click: ask before anything else awaits.
    let granted: Promise<boolean>;
    try {
      granted = plan.permissions.length > 0 ? requestPermissions({ origins: plan.permissions }) : Promise.resolve(true);
    } catch (error) {
      granted = Promise.reject(error);
    }
    void finishSave(plan, granted).finally(() => setBusy(false));
  }

  async function finishSave(plan: SavePlan, granted: Promise<boolean>): Promise<void> {
    const sites = plan.permissions.map((p) => p.replace(/\/\*$/, '')).join(', ');
    let allowed: boolean;
    try {
      allowed = await granted;
    } catch (error) {
      setStatus('');
      setFormError({
        kind: 'permission',
        message: `Nothing was saved: the browser could not ask for access to ${sites} (${error instanceof Error ? error.message : String(error)}).`,
      });
      return;
    }
    if (!allowed) {
      setStatus('');
      setFormError({
        kind: 'permission',
        message: `Nothing was saved: the browser did not grant access to ${sites}. The inspector needs it to read that site's cookies and recognise its tabs. Save again and allow it, or remove the custom domain.`,
      });
      return;
    }
    const request = plan.request;
    const reply = request.type === 'oauth/sign-in' ? await ask(send, request) : await ask(send, request);
    if (!reply.ok) {
      setStatus('');
      setFormError(reply.error);
      return;
    }
    const saved = reply.org;
    setOrgs((list) => [...(list ?? []).filter((o) => o.origin !== saved.origin), saved]);
    resetForm();
    const who = saved.credential?.signedInAs;
    setStatus(request.type === 'oauth/sign-in' ? `Signed in to ${saved.origin}${who ? ` as ${who}` : ''}.` : `Saved ${saved.origin}.`);
    await loadOrgs();
  }

  /** Sign out forgets the tokens even when Okta could not revoke them, so the list is read again either way. */
  async function signOut(origin: string): Promise<void> {
    setStatus('');
    setListError(undefined);
    setBusy(true);
    const reply = await ask(send, { type: 'oauth/sign-out', origin });
    setBusy(false);
    if (reply.ok) {
      setOrgs(reply.orgs);
      setStatus(`Signed out of ${origin}: Okta revoked the tokens.`);
    } else {
      setListError(reply.error);
      const list = await ask(send, { type: 'settings/get' });
      if (list.ok) setOrgs(list.orgs);
    }
  }

  async function remove(origin: string): Promise<void> {
    setStatus('');
    setListError(undefined);
    setBusy(true);
    const reply = await ask(send, { type: 'settings/remove-org', origin });
    setBusy(false);
    if (!reply.ok) {
      setListError(reply.error);
      return;
    }
    setOrgs(reply.orgs);
    if (editing?.origin === origin) resetForm();
    setStatus(`Removed ${origin}.`);
    listHeading.current?.focus();
  }

  return (
    <main>
      <header>
        <h1>Okta Session Inspector: orgs and credentials</h1>
        {welcome && <StartGuide />}
        <Intro />
      </header>

      {hostAccess && <HostAccessBanner access={hostAccess} orgs={orgs} request={requestPermissions} />}

      <section aria-labelledby="orgs-heading">
        <h2 id="orgs-heading" ref={listHeading} tabIndex={-1}>
          Saved orgs
        </h2>
        <p role="status" class="status">
          {status}
        </p>
        {listError && <ErrorAlert error={listError} />}
        {listError && orgs === undefined && (
          <button type="button" onClick={() => void loadOrgs()}>
            Try again
          </button>
        )}
        {orgs === undefined ? (
          !listError && <p class="empty">Loading saved orgs…</p>
        ) : (
          <OrgList
            orgs={orgs}
            editing={editing?.origin}
            busy={busy}
            onEdit={(org) => {
              setStatus('');
              setEditing(org);
              setFormError(undefined);
              setFormKey((k) => k + 1);
            }}
            onRemove={(origin) => void remove(origin)}
            onSignOut={(origin) => void signOut(origin)}
          />
        )}
      </section>

      <section>
        <OrgForm
          key={formKey}
          editing={editing}
          orgs={orgs ?? []}
          busy={busy}
          error={formError}
          onSave={save}
          onCancelEdit={resetForm}
          redirectUri={redirectUri}
          copyText={copyText}
        />
      </section>
    </main>
  );
}

function Intro() {
  return (
    <>
      <p>
        The inspector shows, refreshes and revokes the Okta session of the tab you are looking at. To ask Okta about a
        session it needs a credential for that org, which you enter here.
      </p>
      <ul class="intro">
        <li>
          A credential is sent only to its own org's address (e.g. https://dev-123456.okta.com), never to a custom
          domain or any other site. Only the extension's background worker holds it; this page never shows it again.
        </li>
        <li>
          Reading a session needs the <code>okta.sessions.read</code> permission; refreshing and revoking need{' '}
          <code>okta.sessions.manage</code>.
        </li>
        <li>
          An API token acts with all the rights of the admin who created it. An OAuth access token is limited to the
          scopes it was granted and to its admin's rights.
        </li>
        <li>
          Sign in with Okta needs only an OIDC app's Client ID: you sign in as yourself, the inspector renews the
          access token by itself, and Sign out revokes the tokens at Okta.
        </li>
      </ul>
    </>
  );
}

/** `send`, with a rejected promise (which the real one never returns) turned into a failure the page can show. */
async function ask<T extends RequestType>(send: SendFn, request: RequestOf<T>): Promise<ReplyFor<T>> {
  try {
    return await send(request);
  } catch (error) {
    return { ok: false, error: { kind: 'internal', message: `The extension did not answer: ${error instanceof Error ? error.message : String(error)}` } };
  }
}
