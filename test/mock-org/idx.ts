import { escapeHtml, redirect, sendHtml, sendJson, sendOktaError, type MockContext } from './http';
import { randomSegment } from './ids';
import { COOKIE_ATTRS, page, safeReturnPath, signInPage } from './pages';
import type { Router } from './router';
import type { OrgState } from './state';

// A small Okta Identity Engine (IDX) sign-in, so a browser signing in to an `oie` org really touches
// /idp/idx/* before the idx cookie appears, as with Okta's Sign-In Widget:
//   GET  /login/login.htm             (oie) a page holding a new transaction's stateHandle
//   POST /idp/idx/introspect          {stateHandle} -> the transaction and its next step (remediation)
//   POST /idp/idx/identify            {identifier, credentials?: {passcode}, stateHandle}
//   POST /idp/idx/challenge/answer    {credentials: {passcode}, stateHandle} (after identify without a password)
//   -> success: {success: {name: 'success-redirect', href: '/login/token/redirect?stateToken=<stateHandle>'}}
//   GET  /login/token/redirect        creates the session, sets idx, redirects to the page's fromURI or /app/UserHome
// JSON requests (any Content-Type containing "json") get ion JSON, as Okta's; form posts (the page without
// script) get pages and redirects instead. The page's script does introspect -> identify over JSON, as the
// widget does; without script the form posts to identify. Choices where Okta differs or is unspecified:
// - No MFA, no enrollment, no user enumeration: identify without a password always asks for one.
// - A wrong password: 401 with messages [{message: 'Unable to sign in', class: 'ERROR'}] (forms: the sign-in
//   page again, 200, role="alert"). An unknown or expired stateHandle: 401 'The session has expired.'.
// - Classic orgs answer /idp/idx/* and /login/token/redirect with 404 E0000007.

const ION = 'application/ion+json; okta-version=1.0.0';
const TRANSACTION_LIFETIME_MS = 10 * 60 * 1000;

interface IdxTransaction {
  handle: string;
  expiresAt: number;
  fromURI: string;
  /** Set by identify. */
  identifier?: string;
  /** Set once the password is verified. */
  login?: string;
  redeemed: boolean;
}

const transactions = new WeakMap<OrgState, Map<string, IdxTransaction>>();

function store(org: OrgState): Map<string, IdxTransaction> {
  let m = transactions.get(org);
  if (!m) transactions.set(org, (m = new Map()));
  return m;
}

function startTransaction(ctx: MockContext, fromURI: string): IdxTransaction {
  const txn: IdxTransaction = { handle: `02${randomSegment(30)}`, expiresAt: ctx.now() + TRANSACTION_LIFETIME_MS, fromURI, redeemed: false };
  store(ctx.org).set(txn.handle, txn);
  return txn;
}

function findTransaction(ctx: MockContext, handle: unknown): IdxTransaction | undefined {
  if (typeof handle !== 'string') return undefined;
  const txn = store(ctx.org).get(handle);
  if (!txn || txn.redeemed || txn.expiresAt <= ctx.now()) return undefined;
  return txn;
}

// ---- request and reply shapes ------------------------------------------------------------------------------

interface IdxInput {
  json: boolean;
  stateHandle?: unknown;
  identifier?: string;
  passcode?: string;
}

function readInput(ctx: MockContext): IdxInput | undefined {
  const type = String(ctx.req.headers['content-type'] ?? '');
  if (type.includes('json')) {
    let body: unknown;
    try {
      body = JSON.parse(ctx.body);
    } catch {
      return undefined;
    }
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const credentials = (typeof b.credentials === 'object' && b.credentials !== null ? b.credentials : {}) as Record<string, unknown>;
    return {
      json: true,
      stateHandle: b.stateHandle,
      ...(typeof b.identifier === 'string' ? { identifier: b.identifier } : {}),
      ...(typeof credentials.passcode === 'string' ? { passcode: credentials.passcode } : {}),
    };
  }
  const form = new URLSearchParams(ctx.body);
  const identifier = form.get('identifier') ?? form.get('username');
  const passcode = form.get('passcode') ?? form.get('credentials.passcode') ?? form.get('password');
  return {
    json: false,
    stateHandle: form.get('stateHandle') ?? undefined,
    ...(identifier !== null ? { identifier } : {}),
    ...(passcode !== null ? { passcode } : {}),
  };
}

const stateHandleField = (txn: IdxTransaction) => ({ name: 'stateHandle', required: true, value: txn.handle, visible: false, mutable: false });
const passcodeForm = { name: 'credentials', type: 'object', required: true, form: { value: [{ name: 'passcode', label: 'Password', secret: true }] } };

function remediation(ctx: MockContext, txn: IdxTransaction) {
  const base = `https://${ctx.host}`;
  const form = txn.identifier === undefined
    ? { name: 'identify', href: `${base}/idp/idx/identify`, value: [{ name: 'identifier', label: 'Username', required: true }, { ...passcodeForm, required: false }, stateHandleField(txn)] }
    : { name: 'challenge-authenticator', href: `${base}/idp/idx/challenge/answer`, value: [passcodeForm, stateHandleField(txn)] };
  return { type: 'array', value: [{ rel: ['create-form'], method: 'POST', produces: ION, accepts: 'application/json; okta-version=1.0.0', ...form }] };
}

function ion(ctx: MockContext, status: number, body: Record<string, unknown>): void {
  sendJson(ctx.res, status, { version: '1.0.0', ...body }, { 'Content-Type': ION });
}

const messages = (message: string) => ({ type: 'array', value: [{ message, class: 'ERROR' }] });

function transactionReply(ctx: MockContext, txn: IdxTransaction, status = 200, error?: string): void {
  ion(ctx, status, {
    stateHandle: txn.handle,
    expiresAt: new Date(txn.expiresAt).toISOString(),
    intent: 'LOGIN',
    remediation: remediation(ctx, txn),
    ...(error ? { messages: messages(error) } : {}),
  });
}

const successPath = (txn: IdxTransaction) => `/login/token/redirect?stateToken=${encodeURIComponent(txn.handle)}`;

function succeed(ctx: MockContext, txn: IdxTransaction, input: IdxInput, login: string): void {
  txn.login = login;
  if (!input.json) return redirect(ctx.res, successPath(txn));
  const user = ctx.org.user(login)!;
  ion(ctx, 200, {
    intent: 'LOGIN',
    user: { type: 'object', value: { id: user.id, identifier: user.login } },
    success: { name: 'success-redirect', href: `https://${ctx.host}${successPath(txn)}` },
  });
}

function expired(ctx: MockContext, input: IdxInput | undefined): void {
  if (input && !input.json) return sendHtml(ctx.res, 401, errorPage(ctx, 'The session has expired.'));
  ion(ctx, 401, { messages: messages('The session has expired.') });
}

// ---- pages -------------------------------------------------------------------------------------------------

const errorPage = (ctx: MockContext, message: string): string =>
  page(`${ctx.org.host} - Error`, `<h1>Sign-in failed</h1>\n<p role="alert">${escapeHtml(message)}</p>`);

/** The page's script: introspect, then identify with the password, over JSON; any failure falls back to the form. */
const SIGN_IN_SCRIPT = `(() => {
  const form = document.getElementById('signin-form');
  const post = (path, body) => fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': '${ION}', Accept: '${ION}' },
    body: JSON.stringify(body),
  });
  const showError = (text) => {
    let p = document.querySelector('[role="alert"]');
    if (!p) { p = document.createElement('p'); p.setAttribute('role', 'alert'); p.className = 'o-form-error'; form.before(p); }
    p.textContent = text;
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const stateHandle = data.get('stateHandle');
    try {
      await post('/idp/idx/introspect', { stateHandle });
      const res = await post('/idp/idx/identify', {
        identifier: data.get('identifier'),
        credentials: { passcode: data.get('passcode') },
        stateHandle,
      });
      const body = await res.json();
      if (body.success && body.success.href) return location.assign(body.success.href);
      const m = body.messages && body.messages.value && body.messages.value[0];
      showError(m ? m.message : 'Unable to sign in');
    } catch {
      form.submit();
    }
  });
})();`;

function idxSignInPage(ctx: MockContext, txn: IdxTransaction, opts: { error?: string; username?: string } = {}): string {
  const form = { action: '/idp/idx/identify', usernameName: 'identifier', passwordName: 'passcode', script: SIGN_IN_SCRIPT };
  return signInPage(ctx.org.host, { ...form, hidden: { name: 'stateHandle', value: txn.handle } }, opts);
}

function passwordPage(ctx: MockContext, txn: IdxTransaction): string {
  return page(
    `${ctx.org.host} - Verify`,
    `<h1>Verify with your password</h1>
<form method="post" action="/idp/idx/challenge/answer" id="challenge-form">
  <input type="hidden" name="stateHandle" value="${escapeHtml(txn.handle)}">
  <label for="okta-challenge-password">Password</label>
  <input id="okta-challenge-password" name="passcode" type="password" autocomplete="current-password">
  <button type="submit">Verify</button>
</form>`,
  );
}

/** GET /login/login.htm on an oie org (signin.ts sends it here). */
export function showIdxSignIn(ctx: MockContext): void {
  sendHtml(ctx.res, 200, idxSignInPage(ctx, startTransaction(ctx, ctx.query.get('fromURI') ?? '')));
}

// ---- handlers ------------------------------------------------------------------------------------------------

/** Classic orgs have no Identity Engine: every IDX path is unknown there. */
function oieOnly(handler: (ctx: MockContext) => void) {
  return (ctx: MockContext): void => {
    if (ctx.org.mode !== 'oie') return sendOktaError(ctx.res, 'E0000007', { detail: `Resource not found: ${ctx.path}` });
    handler(ctx);
  };
}

function introspect(ctx: MockContext): void {
  const input = readInput(ctx);
  if (!input) return sendOktaError(ctx.res, 'E0000003');
  const txn = findTransaction(ctx, input.stateHandle);
  if (!txn) return expired(ctx, input);
  transactionReply(ctx, txn);
}

function wrongPassword(ctx: MockContext, txn: IdxTransaction, input: IdxInput): void {
  if (!input.json) return sendHtml(ctx.res, 200, idxSignInPage(ctx, txn, { error: 'Unable to sign in', username: txn.identifier ?? input.identifier ?? '' }));
  transactionReply(ctx, txn, 401, 'Unable to sign in');
}

function identify(ctx: MockContext): void {
  const input = readInput(ctx);
  if (!input) return sendOktaError(ctx.res, 'E0000003');
  const txn = findTransaction(ctx, input.stateHandle);
  if (!txn) return expired(ctx, input);
  if (!input.identifier) return wrongPassword(ctx, txn, input);
  txn.identifier = input.identifier;
  if (!input.passcode) return input.json ? transactionReply(ctx, txn) : sendHtml(ctx.res, 200, passwordPage(ctx, txn));
  const user = ctx.org.verifyPassword(input.identifier, input.passcode);
  if (!user) return wrongPassword(ctx, txn, input);
  succeed(ctx, txn, input, user.login);
}

function challengeAnswer(ctx: MockContext): void {
  const input = readInput(ctx);
  if (!input) return sendOktaError(ctx.res, 'E0000003');
  const txn = findTransaction(ctx, input.stateHandle);
  if (!txn || txn.identifier === undefined) return expired(ctx, input);
  const user = ctx.org.verifyPassword(txn.identifier, input.passcode ?? '');
  if (!user) return wrongPassword(ctx, txn, input);
  succeed(ctx, txn, input, user.login);
}

function tokenRedirect(ctx: MockContext): void {
  const txn = findTransaction(ctx, ctx.query.get('stateToken'));
  if (!txn || txn.login === undefined) return sendHtml(ctx.res, 403, errorPage(ctx, 'The sign-in has expired. Sign in again.'));
  txn.redeemed = true;
  const session = ctx.org.createSession(txn.login);
  const cookie = ctx.org.sessionCookie(session.id);
  redirect(ctx.res, safeReturnPath(txn.fromURI), { 'Set-Cookie': `${cookie.name}=${cookie.value}; ${COOKIE_ATTRS}` });
}

export function idxRoutes(router: Router): void {
  router.route('POST', '/idp/idx/introspect', oieOnly(introspect));
  router.route('POST', '/idp/idx/identify', oieOnly(identify));
  router.route('POST', '/idp/idx/challenge/answer', oieOnly(challengeAnswer));
  router.route('GET', '/login/token/redirect', oieOnly(tokenRedirect));
}
