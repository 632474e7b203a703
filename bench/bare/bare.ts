// The benchmark's yardstick, never shipped: the least an extension page can do to show a session. One fetch of
// the session from the org with the credential, the login written into the page. The bench copies it into
// dist/bench-chrome next to the real build, so it runs under the same manifest (same host permissions, same
// CSP, same extension process) as the popup it is compared with. The session id and the token come in the URL
// query: acceptable only because this page exists in the bench's copy and talks to the local mock org.
const params = new URLSearchParams(location.search);
const id = params.get('id') ?? '';
const token = params.get('token') ?? '';
const out = document.getElementById('out')!;

// The same request the worker's client makes (src/okta/client.ts): same headers, no cookies, no redirects.
performance.mark('bare-fetch-start');
fetch(`https://dev-123456.okta.com/api/v1/sessions/${encodeURIComponent(id)}`, {
  headers: { Authorization: `SSWS ${token}`, Accept: 'application/json' },
  credentials: 'omit',
  redirect: 'manual',
})
  .then(async (response) => {
    const body = (await response.json()) as { login?: unknown };
    performance.mark('bare-fetch-end');
    out.textContent = response.ok && typeof body.login === 'string' ? body.login : `HTTP ${response.status}`;
  })
  .catch((error: unknown) => {
    out.textContent = `fetch failed: ${String(error)}`;
  });
