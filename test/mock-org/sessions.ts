import { authorize } from './auth';
import { sendEmpty, sendJson, sendOktaError, type MockContext } from './http';
import type { Router } from './router';

// The Sessions API (spec/sessions-openapi.json). Choices where the spec is silent or loose:
// - POST /api/v1/sessions with an unknown, used or expired session token answers 401 E0000004
//   "Authentication failed", as Okta's Sessions reference documents for "invalid session token" (the OpenAPI
//   excerpt only says "400"); a body that is not JSON is 400 E0000003; a missing sessionToken is 400 E0000001.
// - A session that never existed, ended or expired answers 404 E0000007 on GET, refresh and DELETE.
// - The cookie-authenticated /me calls are served too (Okta removed them from the spec but orgs still answer).

const notFound = (ctx: MockContext, id: string): void =>
  sendOktaError(ctx.res, 'E0000007', { detail: `Resource not found: ${id} (Session)` });

function createSession(ctx: MockContext): void {
  if (!authorize(ctx, 'api-token')) return;
  let body: unknown;
  try {
    body = JSON.parse(ctx.body);
  } catch {
    sendOktaError(ctx.res, 'E0000003');
    return;
  }
  const token = (body as { sessionToken?: unknown } | null)?.sessionToken;
  if (typeof token !== 'string' || token === '') {
    sendOktaError(ctx.res, 'E0000001', { detail: 'sessionToken', causes: ['sessionToken: The field cannot be left blank'] });
    return;
  }
  const login = ctx.org.redeemSessionToken(token);
  if (!login) {
    sendOktaError(ctx.res, 'E0000004');
    return;
  }
  sendJson(ctx.res, 200, ctx.org.createSession(login));
}

function getSession(ctx: MockContext): void {
  if (!authorize(ctx, 'read')) return;
  const s = ctx.org.activeSession(ctx.params.sessionId!);
  if (!s) return notFound(ctx, ctx.params.sessionId!);
  sendJson(ctx.res, 200, s);
}

function refreshSession(ctx: MockContext): void {
  if (!authorize(ctx, 'manage')) return;
  const s = ctx.org.refreshSession(ctx.params.sessionId!);
  if (!s) return notFound(ctx, ctx.params.sessionId!);
  sendJson(ctx.res, 200, s);
}

function revokeSession(ctx: MockContext): void {
  if (!authorize(ctx, 'manage')) return;
  const id = ctx.params.sessionId!;
  if (!ctx.org.activeSession(id)) return notFound(ctx, id);
  ctx.org.endSession(id);
  sendEmpty(ctx.res, 204);
}

/**
 * /api/v1/sessions/me*: the browser's own session, found from its sid or idx cookie alone. A request that names a
 * credential instead is refused (403 E0000005, "An API token isn't allowed for this request."; Okta's exact reply
 * here is UNCONFIRMED). An Identity Engine session's answer has no `idp`, as Identity Engine's does not.
 */
function me(action: 'get' | 'refresh' | 'delete') {
  return (ctx: MockContext): void => {
    if (ctx.credential) {
      return sendOktaError(ctx.res, 'E0000005', { causes: ["An API token isn't allowed for this request."] });
    }
    const s = ctx.org.sessionFromCookies(ctx.cookies);
    if (!s) return notFound(ctx, 'me');
    if (action === 'delete') {
      ctx.org.endSession(s.id);
      return sendEmpty(ctx.res, 204);
    }
    const answer = action === 'refresh' ? ctx.org.refreshSession(s.id)! : s;
    if (s.id.startsWith('idx')) {
      const { idp: _idp, ...rest } = answer;
      return sendJson(ctx.res, 200, rest);
    }
    sendJson(ctx.res, 200, answer);
  };
}

export function sessionRoutes(router: Router): void {
  router.route('POST', '/api/v1/sessions', createSession);
  router.route('GET', '/api/v1/sessions/me', me('get'));
  router.route('DELETE', '/api/v1/sessions/me', me('delete'));
  router.route('POST', '/api/v1/sessions/me/lifecycle/refresh', me('refresh'));
  router.route('GET', '/api/v1/sessions/:sessionId', getSession);
  router.route('DELETE', '/api/v1/sessions/:sessionId', revokeSession);
  router.route('POST', '/api/v1/sessions/:sessionId/lifecycle/refresh', refreshSession);
}
