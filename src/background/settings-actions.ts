// The options page's requests: list orgs, save one (normalised, with or without a new secret), remove one.
// Replies describe a credential by kind and last four characters only (a sign-in: by who, until when, what for).
import { isOktaError } from '../okta/errors';
import { normalizeOrgUrl, type OrgUrl } from '../okta/org';
import type { CredentialSummary, OrgSettingsView, RequestOf } from '../shared/protocol';
import type { WorkerDeps } from './deps';
import { forgetSignIn, revokeTokens } from './oauth-tokens';
import {
  deleteSecret,
  loadOrgs,
  loadSecret,
  moveSecret,
  writeOrgs,
  writeSecret,
  withSettingsLock,
  type OrgRecord,
  type StoredSecret,
} from './settings-store';
import { forgetCachedView } from './view-cache';
import { WorkerError } from './worker-error';

const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Below this length, even four characters give away too much of a token, so the hint shows none. */
const MIN_LENGTH_FOR_HINT = 12;

export async function listOrgs(deps: WorkerDeps): Promise<OrgSettingsView[]> {
  const orgs = await loadOrgs(deps);
  return Promise.all(orgs.map((org) => settingsView(deps, org)));
}

export async function saveOrg(deps: WorkerDeps, request: RequestOf<'settings/save-org'>): Promise<OrgSettingsView> {
  const org = normalizeOrgUrl(request.orgUrl);
  const customDomains = normaliseCustomDomains(org, request.customDomains);
  const secret = request.credential && checkedSecret(request.credential);

  return withSettingsLock(async () => {
    const orgs = await loadOrgs(deps);
    const others = orgs.filter((o) => o.origin !== org.origin);
    assertNoClaim(org.origin, customDomains, others);
    const existing = orgs.find((o) => o.origin === org.origin);
    const record: OrgRecord = { origin: org.origin, customDomains, remember: request.remember };
    if (existing?.clientId !== undefined) record.clientId = existing.clientId;
    if (existing?.oauth !== undefined) record.oauth = existing.oauth;
    const readWithCookie = request.readWithCookie ?? existing?.readWithCookie;
    if (readWithCookie === false) record.readWithCookie = false;

    const replaced = secret && existing ? await loadSecret(deps, existing) : undefined;
    if (secret) await writeSecret(deps, record.origin, secret, record.remember);
    else if (existing && existing.remember !== record.remember) await moveSecret(deps, record.origin, record.remember);
    // Replace in place so the options page keeps its order.
    await writeOrgs(deps, existing ? orgs.map((o) => (o === existing ? record : o)) : [...orgs, record]);
    // The credential or domains may have changed what the tab's view would be.
    await forgetCachedView(deps, record.origin);
    await endSignIn(deps, record.origin, replaced);
    return settingsView(deps, record);
  });
}

export async function removeOrg(deps: WorkerDeps, request: RequestOf<'settings/remove-org'>): Promise<OrgSettingsView[]> {
  let origin = request.origin;
  try {
    origin = normalizeOrgUrl(request.origin).origin;
  } catch {
    // Compared as given; an origin that is not stored removes nothing.
  }
  return withSettingsLock(async () => {
    const orgs = await loadOrgs(deps);
    const remaining = orgs.filter((o) => o.origin !== origin);
    const removed = orgs.find((o) => o.origin === origin);
    const secret = removed ? await loadSecret(deps, removed) : undefined;
    await writeOrgs(deps, remaining);
    await deleteSecret(deps, origin);
    await forgetCachedView(deps, origin);
    await endSignIn(deps, origin, secret);
    return Promise.all(remaining.map((o) => settingsView(deps, o)));
  });
}

/**
 * When a sign-in's tokens are dropped (org removed, or an API token saved in their place): its key and alarm go,
 * and Okta is asked to revoke the tokens. Best effort: the org is gone from the extension either way.
 */
async function endSignIn(deps: WorkerDeps, origin: string, dropped: StoredSecret | undefined): Promise<void> {
  if (dropped?.kind !== 'oauth') return;
  await forgetSignIn(deps, origin);
  await revokeTokens(deps, origin, dropped).catch(() => undefined);
}

export async function settingsView(deps: WorkerDeps, org: OrgRecord): Promise<OrgSettingsView> {
  const secret = await loadSecret(deps, org);
  const view: OrgSettingsView = {
    origin: org.origin,
    customDomains: [...org.customDomains],
    credential: secret ? credentialSummary(secret, org.remember) : null,
    readWithCookie: org.readWithCookie !== false,
  };
  if (org.clientId !== undefined) view.clientId = org.clientId;
  if (org.oauth !== undefined) view.oauth = { ...org.oauth };
  return view;
}

export function credentialSummary(secret: StoredSecret, remember: boolean): CredentialSummary {
  if (secret.kind === 'oauth') {
    const summary: CredentialSummary = {
      kind: 'oauth',
      hint: '',
      remember,
      expiresAt: secret.expiresAt,
      scopes: [...secret.scopes],
      canRenew: secret.refreshToken !== undefined,
      dpop: secret.tokenType === 'DPoP',
    };
    if (secret.signedInAs !== undefined) summary.signedInAs = secret.signedInAs;
    return summary;
  }
  const hint = secret.token.length >= MIN_LENGTH_FOR_HINT ? `…${secret.token.slice(-4)}` : '…';
  return { kind: secret.kind, hint, remember };
}

function checkedSecret(credential: { kind: 'api-token' | 'access-token'; token: string }): StoredSecret {
  const token = credential.token.trim();
  const label = credential.kind === 'api-token' ? 'API token' : 'access token';
  if (!token) throw new WorkerError('invalid_input', `The ${label} is empty: paste it again.`);
  if (!TOKEN_CHARS.test(token)) {
    throw new WorkerError(
      'invalid_input',
      `The ${label} contains spaces or characters a token cannot have: paste it again, without quotes or line breaks.`,
    );
  }
  return { kind: credential.kind, token };
}

/**
 * Custom domains as origins. An Okta host is accepted only when it is this org's own (then it adds nothing):
 * listing another org's host would let this org's credential follow that org's tabs.
 */
export function normaliseCustomDomains(org: OrgUrl, inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (!input.trim()) continue;
    let domain: OrgUrl;
    try {
      domain = normalizeOrgUrl(input);
    } catch (error) {
      if (isOktaError(error)) {
        throw new WorkerError('invalid_input', `Custom domain ${quote(input)}: ${error.message}`);
      }
      throw error;
    }
    if (domain.origin === org.origin) continue;
    if (domain.kind === 'okta') {
      throw new WorkerError(
        'invalid_input',
        `Custom domain ${quote(input)} is the Okta org ${domain.origin}, not a custom domain of ${org.origin}.`,
      );
    }
    if (!out.includes(domain.origin)) out.push(domain.origin);
  }
  return out;
}

/** One address belongs to one org: otherwise which credential a tab uses would depend on list order. */
export function assertNoClaim(origin: string, customDomains: readonly string[], others: readonly OrgRecord[]): void {
  for (const other of others) {
    if (other.customDomains.includes(origin)) {
      throw new WorkerError('invalid_input', `${origin} is already listed as a custom domain of ${other.origin}.`);
    }
    for (const domain of customDomains) {
      if (domain === other.origin || other.customDomains.includes(domain)) {
        throw new WorkerError('invalid_input', `Custom domain ${domain} already belongs to ${other.origin}.`);
      }
    }
  }
}

function quote(input: string): string {
  const text = input.trim();
  return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}
