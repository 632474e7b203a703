import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from './schema';
import { describeEvent, groupBySession, sessionEnd, storeWords } from './view';

const ORG = 'https://dev-123456.okta.com';
const ACME = 'https://acme.okta.com';
const A = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102A…AAAA' };
const B = { key: 'BBBBBBBBBBBBBBBBBBBBBB', hint: '102B…BBBB' };

const req = (at: number, session?: typeof A, org = ORG): TimelineEvent => ({
  kind: 'request',
  at,
  org,
  host: new URL(org).hostname,
  method: 'GET',
  path: '/login/login.htm',
  params: [],
  ...(session ? { session } : {}),
});
const cookie = (at: number, change: 'set' | 'replaced' | 'removed', session?: typeof A, previous?: typeof A): TimelineEvent => ({
  kind: 'cookie',
  at,
  org: ORG,
  host: 'dev-123456.okta.com',
  cookie: 'sid',
  change,
  cause: change === 'removed' ? 'expired_overwrite' : change === 'replaced' ? 'overwrite' : 'explicit',
  ...(session ? { session } : {}),
  ...(previous ? { previous } : {}),
});

describe('groupBySession', () => {
  it('groups by org and session, newest group first, events newest first; no session is its own group', () => {
    const events = [req(1), cookie(2, 'set', A), req(3, A), req(4, undefined, ACME), cookie(5, 'replaced', B, A), req(6, B), req(7)];
    const groups = groupBySession(events);
    expect(groups.map((g) => [g.org, g.session?.hint ?? null, g.events.map((e) => e.at)])).toEqual([
      [ORG, null, [7, 1]],
      [ORG, '102B…BBBB', [6, 5]],
      [ACME, null, [4]],
      [ORG, '102A…AAAA', [3, 2]],
    ]);
    expect(groups[1]).toMatchObject({ newestAt: 6, oldestAt: 5, cookie: 'sid', ended: false, key: `${ORG} ${B.key}` });
    expect(groups[3]).toMatchObject({ ended: true }); // replaced by B
    expect(groups[0]!.ended).toBe(false);
  });

  it('a removal or a successful revoke ends a session; a later set starts it again', () => {
    expect(groupBySession([cookie(1, 'set', A), cookie(2, 'removed', A)])[0]!.ended).toBe(true);
    expect(groupBySession([cookie(1, 'set', A), cookie(2, 'removed', A), cookie(3, 'set', A)])[0]!.ended).toBe(false);
    const revoke = (status: number): TimelineEvent => ({ kind: 'api', at: 2, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/x', status, session: A });
    expect(groupBySession([cookie(1, 'set', A), revoke(204)])[0]!.ended).toBe(true);
    expect(groupBySession([cookie(1, 'set', A), revoke(403)])[0]!.ended).toBe(false);
  });

  it('keeps requests without a session apart per cookie store, and names the store of each group', () => {
    const inPrivate = (e: TimelineEvent): TimelineEvent => ({ ...e, store: 'firefox-private' }) as TimelineEvent;
    const revoke: TimelineEvent = { kind: 'api', at: 6, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/x', status: 204, session: B };
    const groups = groupBySession([req(1), inPrivate(req(2)), inPrivate(cookie(3, 'set', B)), req(4, A), inPrivate(req(5, B)), revoke]);
    expect(groups.map((g) => [g.session?.hint ?? null, g.store ?? 'main', g.events.map((e) => e.at)])).toEqual([
      // The extension's own revoke names no store, and still joins the private window's session.
      ['102B…BBBB', 'firefox-private', [6, 5, 3]],
      ['102A…AAAA', 'main', [4]],
      [null, 'firefox-private', [2]],
      [null, 'main', [1]],
    ]);
    expect(groups[0]!.ended).toBe(true);
  });

  it('keeps the recorded order for events of the same time', () => {
    const g = groupBySession([req(5), { ...req(5), path: '/login/second' } as TimelineEvent]);
    expect(g[0]!.events.map((e) => (e.kind === 'request' ? e.path : ''))).toEqual(['/login/second', '/login/login.htm']);
  });

  it('an empty timeline has no groups', () => expect(groupBySession([])).toEqual([]));
});

describe('describeEvent', () => {
  it.each<[TimelineEvent, string]>([
    [cookie(1, 'set', A), 'sid cookie set: session 102A…AAAA'],
    [cookie(1, 'replaced', B, A), 'sid cookie replaced: session 102B…BBBB (was 102A…AAAA)'],
    [cookie(1, 'removed', A), 'sid cookie removed: the site cleared it: session 102A…AAAA'],
    [{ ...cookie(1, 'removed', A), cause: 'expired' } as TimelineEvent, 'sid cookie removed: it expired: session 102A…AAAA'],
    [cookie(1, 'set'), 'sid cookie set: no valid session id'],
    [
      { kind: 'request', at: 1, org: ORG, host: 'h', method: 'POST', path: '/api/v1/authn', params: ['x', 'scope=openid'], status: 200, durationMs: 45 },
      'POST /api/v1/authn?x&scope=openid → 200, 45 ms',
    ],
    [{ kind: 'request', at: 1, org: ORG, host: 'h', method: 'GET', path: '/oauth2/v1/authorize', params: [], error: 'net::ERR_ABORTED' }, 'GET /oauth2/v1/authorize failed: net::ERR_ABORTED'],
    [
      { kind: 'api', at: 1, org: ORG, action: 'refresh', method: 'POST', path: '/api/v1/sessions/102A…AAAA/lifecycle/refresh', status: 404, errorCode: 'E0000007', error: 'Not found' },
      'Refresh session: POST /api/v1/sessions/102A…AAAA/lifecycle/refresh → 404 (E0000007 Not found)',
    ],
  ])('%#', (event, words) => expect(describeEvent(event)).toBe(words));
});

describe('storeWords', () => {
  it('names Firefox private windows and containers and Chrome incognito; nothing for the main store', () => {
    expect([undefined, 'firefox-private', 'firefox-container-4', '1', 'other-7'].map(storeWords)).toEqual([
      undefined,
      'in a private window',
      'in a container tab (firefox-container-4)',
      'in an incognito window',
      'in cookie store other-7',
    ]);
  });
});

describe('sessionEnd', () => {
  it('names what ended a session: a removal, a replacement (and by whom) or a revoke; nothing while it lives', () => {
    const revoke: TimelineEvent = { kind: 'api', at: 9, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/x', status: 204, session: B };
    const events = [cookie(1, 'set', A), req(2, A), cookie(3, 'replaced', B, A), req(4, B), revoke, req(10, B)];
    const groups = groupBySession(events);
    const a = groups.find((g) => g.session?.key === A.key)!;
    const b = groups.find((g) => g.session?.key === B.key)!;
    expect(sessionEnd(a, events)).toEqual({ at: 3, how: 'replaced', by: B });
    expect(sessionEnd(b, events)).toEqual({ at: 9, how: 'revoked' });
    const removed = [cookie(1, 'set', A), cookie(5, 'removed', A)];
    expect(sessionEnd(groupBySession(removed)[0]!, removed)).toEqual({ at: 5, how: 'removed' });
    const live = [cookie(1, 'set', A)];
    expect(sessionEnd(groupBySession(live)[0]!, live)).toBeUndefined();
  });
});
