import { describe, expect, it } from 'vitest';
import { ORIGIN_RULE_ID, originRule, originStripper, withoutOrigin, type OriginRule, type SessionRulesApi } from './origin-rule';

const EXT = 'ggpnlkpakjjfpcofddpohjgcglckoakm';

/** An in-memory stand-in for declarativeNetRequest's session rules, counting reads and writes. */
function rulesApi(initial: OriginRule[] = []): SessionRulesApi & { rules: OriginRule[]; reads: number; writes: number } {
  const api = {
    rules: [...initial],
    reads: 0,
    writes: 0,
    async getSessionRules() {
      api.reads++;
      return structuredClone(api.rules);
    },
    async updateSessionRules({ removeRuleIds, addRules }: { removeRuleIds: number[]; addRules: OriginRule[] }) {
      api.writes++;
      api.rules = [...api.rules.filter((r) => !removeRuleIds.includes(r.id)), ...structuredClone(addRules)];
    },
  };
  return api;
}

describe('originRule', () => {
  it('removes Origin only from this extension’s own fetches to Okta’s domains', () => {
    const rule = originRule(EXT);
    expect(rule.action).toEqual({ type: 'modifyHeaders', requestHeaders: [{ header: 'origin', operation: 'remove' }] });
    expect(rule.condition.initiatorDomains).toEqual([EXT]);
    expect(rule.condition.resourceTypes).toEqual(['xmlhttprequest']);
    expect(rule.condition.requestDomains).toEqual(
      ['okta-emea.com', 'okta-gov.com', 'okta-miltest.com', 'okta.com', 'okta.mil', 'oktapreview.com', 'trex-govcloud.com'],
    );
  });

  it('adds a custom domain once, and no host Okta’s domains already cover', () => {
    const rule = originRule(EXT, ['login.example.com', 'LOGIN.example.com', 'acme.okta.com']);
    expect(rule.condition.requestDomains.filter((d) => !d.includes('okta') && !d.includes('trex'))).toEqual(['login.example.com']);
  });
});

describe('originStripper', () => {
  it('writes the rule before the first request, then only when a new host appears', async () => {
    const api = rulesApi();
    const ensure = originStripper(api, EXT);
    await ensure('https://acme.okta.com/api/v1/sessions/x');
    expect(api.rules).toEqual([originRule(EXT, [])]);
    await ensure('https://acme-admin.okta.com/oauth2/v1/token');
    expect(api.writes).toBe(1);
    await ensure('https://login.example.com/api/v1/sessions/me');
    expect(api.writes).toBe(2);
    expect(api.rules[0]!.condition.requestDomains).toContain('login.example.com');
    // A new worker event reads what the browser kept, and writes nothing for a host already covered.
    const again = originStripper(api, EXT);
    await again('https://login.example.com/api/v1/sessions/me');
    expect(api.writes).toBe(2);
    expect(api.rules.filter((r) => r.id === ORIGIN_RULE_ID)).toHaveLength(1);
  });

  it('reads the rule once, as soon as it is made, not in front of the first request', async () => {
    const api = rulesApi([originRule(EXT, [])]);
    const ensure = originStripper(api, EXT);
    expect(api.reads).toBe(1);
    await ensure('https://acme.okta.com/api/v1/sessions/x');
    await ensure('https://acme.oktapreview.com/api/v1/sessions/y');
    expect([api.reads, api.writes]).toEqual([1, 0]);
  });

  it('lets the request go out when the browser has no API or refuses the rule', async () => {
    await expect(originStripper(undefined, EXT)('https://acme.okta.com/')).resolves.toBeUndefined();
    const broken: SessionRulesApi = {
      getSessionRules: async () => [],
      updateSessionRules: async () => {
        throw new Error('rule refused');
      },
    };
    await expect(originStripper(broken, EXT)('https://acme.okta.com/')).resolves.toBeUndefined();
  });

  it('checks the rule before handing the request to fetch', async () => {
    const order: string[] = [];
    const f = withoutOrigin(
      async (input) => {
        order.push(`fetch ${String(input)}`);
        return new Response('');
      },
      async (url) => {
        order.push(`ensure ${url}`);
      },
    );
    await f('https://acme.okta.com/a');
    await f(new URL('https://acme.okta.com/b'));
    expect(order).toEqual(['ensure https://acme.okta.com/a', 'fetch https://acme.okta.com/a', 'ensure https://acme.okta.com/b', 'fetch https://acme.okta.com/b']);
  });
});
