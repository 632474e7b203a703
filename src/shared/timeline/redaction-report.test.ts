import { describe, expect, it } from 'vitest';
import { redactionCounts, redactionSummary } from './redaction-report';
import type { TimelineEvent } from './schema';

const ORG = 'https://dev-123456.okta.com';
const HOST = 'dev-123456.okta.com';
const events: TimelineEvent[] = [
  { kind: 'cookie', at: 1, org: ORG, host: HOST, cookie: 'sid', change: 'set', cause: 'explicit' },
  { kind: 'request', at: 2, org: ORG, host: HOST, method: 'GET', path: '/oauth2/v1/authorize', params: ['client_id=0oa1', 'state', 'nonce', '[redacted]', '…'], signals: { cookies: ['sid', 'DT'] } },
  { kind: 'request', at: 3, org: ORG, host: HOST, method: 'GET', path: '/login/token/redirect/[redacted]', params: ['stateToken'] },
  { kind: 'api', at: 4, org: ORG, action: 'inspect', method: 'GET', path: '/api/v1/sessions/102A…AAAA' },
];

describe('redaction report', () => {
  it('counts query values kept by name only, redacted path tokens and cookies named', () => {
    expect(redactionCounts(events)).toEqual({ queryValues: 4, pathSegments: 1, cookieValues: 3 });
  });
  it('reads as one line', () => {
    expect(redactionSummary(events)).toBe(
      "Left out of exports: 4 query values, 1 path token, 3 cookies' values, all header values, all request and response bodies.",
    );
    expect(redactionSummary([])).toBe("Left out of exports: 0 query values, 0 cookies' values, all header values, all request and response bodies.");
  });
});
