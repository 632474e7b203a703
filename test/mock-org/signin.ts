import { escapeHtml, redirect, sendHtml, type MockContext } from './http';
import { showIdxSignIn } from './idx';
import { COOKIE_ATTRS, page, safeReturnPath } from './pages';
import type { Router } from './router';

// The org's own pages: a sign-in form that sets the session cookie a real org sets (sid for Classic, idx for
// Identity Engine), a home page naming the signed-in user, and sign-out.

function signInPage(ctx: MockContext, opts: { error?: string; username?: string; fromURI?: string } = {}): string {
  return page(
    `${ctx.org.host} - Sign In`,
    `<h1>Sign In</h1>
${opts.error ? `<p role="alert" class="o-form-error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="/login/login.htm" id="signin-form">
  <input type="hidden" name="fromURI" value="${escapeHtml(opts.fromURI ?? '')}">
  <label for="okta-signin-username">Username</label>
  <input id="okta-signin-username" name="username" type="text" autocomplete="username" value="${escapeHtml(opts.username ?? '')}">
  <label for="okta-signin-password">Password</label>
  <input id="okta-signin-password" name="password" type="password" autocomplete="current-password">
  <button type="submit" id="okta-signin-submit">Sign In</button>
</form>`,
  );
}

function showSignIn(ctx: MockContext): void {
  // Identity Engine orgs sign in through /idp/idx/* (idx.ts); POST /login/login.htm below still works for both.
  if (ctx.org.mode === 'oie') return showIdxSignIn(ctx);
  sendHtml(ctx.res, 200, signInPage(ctx, { fromURI: ctx.query.get('fromURI') ?? '' }));
}

function signIn(ctx: MockContext): void {
  const form = new URLSearchParams(ctx.body);
  const username = form.get('username') ?? '';
  const fromURI = form.get('fromURI') ?? '';
  const user = ctx.org.verifyPassword(username, form.get('password') ?? '');
  if (!user) {
    // Okta re-renders the form with a generic message (it never says which field was wrong).
    sendHtml(ctx.res, 200, signInPage(ctx, { error: 'Unable to sign in', username, fromURI }));
    return;
  }
  const session = ctx.org.createSession(user.login);
  const cookie = ctx.org.sessionCookie(session.id);
  redirect(ctx.res, safeReturnPath(fromURI), { 'Set-Cookie': `${cookie.name}=${cookie.value}; ${COOKIE_ATTRS}` });
}

function userHome(ctx: MockContext): void {
  const s = ctx.org.sessionFromCookies(ctx.cookies);
  if (!s) return redirect(ctx.res, '/login/login.htm?fromURI=%2Fapp%2FUserHome');
  sendHtml(
    ctx.res,
    200,
    page(
      `${ctx.org.host} - My Apps`,
      `<h1>My Apps</h1>
<p id="signed-in-as">Signed in as ${escapeHtml(s.login)}</p>
<p><a href="/login/signout">Sign out</a></p>`,
    ),
  );
}

function signOut(ctx: MockContext): void {
  const s = ctx.org.sessionFromCookies(ctx.cookies);
  if (s) ctx.org.endSession(s.id);
  // Like Okta's /login/signout?fromURI=: back to a same-origin page, else the sign-in page.
  redirect(ctx.res, safeReturnPath(ctx.query.get('fromURI'), '/login/login.htm'), {
    'Set-Cookie': [`sid=; Max-Age=0; ${COOKIE_ATTRS}`, `idx=; Max-Age=0; ${COOKIE_ATTRS}`],
  });
}

function root(ctx: MockContext): void {
  redirect(ctx.res, ctx.org.sessionFromCookies(ctx.cookies) ? '/app/UserHome' : '/login/login.htm');
}

export function signInRoutes(router: Router): void {
  router.route('GET', '/', root);
  router.route('GET', '/login/login.htm', showSignIn);
  router.route('POST', '/login/login.htm', signIn);
  router.route('GET', '/app/UserHome', userHome);
  router.route('GET', '/login/signout', signOut);
}
