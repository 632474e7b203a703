// The popup's answers when there is no live session to show: no cookie, an ended session, no credential, or a tab
// that is not Okta at all. Each says what is going on and what the user can do next. They load with the Timeline's
// chunk (extras.ts), a moment after the first paint, which is the session view's: the skeleton stands meanwhile.
import type { InspectView, OrgSummary } from '../shared/protocol';
import { AddOrgButton } from './AddOrgButton';
import { InBrowser } from './InBrowser';
import { hostOf, sourceLabel } from './view-model';

type ViewOf<S extends InspectView['state']> = Extract<InspectView, { state: S }>;

function OptionsButton({ onOpenOptions }: { onOpenOptions: () => void }) {
  return (
    <button type="button" onClick={onOpenOptions}>
      Open options
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
      <p>
        Okta {view.readWith === 'cookie' ? 'has no session for this browser’s cookie' : 'no longer knows session'}{' '}
        <span class="mono">{view.idHint}</span> ({sourceLabel(view.source)}) at {hostOf(view.org.origin)}
        {view.readWith === 'cookie' && ': signed out, revoked or idle (a cookie can outlive its session)'}. Sign in again to start a new one.
      </p>
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
      {view.source && <p>The browser’s {view.source} cookie could not read the session:</p>}
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

export type StateView = Exclude<InspectView, { state: 'session' }>;

export interface StatePanelProps {
  view: StateView;
  onPick: (origin: string) => void;
  onOpenOptions: () => void;
  onAddOrg: () => void;
}

/** The panel for a view that is not a live session. */
export function StatePanel({ view, onPick, onOpenOptions, onAddOrg }: StatePanelProps) {
  switch (view.state) {
    case 'no-cookie':
      return <NoCookie view={view} onOpenOptions={onOpenOptions} onAddOrg={onAddOrg} />;
    case 'ended':
      return <Ended view={view} onAddOrg={onAddOrg} />;
    case 'no-credential':
      return <NoCredential view={view} onOpenOptions={onOpenOptions} onAddOrg={onAddOrg} />;
    case 'not-okta':
      return <NotOkta view={view} onPick={onPick} onOpenOptions={onOpenOptions} />;
  }
}
