// Which org a tab (or an explicit org target) belongs to, and where to read its session cookie. An Okta host
// names its org by itself; any other host belongs to an org only when the user listed it as that org's
// custom domain. The org's origin, never the tab's, is where its credential may later be sent.
// Where: a tab in a Firefox container or a private window has cookies (so an Okta session) of its own, and
// reading the main store's instead would show, and let the user revoke, another session than the tab's.
import { normalizeOrgUrl, oktaOrgOriginForHost } from '../okta/org';
import type { OrgRef } from '../shared/protocol';
import type { WorkerDeps } from './deps';
import { requireOktaAccess } from './host-access';
import type { OrgRecord } from './settings-store';
import { WorkerError } from './worker-error';

export type Target =
  | {
      kind: 'org';
      org: OrgRef;
      /** The configured org, when there is one (an unconfigured Okta host has none, so no credential). */
      record: OrgRecord | undefined;
      /** Where the session cookie lives: the tab's origin, or the org's for an org target. */
      cookieUrl: string;
      /** The tab's cookie store; absent: the browser's main one. */
      storeId?: string;
    }
  | { kind: 'not-okta'; host?: string; storeId?: string };

export interface TargetRequest {
  tabId?: number | undefined;
  org?: string | undefined;
}

/** `orgs` may still be loading: the tab is read from the browser meanwhile (the popup waits on this path). */
export async function resolveTarget(
  deps: WorkerDeps,
  request: TargetRequest,
  orgs: readonly OrgRecord[] | Promise<readonly OrgRecord[]>,
): Promise<Target> {
  const loading = Promise.resolve(orgs);
  if ((request.tabId === undefined) === (request.org === undefined)) {
    loading.catch(() => undefined);
    throw new WorkerError('bad_request', 'A session request must name either a tab or an org, not both or neither.');
  }
  if (request.org !== undefined) return orgTarget(request.org, await loading);
  return tabTarget(deps, request.tabId as number, loading);
}

function orgTarget(input: string, orgs: readonly OrgRecord[]): Target {
  let origin = input;
  try {
    origin = normalizeOrgUrl(input).origin;
  } catch {
    // Compared as given: it matches nothing unless it already is a stored origin.
  }
  const record = orgs.find((o) => o.origin === origin);
  if (!record) throw new WorkerError('invalid_input', 'That org is not configured. Add it on the options page first.');
  return { kind: 'org', org: { origin: record.origin }, record, cookieUrl: record.origin };
}

async function tabTarget(deps: WorkerDeps, tabId: number, loading: Promise<readonly OrgRecord[]>): Promise<Target> {
  let tab: Awaited<ReturnType<WorkerDeps['tabs']['get']>>;
  try {
    tab = await deps.tabs.get(tabId);
  } catch {
    loading.catch(() => undefined);
    throw new WorkerError('invalid_input', 'That tab is gone. Open the popup again on the tab you want to inspect.');
  }
  const orgs = await loading;
  const store = inStore(await cookieStoreOf(deps, tabId, tab));
  const url = parseWebUrl(tab.url);
  if (!url) {
    // A hidden URL may be an Okta tab the user withdrew the extension's access to.
    if (tab.url === undefined) await requireOktaAccess(deps);
    return { kind: 'not-okta', ...store };
  }
  const tabOrigin = url.origin;

  const oktaOrigin = url.protocol === 'https:' ? oktaOrgOriginForHost(url.hostname) : undefined;
  if (oktaOrigin) {
    return {
      kind: 'org',
      org: tabOrigin === oktaOrigin ? { origin: oktaOrigin } : { origin: oktaOrigin, via: tabOrigin },
      record: orgs.find((o) => o.origin === oktaOrigin),
      cookieUrl: tabOrigin,
      ...store,
    };
  }
  const own = orgs.find((o) => o.origin === tabOrigin);
  if (own) return { kind: 'org', org: { origin: own.origin }, record: own, cookieUrl: tabOrigin, ...store };
  const aliased = orgs.find((o) => o.customDomains.includes(tabOrigin));
  if (aliased) return { kind: 'org', org: { origin: aliased.origin, via: tabOrigin }, record: aliased, cookieUrl: tabOrigin, ...store };
  return { kind: 'not-okta', host: url.hostname, ...store };
}

/**
 * The cookie store a tab uses. Firefox names it on the tab (containers, private windows). Chrome does not, and
 * only an incognito tab can use another store than the main one: it is found among the stores' tab lists.
 */
async function cookieStoreOf(
  deps: WorkerDeps,
  tabId: number,
  tab: { incognito?: boolean; cookieStoreId?: string },
): Promise<string | undefined> {
  if (tab.cookieStoreId) return tab.cookieStoreId;
  if (!tab.incognito) return undefined;
  const store = deps.cookieStores ? (await deps.cookieStores().catch(() => [])).find((s) => s.tabIds.includes(tabId)) : undefined;
  // The main store would hold the other window's session: better no answer than the wrong session.
  if (!store) throw new WorkerError('internal', 'The browser did not say which cookies this incognito tab uses, so its session cannot be read.');
  return store.id;
}

const inStore = (storeId: string | undefined): { storeId?: string } => (storeId === undefined ? {} : { storeId });

function parseWebUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
