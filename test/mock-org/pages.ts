import { escapeHtml } from './http';

// What the org's HTML pages share (signin.ts, authn.ts, idx.ts).

/** The attributes of the session cookies (sid, idx) a real org sets. */
export const COOKIE_ATTRS = 'Path=/; Secure; HttpOnly; SameSite=None';

/** Only same-origin paths may be redirected to after sign-in (no open redirect). */
export function safeReturnPath(raw: string | null | undefined, fallback = '/app/UserHome'): string {
  return raw && raw.startsWith('/') && !raw.startsWith('//') && !raw.startsWith('/\\') ? raw : fallback;
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main>${body}</main></body></html>`;
}

/**
 * The org's sign-in page, the same for Classic and Identity Engine orgs: tests and the extension find it by these
 * ids and labels. `form` says where it posts, the names of its two fields and the hidden one it carries.
 */
export function signInPage(
  host: string,
  form: { action: string; usernameName: string; passwordName: string; hidden: { name: string; value: string }; script?: string },
  opts: { error?: string; username?: string } = {},
): string {
  return page(
    `${host} - Sign In`,
    `<h1>Sign In</h1>
${opts.error ? `<p role="alert" class="o-form-error">${escapeHtml(opts.error)}</p>` : ''}
<form method="post" action="${form.action}" id="signin-form">
  <input type="hidden" name="${form.hidden.name}" value="${escapeHtml(form.hidden.value)}">
  <label for="okta-signin-username">Username</label>
  <input id="okta-signin-username" name="${form.usernameName}" type="text" autocomplete="username" value="${escapeHtml(opts.username ?? '')}">
  <label for="okta-signin-password">Password</label>
  <input id="okta-signin-password" name="${form.passwordName}" type="password" autocomplete="current-password">
  <button type="submit" id="okta-signin-submit">Sign In</button>
</form>${form.script ? `\n<script>${form.script}</script>` : ''}`,
  );
}
