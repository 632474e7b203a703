import { escapeHtml, redirect, sendHtml, type MockContext } from './http';
import { showIdxSignIn } from './idx';
import { COOKIE_ATTRS, page, safeReturnPath, signInPage } from './pages';
import type { Router } from './router';

// The org's own pages: a sign-in form that sets the session cookie a real org sets (sid for Classic, idx for
// Identity Engine), a home page naming the signed-in user, and sign-out.

function classicSignInPage(ctx: MockContext, opts: { error?: string; username?: string; fromURI?: string } = {}): string {
  const form = { action: '/login/login.htm', usernameName: 'username', passwordName: 'password' };
  return signInPage(ctx.org.host, { ...form, hidden: { name: 'fromURI', value: opts.fromURI ?? '' } }, opts);
}

function showSignIn(ctx: MockContext): void {
  // Identity Engine orgs sign in through /idp/idx/* (idx.ts); POST /login/login.htm below still works for both.
  if (ctx.org.mode === 'oie') return showIdxSignIn(ctx);
  sendHtml(ctx.res, 200, classicSignInPage(ctx, { fromURI: ctx.query.get('fromURI') ?? '' }));
}

function signIn(ctx: MockContext): void {
  const form = new URLSearchParams(ctx.body);
  const username = form.get('username') ?? '';
  const fromURI = form.get('fromURI') ?? '';
  const user = ctx.org.verifyPassword(username, form.get('password') ?? '');
  if (!user) {
    // Okta re-renders the form with a generic message (it never says which field was wrong).
    sendHtml(ctx.res, 200, classicSignInPage(ctx, { error: 'Unable to sign in', username, fromURI }));
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
