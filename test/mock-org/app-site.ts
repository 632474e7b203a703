import { createHash, randomBytes } from 'node:crypto';
import { escapeHtml, redirect, sendHtml, type RequestInfo } from './http';
import { DEMO_ORG_HOST } from './demo';
import { APP_HOST, OTHER_HOST, SPA_CLIENT } from './oidc-apps';

// A small app on its own site (https://app.example.test, and https://other.example.test as a stranger), signing
// in through the mock org's "default" authorization server the way single-page apps do: a redirect to
// /authorize with PKCE, a callback page that exchanges the code from the browser (so Okta sees an Origin), a
// hidden-frame silent renewal with prompt=none, a page that calls Okta with CORS, and sign-out. The failures the
// extension diagnoses come from these real browser flows; nothing here simulates the browser's own behaviour
// (third-party cookie blocking, CORS enforcement).

const ORG = `https://${DEMO_ORG_HOST}`;

function page(title: string, body: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>`;
}

const verifierPair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Flow settings the callback page needs, kept in a cookie of the app's own site (test data, not a secret here). */
function flowCookie(value: Record<string, unknown>): string {
  return `app_flow=${Buffer.from(JSON.stringify(value)).toString('base64url')}; Path=/; Secure; SameSite=Lax`;
}

function readFlow(info: RequestInfo): Record<string, string> {
  try {
    return JSON.parse(Buffer.from(info.cookies.get('app_flow') ?? '', 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * /start: to Okta's authorize. Query: client, scope (default "openid profile"), pkce (1, or 0 for none),
 * prompt, mode (response_mode), response_type, redirect (path on this site, default /callback), exchange
 * (how many token calls the callback makes, default 1), from (app or other: which site makes the token call),
 * loop (the callback starts over this many times).
 */
function start(info: RequestInfo): void {
  const q = info.query;
  const client = q.get('client') ?? SPA_CLIENT;
  const { verifier, challenge } = verifierPair();
  const usePkce = q.get('pkce') !== '0';
  const redirectUri = `https://${APP_HOST}${q.get('redirect') ?? '/callback'}`;
  const a = new URLSearchParams({ client_id: client, response_type: q.get('response_type') ?? 'code', scope: q.get('scope') ?? 'openid profile', redirect_uri: redirectUri, state: randomBytes(12).toString('base64url'), nonce: randomBytes(12).toString('base64url') });
  if (usePkce) {
    a.set('code_challenge', challenge);
    a.set('code_challenge_method', 'S256');
  }
  for (const k of ['prompt', 'response_mode', 'login_hint'] as const) {
    const v = q.get(k === 'response_mode' ? 'mode' : k);
    if (v) a.set(k, v);
  }
  const flow = { client, verifier: q.get('verifier') === '1' || usePkce ? verifier : '', exchange: q.get('exchange') ?? '1', from: q.get('from') ?? 'app', redirectUri, loop: q.get('loop') ?? '0' };
  redirect(info.res, `${ORG}/oauth2/default/v1/authorize?${a}`, { 'Set-Cookie': flowCookie(flow) });
}

/** The token exchange as a page script runs it: a form POST with fetch, from this page's origin. */
const exchangeScript = (flow: Record<string, string>) => `
const q = new URLSearchParams(location.search);
const out = document.getElementById('result');
const flow = ${JSON.stringify(flow)};
async function exchange() {
  const body = new URLSearchParams({ grant_type: 'authorization_code', code: q.get('code'), redirect_uri: flow.redirectUri, client_id: flow.client });
  if (flow.verifier) body.set('code_verifier', flow.verifier);
  const lines = [];
  for (let i = 0; i < Number(flow.exchange || 1); i++) {
    try {
      const r = await fetch(${JSON.stringify(`${ORG}/oauth2/default/v1/token`)}, { method: 'POST', body });
      lines.push('token ' + r.status);
    } catch (e) {
      lines.push('token failed: ' + e.message);
    }
  }
  out.textContent = lines.join(', ');
}
if (q.get('error')) out.textContent = 'error ' + q.get('error');
else if (q.get('code')) exchange();
`;

function callback(info: RequestInfo): void {
  const flow = readFlow(info);
  const loop = Number(flow.loop ?? '0');
  if (info.query.get('code') && loop > 0) {
    // An app that does not accept the result and signs in again: the loop the extension names.
    const next = new URLSearchParams({ client: flow.client ?? SPA_CLIENT, loop: String(loop - 1), exchange: '0' });
    return redirect(info.res, `/start?${next}`);
  }
  if (info.query.get('code') && flow.from === 'other') {
    const to = new URLSearchParams({ code: info.query.get('code')!, f: Buffer.from(JSON.stringify(flow)).toString('base64url') });
    return redirect(info.res, `https://${OTHER_HOST}/exchange?${to}`);
  }
  const exchange = flow.exchange === '0' ? {} : flow;
  sendHtml(info.res, 200, page('App callback', '<h1>App callback</h1><p id="result">…</p>', Object.keys(exchange).length ? exchangeScript(exchange) : "document.getElementById('result').textContent = new URLSearchParams(location.search).get('error') ? 'error ' + new URLSearchParams(location.search).get('error') : 'signed in';"));
}

/** other.example.test/exchange: the same exchange, from a site that is neither a redirect URI nor trusted. */
function otherExchange(info: RequestInfo): void {
  let flow: Record<string, string> = {};
  try {
    flow = JSON.parse(Buffer.from(info.query.get('f') ?? '', 'base64url').toString('utf8')) as Record<string, string>;
  } catch {
    /* an empty flow */
  }
  sendHtml(info.res, 200, page('Other site', '<h1>Other site</h1><p id="result">…</p>', exchangeScript(flow)));
}

/** /silent: a hidden iframe renews with prompt=none, as okta-auth-js's getWithoutPrompt does. */
function silent(info: RequestInfo): void {
  const { challenge } = verifierPair();
  const a = new URLSearchParams({ client_id: info.query.get('client') ?? SPA_CLIENT, response_type: 'code', scope: 'openid', prompt: 'none', redirect_uri: `https://${APP_HOST}/silent-callback`, state: randomBytes(12).toString('base64url'), nonce: randomBytes(12).toString('base64url'), code_challenge: challenge, code_challenge_method: 'S256' });
  sendHtml(
    info.res,
    200,
    page('App: silent renewal', `<h1>Silent renewal</h1><p id="result">renewing…</p><iframe id="renew" hidden src="${escapeHtml(`${ORG}/oauth2/default/v1/authorize?${a}`)}"></iframe>`, `window.addEventListener('message', (e) => { if (e.origin === location.origin) document.getElementById('result').textContent = e.data; });`),
  );
}

function silentCallback(info: RequestInfo): void {
  sendHtml(info.res, 200, page('silent callback', '<p>done</p>', "const q = new URLSearchParams(location.search); parent.postMessage(q.get('error') ? 'renewal failed: ' + q.get('error') : 'renewed', location.origin);"));
}

/** /cors?path=…: a page script that calls Okta with the session cookie (credentials: include). */
function cors(info: RequestInfo): void {
  const path = info.query.get('path') ?? '/oauth2/default/v1/keys';
  sendHtml(
    info.res,
    200,
    page('CORS call', '<h1>CORS call</h1><p id="result">calling…</p>', `fetch(${JSON.stringify(ORG + path)}, { credentials: 'include' }).then((r) => { document.getElementById('result').textContent = 'answer ' + r.status; }, (e) => { document.getElementById('result').textContent = 'CORS error: ' + e.message; });`),
  );
}

/** /logout?hint=0|1&to=<url>: the app's sign-out through Okta's /v1/logout. */
function logout(info: RequestInfo): void {
  const q = new URLSearchParams();
  if (info.query.get('hint') !== '0') q.set('id_token_hint', `idt.${randomBytes(12).toString('base64url')}.sig`);
  q.set('post_logout_redirect_uri', info.query.get('to') ?? `https://${APP_HOST}/`);
  redirect(info.res, `${ORG}/oauth2/default/v1/logout?${q}`);
}

function home(info: RequestInfo): void {
  sendHtml(info.res, 200, page('App home', '<h1>App home</h1><p id="result">home</p>'));
}

const ROUTES: Record<string, Record<string, (info: RequestInfo) => void>> = {
  [APP_HOST]: { '/': home, '/start': start, '/callback': callback, '/silent': silent, '/silent-callback': silentCallback, '/cors': cors, '/logout': logout },
  [OTHER_HOST]: { '/exchange': otherExchange, '/cors': cors },
};

/** Serves the request when it is for the app site; false for any other host. */
export function serveAppSite(info: RequestInfo): boolean {
  const handler = ROUTES[info.host]?.[info.path];
  if (!ROUTES[info.host]) return false;
  // The app's own server is not Okta: no x-okta-request-id, no rate-limit headers.
  for (const h of ['X-Okta-Request-Id', 'X-Rate-Limit-Limit', 'X-Rate-Limit-Remaining', 'X-Rate-Limit-Reset']) info.res.removeHeader(h);
  if (handler && info.method === 'GET') handler(info);
  else sendHtml(info.res, 404, page('Not found', '<p>Not found</p>'));
  return true;
}
