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
