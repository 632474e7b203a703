// Okta treats a request that carries an `Origin` header as a web page's: at the token endpoint it then wants PKCE
// and an origin registered as a redirect URI or Trusted Origin, and its API answers an untrusted one with 403
// E0000212. A fetch from the worker sends `Origin: chrome-extension://…` (or `moz-extension://…`) on every POST
// and DELETE, and an extension origin cannot be registered in Okta. So the extension's own requests are made to
// look like the Okta SDKs' server calls: a declarativeNetRequest session rule removes the header, matched only
// for requests whose initiator is this extension and whose host is an Okta org host (or a host the worker is
// about to call, such as a custom domain). Page requests never match: their initiator is the page.
import { OKTA_DOMAINS } from '../okta/org';

export const ORIGIN_RULE_ID = 1;

/** The rule's shape, as both browsers' declarativeNetRequest take it (the fields used here). */
export interface OriginRule {
  id: number;
  priority: number;
  action: { type: 'modifyHeaders'; requestHeaders: Array<{ header: 'origin'; operation: 'remove' }> };
  condition: { initiatorDomains: string[]; requestDomains: string[]; resourceTypes: Array<'xmlhttprequest'> };
}

/** `browser.declarativeNetRequest`, the two calls used. Absent where the browser lacks the API or the permission. */
export interface SessionRulesApi {
  getSessionRules(): Promise<Array<{ id: number; condition?: { requestDomains?: string[] } }>>;
  updateSessionRules(options: { removeRuleIds: number[]; addRules: OriginRule[] }): Promise<void>;
}

/** Okta's domains (each covers its subdomains, as requestDomains does) plus `extraHosts`, sorted and unique. */
export function originRule(extensionHost: string, extraHosts: readonly string[] = []): OriginRule {
  const covered = (host: string) => OKTA_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
  const extra = extraHosts.map((h) => h.toLowerCase()).filter((h) => !covered(h));
  return {
    id: ORIGIN_RULE_ID,
    priority: 1,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] },
    condition: {
      initiatorDomains: [extensionHost],
      requestDomains: [...new Set([...OKTA_DOMAINS, ...extra])].sort(),
      // fetch() from the worker or an extension page is `xmlhttprequest` in both browsers.
      resourceTypes: ['xmlhttprequest'],
    },
  };
}

/**
 * Makes sure the rule covers `url`'s host before the request goes out. The rule is read from the browser once,
 * as soon as the stripper is made (beside the handler's other reads, not in front of its first request), and
 * rewritten only when a host is missing from it. A session rule outlives a stopped worker and only this code
 * changes it, so what was read stays true for the worker's life. Without the API, requests go out as they are;
 * Okta's refusal is then explained.
 */
export function originStripper(api: SessionRulesApi | undefined, extensionHost: string): (url: string) => Promise<void> {
  const read = async (): Promise<Set<string>> => {
    const rules = await api!.getSessionRules();
    const rule = rules.find((r) => r.id === ORIGIN_RULE_ID);
    return new Set(rule?.condition?.requestDomains ?? []);
  };
  let domains: Promise<Set<string>> | undefined = api ? read() : undefined;
  // Awaited (and its failure handled) by the first request; this only keeps it from being reported unhandled.
  domains?.catch(() => undefined);
  return async (url) => {
    if (!api) return;
    let host: string;
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      return;
    }
    try {
      domains ??= read();
      const known = await domains;
      if ([...known].some((d) => host === d || host.endsWith(`.${d}`))) return;
      const rule = originRule(extensionHost, [...known, host]);
      domains = Promise.resolve(new Set(rule.condition.requestDomains));
      await api.updateSessionRules({ removeRuleIds: [ORIGIN_RULE_ID], addRules: [rule] });
    } catch {
      // The request still goes out; if Okta refuses its Origin, the error says so in plain words.
      domains = undefined;
    }
  };
}

/** `fetch`, with the rule checked for the request's host first. */
export function withoutOrigin(fetchFn: typeof fetch, ensure: (url: string) => Promise<void>): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    await ensure(url);
    return fetchFn(input, init);
  };
}
