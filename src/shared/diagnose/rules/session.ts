// Diagnoses 13-14: sign-out, and how the session ended.
import type { ApiEvent, CookieEvent, RequestEvent, TimelineEvent } from '../../timeline/schema';
import { OKTA } from '../okta-texts';
import type { Diagnosis, DiagnoseContext } from '../types';
import { LOGOUT, SIGN_OUT, sent, make } from './common';

// ---- 13: sign-out ----

export function signOut(e: RequestEvent, cookies: readonly CookieEvent[], now: number): Diagnosis[] {
  if (!LOGOUT.test(e.path)) return [];
  if (e.status === 400 && !e.back) {
    if (!sent(e, 'id_token_hint')) {
      return [
        make(
          {
            id: 'sign-out',
            title: 'Sign-out failed: no id_token_hint',
            meaning: `The app's logout request to ${e.path} carried no id_token_hint, which Okta requires; Okta showed its 400 page.`,
            fix: "Send the user's ID token as id_token_hint on /v1/logout (keep the ID token after sign-in); or end the session with DELETE /api/v1/sessions/me.",
            certainty: 'certain',
          },
          [e],
        ),
      ];
    }
    return [
      make(
        {
          id: 'sign-out',
          title: 'Sign-out failed: post_logout_redirect_uri not registered',
          okta: OKTA.postLogout,
          oktaSaid: false,
          error: 'invalid_request',
          meaning: `Okta showed its 400 page for the logout${e.oauth?.postLogoutRedirectUri ? ` to ${e.oauth.postLogoutRedirectUri}` : ''}: the address is not one of the app's Sign-out redirect URIs (or the ID token hint is invalid).`,
          fix: `Admin Console → Applications → Applications → (your app) → General → Login → Sign-out redirect URIs → add ${e.oauth?.postLogoutRedirectUri ?? 'the exact post_logout_redirect_uri'}.`,
          certainty: 'likely',
        },
        [e],
      ),
    ];
  }
  // A completed sign-out (302) while the session cookie stays: nothing removed it afterwards.
  if (e.status !== undefined && e.status >= 300 && e.status < 400 && now - e.at > 2000) {
    const after = cookies.filter((c) => c.host === e.host && c.at >= e.at - 50);
    const before = cookies.filter((c) => c.host === e.host && c.at < e.at);
    const last = before[before.length - 1];
    const held = last && last.change !== 'removed' ? last : undefined;
    if (held && !after.some((c) => c.change === 'removed')) {
      return [
        make(
          {
            id: 'sign-out',
            title: 'Signed out, but the session cookie is still set',
            meaning: `${e.path} completed (${e.status}) but this browser still holds the ${held.cookie} cookie of session ${held.session?.hint ?? '?'}: the Okta session may still be alive.`,
            fix: 'Also end the session with DELETE /api/v1/sessions/me from the app (a Trusted Origin), and check it with the Session view; see Okta\'s known issues for your release.',
            certainty: 'likely',
            unconfirmed: true,
          },
          [held, e],
        ),
      ];
    }
  }
  return [];
}

// ---- 14: the session ended, and by what ----

export function sessionEnded(events: readonly TimelineEvent[], reqs: readonly RequestEvent[], ctx: DiagnoseContext): Diagnosis[] {
  const cookies = events.filter((e): e is CookieEvent => e.kind === 'cookie');
  const last = cookies[cookies.length - 1];
  const out: Diagnosis[] = [];
  if (last?.change === 'removed' && last.session) {
    const by = [...reqs].reverse().find((r) => r.host === last.host && SIGN_OUT.test(r.path) && last.at - r.at < 10_000 && r.at <= last.at + 50);
    const revoke = events.find((x): x is ApiEvent => x.kind === 'api' && x.action === 'revoke' && x.session?.key === last.session!.key && (x.status ?? 0) < 300 && (x.status ?? 0) >= 200);
    if (by) {
      out.push(
        make(
          {
            id: 'session-ended',
            title: 'Session ended: signed out',
            meaning: `Session ${last.session.hint} ended when the browser requested ${by.method} ${by.path}${by.signals?.initiator ? ` (started by ${by.signals.initiator})` : ''}, and Okta cleared the ${last.cookie} cookie.`,
            fix: 'Nothing to fix if the sign-out was meant; otherwise find what sent that request (a sign-out link, a logout on error).',
            certainty: 'certain',
          },
          [by, last],
        ),
      );
    } else if (revoke) {
      out.push(sessionEndedBy('revoked by this extension', `Session ${last.session.hint} was revoked with Revoke session in this extension.`, 'Nothing to fix.', [revoke, last]));
    } else if (last.cause === 'expired') {
      out.push(
        sessionEndedBy(
          'the cookie expired',
          `The browser removed the ${last.cookie} cookie of session ${last.session.hint} at its expiry.`,
          'Admin Console → Security → Global Session Policy → (rule) → Maximum Okta global session lifetime, and "Okta global session cookies persist across browser sessions".',
          [last],
        ),
      );
    } else {
      out.push(
        sessionEndedBy(
          'the cookie was removed',
          `The ${last.cookie} cookie of session ${last.session.hint} was removed (${last.cause}) without a sign-out request the Timeline saw: by the site, the browser's "clear cookies", or another extension.`,
          'Nothing in the Admin Console: look for what cleared the cookie in this browser.',
          [last],
          'likely',
        ),
      );
    }
  } else if (last?.change === 'replaced' && last.previous && last.session && last.previous.key !== last.session.key) {
    out.push(
      sessionEndedBy(
        'replaced by another sign-in',
        `Session ${last.previous.hint} was replaced by ${last.session.hint}: someone signed in again in this browser (maybe as another user).`,
        'Expected after a new sign-in. To keep two users apart, use another browser profile, a container tab or a private window.',
        [last],
      ),
    );
  }
  // Okta says 404 for the session while the browser still holds its cookie.
  const inspect = [...events].reverse().find((x): x is ApiEvent => x.kind === 'api' && x.action === 'inspect' && x.status !== undefined);
  const held = last && last.change !== 'removed' && last.session;
  const revoked = held
    ? events.find((x): x is ApiEvent => x.kind === 'api' && x.action === 'revoke' && x.at >= last!.at && x.session?.key === last!.session!.key && (x.status ?? 0) >= 200 && (x.status ?? 0) < 300)
    : undefined;
  if (revoked) {
    out.push(sessionEndedBy('revoked by this extension', `Session ${last!.session!.hint} was revoked with Revoke session in this extension; its cookie stays in the browser, but Okta no longer knows it.`, 'Nothing to fix: sign in again to get a new session.', [last!, revoked]));
  } else if (held && ((inspect?.status === 404 && inspect.session?.key === last!.session!.key) || ctx.sessionGone)) {
    const expired = ctx.session?.expiresAt !== undefined && ctx.session.expiresAt <= ctx.now;
    const basis: TimelineEvent[] = [...(last ? [last] : []), ...(inspect ? [inspect] : [])];
    if (basis.length) {
      out.push(
        expired
          ? sessionEndedBy(
              'the idle or lifetime limit',
              `Okta no longer knows session ${last?.session?.hint ?? ''}: its expiresAt (${new Date(ctx.session!.expiresAt!).toISOString()}) passed; the cookie stays in the browser until it closes.`,
              'Admin Console → Security → Global Session Policy → (rule) → Maximum Okta global session idle time (default 2 hours) and lifetime.',
              basis,
            )
          : sessionEndedBy(
              'revoked by someone else',
              `Okta answers 404 for session ${last?.session?.hint ?? ''} while the browser still holds its cookie: it was revoked outside this browser (an admin, an API call, another app's sign-out) or reached its limit.`,
              'Admin Console → Reports → System Log: search for user.session.end or user.session.clear for this user.',
              basis,
              'likely',
            ),
      );
    }
  }
  return out;
}

function sessionEndedBy(how: string, meaning: string, fix: string, basis: TimelineEvent[], certainty: 'certain' | 'likely' = 'certain'): Diagnosis {
  return make({ id: 'session-ended', title: `Session ended: ${how}`, meaning, fix, certainty }, basis);
}

