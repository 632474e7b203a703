// Which org a tab (or an explicit org target) belongs to, and where to read its session cookie. An Okta host
// names its org by itself; any other host belongs to an org only when the user listed it as that org's
// custom domain. The org's origin, never the tab's, is where its credential may later be sent.
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
    }
  | { kind: 'not-okta'; host?: string };

export interface TargetRequest {
  tabId?: number | undefined;
  org?: string | undefined;
}

export async function resolveTarget(deps: WorkerDeps, request: TargetRequest, orgs: readonly OrgRecord[]): Promise<Target> {
  if ((request.tabId === undefined) === (request.org === undefined)) {
    throw new WorkerError('bad_request', 'A session request must name either a tab or an org, not both or neither.');
  }
  if (request.org !== undefined) return orgTarget(request.org, orgs);
  return tabTarget(deps, request.tabId as number, orgs);
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

async function tabTarget(deps: WorkerDeps, tabId: number, orgs: readonly OrgRecord[]): Promise<Target> {
  let tabUrl: string | undefined;
  try {
    tabUrl = (await deps.tabs.get(tabId)).url;
  } catch {
    throw new WorkerError('invalid_input', 'That tab is gone. Open the popup again on the tab you want to inspect.');
  }
  const url = parseWebUrl(tabUrl);
  if (!url) {
    // A hidden URL may be an Okta tab the user withdrew the extension's access to.
    if (tabUrl === undefined) await requireOktaAccess(deps);
    return { kind: 'not-okta' };
  }
  const tabOrigin = url.origin;

  const oktaOrigin = url.protocol === 'https:' ? oktaOrgOriginForHost(url.hostname) : undefined;
  if (oktaOrigin) {
    return {
      kind: 'org',
      org: tabOrigin === oktaOrigin ? { origin: oktaOrigin } : { origin: oktaOrigin, via: tabOrigin },
      record: orgs.find((o) => o.origin === oktaOrigin),
      cookieUrl: tabOrigin,
    };
  }
  const own = orgs.find((o) => o.origin === tabOrigin);
  if (own) return { kind: 'org', org: { origin: own.origin }, record: own, cookieUrl: tabOrigin };
  const aliased = orgs.find((o) => o.customDomains.includes(tabOrigin));
  if (aliased) return { kind: 'org', org: { origin: aliased.origin, via: tabOrigin }, record: aliased, cookieUrl: tabOrigin };
  return { kind: 'not-okta', host: url.hostname };
}

function parseWebUrl(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
