// **In this browser**: which of Okta's cookies the browser holds for the tab's host, and how it will send them.
// It answers the first questions of a broken sign-in (is there a session cookie at all? is it a session cookie
// or a persistent one? will a cross-site frame get it?) with no credential, and never shows a value.
import type { BrowserCookie } from '../shared/protocol';
import { formatWhen } from './time';

const WHAT: Readonly<Record<BrowserCookie['name'], string>> = {
  sid: 'Classic session',
  idx: 'Identity Engine session',
  DT: 'device token',
  JSESSIONID: 'server session',
};

const SAME_SITE: Readonly<Record<string, string>> = {
  no_restriction: 'SameSite=None',
  lax: 'SameSite=Lax',
  strict: 'SameSite=Strict',
  unspecified: 'SameSite not set (treated as Lax)',
};

/** The cookie's attributes in the words of a Set-Cookie header, as a developer reads them. */
export function cookieAttributes(c: BrowserCookie, now: number): string[] {
  const out: string[] = [];
  if (c.httpOnly) out.push('HttpOnly');
  out.push(c.secure ? 'Secure' : 'not Secure');
  out.push(SAME_SITE[c.sameSite] ?? `SameSite=${c.sameSite}`);
  out.push(c.hostOnly ? 'host-only' : `domain ${c.domain}`);
  out.push(c.expiresAt === undefined ? 'session cookie (gone when the browser closes)' : `persistent, until ${formatWhen(c.expiresAt, now)}`);
  if (c.partitioned) out.push('partitioned');
  if (c.path !== '/') out.push(`path ${c.path}`);
  return out;
}

interface Props {
  cookies: BrowserCookie[];
  host: string;
  now: number;
  /** Closed inside a view that already shows the session; open where it is the main answer. */
  open?: boolean;
}

export function BrowserCookies({ cookies, host, now, open = true }: Props) {
  const body = (
    <>
      {cookies.length === 0 ? (
        <p>The browser holds none of Okta’s cookies (sid, idx, DT, JSESSIONID) for {host}.</p>
      ) : (
        <ul class="cookies">
          {cookies.map((c) => (
            <li key={c.name}>
              <span class="mono">{c.name}</span> <span class="muted">{WHAT[c.name]}</span>
              <br />
              <small>{cookieAttributes(c, now).join(' · ')}</small>
              {c.idx && (c.idx.xsidHint || c.idx.orgId) && (
                <>
                  <br />
                  <small class="muted">
                    {c.idx.xsidHint && (
                      <>
                        xsid <span class="mono">{c.idx.xsidHint}</span> (derived, masked)
                      </>
                    )}
                    {c.idx.xsidHint && c.idx.orgId && ' · '}
                    {c.idx.orgId && (
                      <>
                        org <span class="mono">{c.idx.orgId}</span>
                      </>
                    )}
                  </small>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p class="muted note">Names and attributes only: a cookie’s value is a secret and never leaves the extension’s worker.</p>
    </>
  );
  return open ? (
    <section class="in-browser" aria-labelledby="in-browser">
      <h2 id="in-browser">In this browser</h2>
      {body}
    </section>
  ) : (
    <details class="in-browser">
      <summary>
        <h2>In this browser</h2>
      </summary>
      {body}
    </details>
  );
}
