// What a browser does during "Sign in with Okta", done by hand over real HTTPS (no browser): sign in on the
// org's page to get its session cookie, then open an authorize URL with that cookie and read where Okta
// redirects. Tests use it in place of identity.launchWebAuthFlow.

export async function signInCookie(f: typeof fetch, origin: string, user: { login: string; password: string }): Promise<string> {
  const res = await f(`${origin}/login/login.htm`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: user.login, password: user.password }).toString(),
    redirect: 'manual',
  });
  const setCookie = res.headers.getSetCookie()[0];
  if (res.status !== 302 || !setCookie) throw new Error(`sign-in failed: HTTP ${res.status}`);
  return setCookie.split(';')[0]!;
}

/** Opens `url` (with the session cookie, if any) and returns the absolute Location it redirects to. */
export async function follow(f: typeof fetch, url: string, cookie?: string): Promise<{ status: number; location: string | null; body: string }> {
  const res = await f(url, { redirect: 'manual', ...(cookie ? { headers: { Cookie: cookie } } : {}) });
  const raw = res.headers.get('location');
  return { status: res.status, location: raw === null ? null : new URL(raw, url).toString(), body: await res.text() };
}

/** The URL the browser's sign-in window would resolve with, for a user already signed in to the org. */
export async function authorizeRedirect(f: typeof fetch, authorizeUrl: string, cookie: string): Promise<string> {
  const { status, location, body } = await follow(f, authorizeUrl, cookie);
  if (status !== 302 || !location) throw new Error(`authorize did not redirect (HTTP ${status}): ${body.slice(0, 200)}`);
  return location;
}
