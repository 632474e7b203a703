// The popup's answers when there is no live session to show: still loading, no cookie, an ended session, no
// credential, or a tab that is not Okta at all. Each says what is going on and what the user can do next.
import type { InspectView, OrgSummary } from '../shared/protocol';
import { InBrowser } from './InBrowser';
import { hostOf, sourceLabel } from './view-model';

type ViewOf<S extends InspectView['state']> = Extract<InspectView, { state: S }>;

export function Loading({ org }: { org?: string | undefined }) {
  return (
    <section class="loading" aria-busy="true">
      <p>{org ? `Looking up the Okta session for ${hostOf(org)}…` : "Looking up this tab's Okta session…"}</p>
      <div class="skeleton wide" />
      <div class="skeleton" />
      <div class="skeleton" />
    </section>
  );
}

function OptionsButton({ onOpenOptions }: { onOpenOptions: () => void }) {
  return (
    <button type="button" onClick={onOpenOptions}>
      Open options
    </button>
  );
}

/** Offered on an Okta tab whose org is not set up yet (the view says `configured: false`). */
export function AddOrgButton({ onAddOrg }: { onAddOrg: () => void }) {
  return (
    <button type="button" onClick={onAddOrg}>
      Add this org
    </button>
  );
}

interface PanelProps<S extends InspectView['state']> {
  view: ViewOf<S>;
  onOpenOptions: () => void;
  onAddOrg: () => void;
}

export function NoCookie({ view, onOpenOptions, onAddOrg }: PanelProps<'no-cookie'>) {
  const host = hostOf(view.org.origin);
  return (
    <section>
      <h1 tabIndex={-1}>No Okta session in this browser for {host}</h1>
      <p>
        Sign in at{' '}
        <a href={view.org.origin} target="_blank" rel="noreferrer">
          {host}
        </a>{' '}
        in this browser, then open this popup again.
      </p>
      <InBrowser view={view} open />
      {view.configured === false ? (
        <AddOrgButton onAddOrg={onAddOrg} />
      ) : (
        !view.hasCredential && (
          <>
            <p>No credential is set up for this org yet either: add one to look up its sessions.</p>
            <OptionsButton onOpenOptions={onOpenOptions} />
          </>
        )
      )}
    </section>
  );
}

export function Ended({ view, onAddOrg }: { view: ViewOf<'ended'>; onAddOrg: () => void }) {
  return (
    <section>
      <h1 tabIndex={-1}>This session has ended or was revoked</h1>
      {view.readWith === 'cookie' ? (
        <p>
          Okta has no session for this browser’s session cookie ({sourceLabel(view.source)}, <span class="mono">{view.idHint}</span>) at{' '}
          {hostOf(view.org.origin)}: it was signed out, revoked, or went idle. The cookie can outlive its session. Sign in
          again to start a new one.
        </p>
      ) : (
        <p>
          Okta no longer knows session <span class="mono">{view.idHint}</span> ({sourceLabel(view.source)}) at{' '}
          {hostOf(view.org.origin)}. Sign in again to start a new one.
        </p>
      )}
      <InBrowser view={view} open />
      {view.configured === false && <AddOrgButton onAddOrg={onAddOrg} />}
    </section>
  );
}

export function NoCredential({ view, onOpenOptions, onAddOrg }: PanelProps<'no-credential'>) {
  const read = view.cookieRead;
  return (
    <section>
      <h1 tabIndex={-1}>No credential for {hostOf(view.org.origin)}</h1>
      {view.source && <p>This browser has a session cookie ({view.source}) for it, but its session could not be read with that cookie:</p>}
      {read && (
        <div class="read-with">
          <p>{read.message}</p>
          {(read.errorCode || read.requestId) && (
            <p class="muted mono">
              {[read.httpStatus && `HTTP ${read.httpStatus}`, read.errorCode, read.requestId && `request ${read.requestId}`].filter(Boolean).join(' · ')}
            </p>
          )}
        </div>
      )}
      <p>With an API token (or Sign in with Okta) the inspector reads the session by its id instead.</p>
      <InBrowser view={view} open />
      {view.configured === false ? <AddOrgButton onAddOrg={onAddOrg} /> : <OptionsButton onOpenOptions={onOpenOptions} />}
    </section>
  );
}

function cookieState(org: OrgSummary): string {
  const cookie = org.sessionCookie ? `signed in (${org.sessionCookie} cookie)` : 'no session in this browser';
  return org.hasCredential ? cookie : `${cookie}; no credential set up`;
}

interface NotOktaProps {
  view: ViewOf<'not-okta'>;
  onPick: (origin: string) => void;
  onOpenOptions: () => void;
}

export function NotOkta({ view, onPick, onOpenOptions }: NotOktaProps) {
  return (
    <section>
      <h1 tabIndex={-1}>Not an Okta page</h1>
      <p>
        {view.host
          ? `This tab is on ${view.host}, which is not an Okta org or a custom domain set up in the options.`
          : 'This tab has no web address to inspect.'}
      </p>
      {view.orgs.length > 0 ? (
        <>
          <h2>Your Okta orgs</h2>
          <ul class="orgs">
            {view.orgs.map((org) => (
              <li key={org.origin}>
                <button type="button" class="org" onClick={() => onPick(org.origin)}>
                  <span>{hostOf(org.origin)}</span>
                  <span class="muted">{cookieState(org)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>No Okta org is set up yet.</p>
          <OptionsButton onOpenOptions={onOpenOptions} />
        </>
      )}
    </section>
  );
}
