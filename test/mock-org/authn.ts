import { escapeHtml, redirect, sendHtml, sendJson, sendOktaError, type MockContext } from './http';
import { COOKIE_ATTRS, page, safeReturnPath } from './pages';
import type { Router } from './router';

/** How long OrgState.issueSessionToken's tokens live, as Okta's (5 minutes). */
const SESSION_TOKEN_LIFETIME_MS = 5 * 60 * 1000;

// Okta Classic's primary authentication and the session-token -> cookie step:
// - POST /api/v1/authn {username, password} -> {status: 'SUCCESS', sessionToken, expiresAt, _embedded.user}
//   (no MFA in the mock). A wrong username or password: 401 E0000004 "Authentication failed". A body that is
//   not JSON: 400 E0000003. A missing username or password: 400 E0000001 naming the field.
// - GET /login/sessionCookieRedirect?token=<sessionToken>&redirectUrl=<url>: redeems the one-time token, sets
//   the org's session cookie (sid, or idx in oie mode) and redirects to redirectUrl when it is on this org
//   (a path, or an absolute https URL on one of the org's hosts), else to /app/UserHome. An unknown, used or
//   expired token: a 403 page with role="alert" and no cookie (the mock's choice; Okta shows an error page).

function primaryAuthentication(ctx: MockContext): void {
  let body: unknown;
  try {
    body = JSON.parse(ctx.body);
  } catch {
    return sendOktaError(ctx.res, 'E0000003');
  }
  const { username, password } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const [field, value] of [['username', username], ['password', password]] as const) {
    if (typeof value !== 'string' || value === '') {
      return sendOktaError(ctx.res, 'E0000001', { detail: field, causes: [`${field}: The field cannot be left blank`] });
    }
  }
  const user = ctx.org.verifyPassword(username as string, password as string);
  if (!user) return sendOktaError(ctx.res, 'E0000004');
  const sessionToken = ctx.org.issueSessionToken(user.login);
  sendJson(ctx.res, 200, {
    expiresAt: new Date(ctx.now() + SESSION_TOKEN_LIFETIME_MS).toISOString(),
    status: 'SUCCESS',
    sessionToken,
    _embedded: {
      user: {
        id: user.id,
        passwordChanged: null,
        profile: {
          login: user.login,
          firstName: user.firstName,
          lastName: user.lastName,
          locale: 'en',
          timeZone: 'America/Los_Angeles',
        },
      },
    },
  });
}

/** A path on this org, or an absolute https URL on one of its hosts; anything else gives the fallback. */
function sameOrgRedirect(ctx: MockContext, raw: string | null): string {
  if (raw && /^https:\/\//i.test(raw)) {
    try {
      const url = new URL(raw);
      if (ctx.org.hosts.includes(url.hostname.toLowerCase()) && !url.username && !url.password) return url.href;
    } catch {
      // falls through to the fallback
    }
    return '/app/UserHome';
  }
  return safeReturnPath(raw);
}

function sessionCookieRedirect(ctx: MockContext): void {
  const token = ctx.query.get('token') ?? '';
  const login = token ? ctx.org.redeemSessionToken(token) : undefined;
  if (!login) {
    return sendHtml(
      ctx.res,
      403,
      page(
        `${ctx.org.host} - Error`,
        `<h1>Sign-in failed</h1>\n<p role="alert">${escapeHtml('The session token is invalid or has expired.')}</p>`,
      ),
    );
  }
  const session = ctx.org.createSession(login);
  const cookie = ctx.org.sessionCookie(session.id);
  redirect(ctx.res, sameOrgRedirect(ctx, ctx.query.get('redirectUrl')), {
    'Set-Cookie': `${cookie.name}=${cookie.value}; ${COOKIE_ATTRS}`,
  });
}

export function authnRoutes(router: Router): void {
  router.route('POST', '/api/v1/authn', primaryAuthentication);
  router.route('GET', '/login/sessionCookieRedirect', sessionCookieRedirect);
}
