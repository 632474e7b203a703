// The popup: asks the worker for the cached view and a fresh one at once, paints whichever it has, and runs the
// user's actions. It talks to nothing but `send` (the worker), so it never sees a credential or an Okta URL.
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  failure,
  type ErrorInfo,
  type InspectView,
  type ReplyFor,
  type RequestOf,
  type RequestType,
} from '../shared/protocol';
import { SessionPanel, type Busy, type SessionState } from './SessionPanel';
import { SessionDiagnoses } from './SessionDiagnoses';
import { ErrorBox } from './ErrorBox';
import { TabBar, type PopupTab } from './TabBar';
import { LazyState } from './LazyState';
import { Loading } from './Loading';
import { formatWhen, parseTime } from './time';
import type { Target } from './target';
import { hostOf } from './view-model';
import type { Live, TabInfo } from '../shared/live';

export type Send = <T extends RequestType>(request: RequestOf<T>) => Promise<ReplyFor<T>>;

/** The Timeline and Advanced views, loaded on first use so the session view paints from a smaller bundle. */
type Extras = typeof import('./extras');

export interface AppProps {
  send: Send;
  /** The tab (or org) this popup inspects; the entry reads the URL and the active tab. */
  resolveTarget: () => Promise<Target>;
  openOptions: () => void;
  copyText: (text: string) => Promise<void>;
  /** Offers `text` as a file download (Export JSON); default: the browser's, loaded with the Timeline view. */
  saveFile?: (name: string, text: string) => void;
  /** Calls back whenever the recorded timeline changes; default: storage.onChanged, loaded with the view. */
  watchTimeline?: (onChange: () => void) => () => void;
  /** Loads the Timeline and Advanced views. */
  loadExtras?: () => Promise<Extras>;
  /**
   * The first look-up, already asked of the worker by the entry before Preact mounted (so the first reply is
   * not held behind the first render); without it the App resolves the target and asks itself.
   */
  firstLoad?: Promise<FirstLoad>;
  /**
   * Keeps the view live (cookie changes, navigations; the side panel also follows its window's active tab and
   * names it). The surface is the entry's business: panel.html is this App with the panel's wiring and styles.
   */
  live?: Live;
  /** The popup's **Open side panel**; called inside the click (the browser requires a user action). */
  openPanel?: (target: Target | null) => void;
}

export interface FirstLoad {
  target: Target;
  cached: Promise<ReplyFor<'session/cached'>>;
  inspect: Promise<ReplyFor<'session/inspect'>>;
}

interface Failed {
  error: ErrorInfo;
  retry: () => void;
}

export function App({ send, resolveTarget, openOptions, copyText, saveFile, watchTimeline, loadExtras = () => import('./extras'), firstLoad, live, openPanel }: AppProps) {
  const [tab, setTab] = useState<PopupTab>('session');
  const [extras, setExtras] = useState<Extras | null>(null);
  const [extrasFailed, setExtrasFailed] = useState(false);
  const [target, setTarget] = useState<Target | null>(null);
  const [home, setHome] = useState<Target | null>(null);
  const [view, setShown] = useState<InspectView | null>(null);
  /** The view last put on screen, for the live watch (state alone is only read at the next render). */
  const onScreen = useRef<InspectView | null>(null);
  const setView = (v: InspectView | null) => {
    onScreen.current = v;
    setShown(v);
  };
  const [updating, setUpdating] = useState(false);
  const [failed, setFailed] = useState<Failed | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState('');
  /** Add this org: the inline form is open (it loads with the Timeline's chunk). */
  const [adding, setAdding] = useState(false);
  const [shownTab, setShownTab] = useState<TabInfo | null>(null);
  /** What the live watch was started for: a load's target. A followed tab switch moves the watch by itself. */
  const [watched, setWatched] = useState<Target | null>(null);
  /** The latest fresh look at the worker, so a live look waits for it (and then finds its cached view). */
  const inflight = useRef<Promise<unknown> | undefined>(undefined);
  // Replies to a superseded request (an earlier load, or an inspect overtaken by an action) are dropped.
  const generation = useRef(0);

  // A rejected promise would leave the popup spinning; turn it into a failure the user can read and retry.
  const call = <T extends RequestType>(request: RequestOf<T>): Promise<ReplyFor<T>> =>
    send(request).catch((e: unknown) => failure('internal', `The popup could not ask the worker: ${String(e)}`));

  /** `live`: a look of the live watch, which keeps watching as it is (a followed tab has moved it already). */
  const load = (t: Target, keepView: boolean, asked?: Pick<FirstLoad, 'cached' | 'inspect'>, live?: boolean) => {
    const gen = ++generation.current;
    setTarget(t);
    if (!live) setWatched(t);
    setFailed(null);
    setNotice('');
    setUpdating(true);
    if (!keepView) setView(null);
    let fresh = false;
    const guard = <T,>(p: Promise<T>) => p.catch((e: unknown) => failure('internal', `The popup could not ask the worker: ${String(e)}`));
    const cached = asked ? guard(asked.cached) : call({ type: 'session/cached', ...t });
    const inspect = asked ? guard(asked.inspect) : call({ type: 'session/inspect', ...t });
    inflight.current = inspect;
    void cached.then((reply) => {
      if (gen === generation.current && !fresh && reply.ok && reply.view) setView(reply.view);
    });
    void inspect.then((reply) => {
      if (gen !== generation.current) return;
      fresh = true;
      setUpdating(false);
      if (reply.ok) setView(reply.view);
      else setFailed({ error: reply.error, retry: () => load(t, true) });
    });
  };

  // The live watch (loaded after the first paint, src/shared/live-look.ts) reaches the view through these.
  useEffect(
    () =>
      live && watched
        ? live(watched, {
            send: call,
            pending: () => inflight.current,
            begin: () => {
              const gen = ++generation.current;
              return () => gen === generation.current;
            },
            show: (v) => {
              setFailed(null);
              setView(v);
            },
            load: (t, asked) => {
              load(t, true, asked, true);
              return inflight.current!;
            },
            move: (t) => {
              setHome(t);
              setTarget(t);
              setView(null);
            },
            tab: setShownTab,
            current: () => onScreen.current,
            announce: setNotice,
          })
        : undefined,
    [watched],
  );

  useEffect(() => {
    const first = firstLoad ?? resolveTarget().then((target) => ({ target, asked: undefined }));
    first.then(
      (f) => {
        setHome(f.target);
        load(f.target, false, 'cached' in f ? f : undefined);
      },
      (e: unknown) =>
        setFailed({
          error: { kind: 'internal', message: `Could not tell which tab to inspect: ${String(e)}` },
          retry: () => location.reload(),
        }),
    );
  }, []);

  const act = async (kind: 'refresh' | 'revoke', shown: SessionState) => {
    if (!target) return;
    const gen = ++generation.current;
    setBusy(kind);
    setUpdating(false);
    setFailed(null);
    setNotice('');
    const sessionKey = shown.session.key;
    // As the session was read: with the org's credential, or with the browser's own cookie.
    const how = shown.readWith ? { readWith: shown.readWith } : {};
    const reply =
      kind === 'refresh'
        ? await call({ type: 'session/refresh', ...target, sessionKey, ...how })
        : await call({ type: 'session/revoke', ...target, sessionKey, confirmed: true, ...how });
    if (gen !== generation.current) return;
    setBusy(null);
    if (!reply.ok) {
      // A refresh may simply be tried again; a revoke needs a fresh look (and a fresh confirmation).
      const again = kind === 'refresh' && reply.error.kind !== 'stale';
      setFailed({ error: reply.error, retry: again ? () => void act(kind, shown) : () => load(target, true) });
      return;
    }
    setView(reply.view);
    if (kind === 'revoke') {
      setNotice('Session revoked.');
      // The focused button is gone with the session: put keyboard focus on the new heading.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('h1')?.focus());
    } else {
      const exp = reply.view.state === 'session' ? parseTime(reply.view.session.expiresAt) : undefined;
      setNotice(exp === undefined ? 'Session refreshed.' : `Session refreshed: it now expires at ${formatWhen(exp, Date.now())}.`);
    }
  };

  const copy = (text: string, what: string) =>
    copyText(text).then(
      () => setNotice(`Copied ${what}.`),
      () => setNotice(`Could not copy ${what} to the clipboard.`),
    );

  const needExtras = () => {
    if (!extras) loadExtras().then(setExtras, () => setExtrasFailed(true));
  };

  const openTab = (next: PopupTab) => {
    setTab(next);
    if (next !== 'session') needExtras();
  };

  const addOrg = () => {
    setAdding(true);
    needExtras();
    requestAnimationFrame(() => document.getElementById('add-org-heading')?.focus());
  };

  /** The org is set up now: look at the tab again, by id with the new credential. */
  const orgAdded = (message: string) => {
    setAdding(false);
    if (target) load(target, false);
    setNotice(message);
  };

  /** A session the Advanced view created and this browser adopted: it is now the tab's session. */
  const adopted = (created: InspectView) => {
    ++generation.current;
    setFailed(null);
    setUpdating(false);
    setView(created);
    setNotice('Created a new session and set it in this browser.');
    setTab('session');
  };

  const currentKey = view?.state === 'session' ? view.session.key : view?.state === 'ended' ? view.sessionKey : undefined;

  const org = view && view.state !== 'not-okta' ? view.org : (failed?.error.org ?? (target?.org ? { origin: target.org } : undefined));
  const pickedFromList = !!target?.org && !home?.org;

  return (
    <>
      <header class="bar">
        {pickedFromList && home && (
          <button type="button" class="small" onClick={() => load(home, false)}>
            ← This tab
          </button>
        )}
        <span class="org">
          {org ? hostOf(org.origin) : 'Okta Session Inspector'}
          {org?.via && <span class="muted"> via {hostOf(org.via)}</span>}
        </span>
        <span class="updating" role="status">
          {updating && view ? 'Updating…' : ''}
        </span>
        {openPanel && (
          <button type="button" class="small" onClick={() => openPanel(target)}>
            Open side panel
          </button>
        )}
      </header>
      <TabBar selected={tab} onSelect={openTab} />
      <main>
        {tab !== 'session' && (
          <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
            {extras ? (
              tab === 'timeline' ? (
                <extras.TimelinePanel
                  send={call}
                  currentKey={currentKey}
                  copyText={copyText}
                  saveFile={saveFile ?? extras.saveFile}
                  watch={watchTimeline ?? extras.watchTimeline}
                  onShowSession={() => setTab('session')}
                  diagnose={{ ...(org ? { org: org.origin } : {}), sessionGone: view?.state === 'ended' }}
                  siteAccess={extras.siteAccess}
                />
              ) : (
                <extras.AdvancedPanel send={call} target={target} view={view} onAdopted={adopted} />
              )
            ) : (
              <p class="muted" role={extrasFailed ? 'alert' : 'status'}>
                {extrasFailed ? 'This view could not be loaded. Reopen the popup.' : 'Loading…'}
              </p>
            )}
          </div>
        )}
        <div id="panel-session" role="tabpanel" aria-labelledby="tab-session" hidden={tab !== 'session'}>
          {failed && <ErrorBox error={failed.error} onRetry={failed.retry} onOpenOptions={openOptions} />}
          <SessionDiagnoses send={call} view={view} copyText={copyText} />
          <p class="notice" role="status">
            {notice}
          </p>
          {shownTab && <p class="live muted">Showing {shownTab.title ? `“${shownTab.title}”` : `tab ${shownTab.tabId}`}</p>}
          {adding && view && view.state !== 'not-okta' ? (
            extras ? (
              <extras.AddOrgForm send={call} origin={view.org.origin} onSaved={orgAdded} onCancel={() => setAdding(false)} />
            ) : (
              <p class="muted" role={extrasFailed ? 'alert' : 'status'}>
                {extrasFailed ? 'This view could not be loaded. Reopen the popup.' : 'Loading…'}
              </p>
            )
          ) : view ? (
            <ViewPanel
              view={view}
              busy={busy}
              onRefresh={(v) => void act('refresh', v)}
              onRevoke={(v) => void act('revoke', v)}
              onCopyJson={(v) =>
                void loadExtras().then(
                  (x) => copy(x.sessionJson(v), 'the session as JSON'),
                  () => setNotice('Could not copy the session as JSON to the clipboard.'),
                )
              }
              onPick={(origin) => load({ org: origin }, false)}
              onOpenOptions={openOptions}
              onAddOrg={addOrg}
            />
          ) : (
            !failed && <Loading org={target?.org} />
          )}
        </div>
      </main>
    </>
  );
}

interface ViewPanelProps {
  view: InspectView;
  busy: Busy;
  onRefresh: (v: SessionState) => void;
  onRevoke: (v: SessionState) => void;
  onCopyJson: (v: SessionState) => void;
  onPick: (origin: string) => void;
  onOpenOptions: () => void;
  onAddOrg: () => void;
}

function ViewPanel({ view, busy, onRefresh, onRevoke, onCopyJson, onPick, onOpenOptions, onAddOrg }: ViewPanelProps) {
  switch (view.state) {
    case 'session':
      return (
        <SessionPanel
          view={view}
          busy={busy}
          onRefresh={() => onRefresh(view)}
          onRevoke={() => onRevoke(view)}
          onCopyJson={() => onCopyJson(view)}
          onAddOrg={onAddOrg}
        />
      );
    default:
      return <LazyState view={view} onPick={onPick} onOpenOptions={onOpenOptions} onAddOrg={onAddOrg} />;
  }
}
