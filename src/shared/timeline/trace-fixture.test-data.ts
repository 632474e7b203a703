// Fixed Timeline events for the export and viewer tests: a failed authorize (user not assigned), a session set,
// a sign-in request, a failed request, and the extension's own revoke.
import type { TimelineEvent } from './schema';

export const ORG = 'https://dev-123456.okta.com';
export const A = { key: 'AAAAAAAAAAAAAAAAAAAAAA', hint: '102A…AAAA' };
export const NOW = Date.UTC(2026, 10, 28, 12, 0, 0);

export const FIXED: TimelineEvent[] = [
  { kind: 'request', at: NOW - 5000, org: ORG, host: 'dev-123456.okta.com', method: 'GET', path: '/oauth2/v1/authorize', params: ['client_id=0oa1app', 'response_type=code', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256', 'redirect_uri'], status: 302, durationMs: 31, resourceType: 'main_frame',
    oauth: { clientId: '0oa1app', responseType: 'code', scope: 'openid profile', codeChallengeMethod: 'S256', sent: ['state', 'code_challenge'], redirectUri: 'https://app.example.com/callback' },
    back: { to: 'https://app.example.com/callback', error: 'access_denied', errorDescription: 'User is not assigned to the client application.', state: true } },
  { kind: 'cookie', at: NOW - 3000, org: ORG, host: 'dev-123456.okta.com', cookie: 'sid', change: 'set', cause: 'explicit', session: A },
  { kind: 'request', at: NOW - 2000, org: ORG, host: 'dev-123456.okta.com', method: 'POST', path: '/api/v1/authn', params: [], status: 200, durationMs: 40, resourceType: 'xmlhttprequest', session: A },
  { kind: 'request', at: NOW - 1500, org: ORG, host: 'dev-123456.okta.com', method: 'GET', path: '/login/sessionCookieRedirect', params: ['token', 'redirectUrl'], error: 'net::ERR_ABORTED', session: A },
  { kind: 'api', at: NOW - 1000, org: ORG, action: 'revoke', method: 'DELETE', path: '/api/v1/sessions/102A…AAAA', status: 204, durationMs: 12, session: A },
];
