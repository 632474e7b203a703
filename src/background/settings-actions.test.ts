// The options page's requests: normalisation, where secrets are kept, and that no reply carries one.
import { describe, expect, it } from 'vitest';
import type { OrgSettingsView } from '../shared/protocol';
import { createWorld, type World } from './test-fakes';

const TOKEN = '00abcdefghijklmnopqrstuvwxyz0123456789a1b2';
const OTHER_TOKEN = '00ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210c3d4';

async function save(w: World, fields: { orgUrl: string; customDomains?: string[]; token?: string; remember?: boolean }) {
  return w.send({
    type: 'settings/save-org',
    orgUrl: fields.orgUrl,
    customDomains: fields.customDomains ?? [],
    remember: fields.remember ?? false,
    ...(fields.token ? { credential: { kind: 'api-token', token: fields.token } } : {}),
  });
}

async function orgs(w: World): Promise<OrgSettingsView[]> {
  const reply = await w.send({ type: 'settings/get' });
  if (!reply.ok || !('orgs' in reply)) throw new Error(`settings/get failed: ${JSON.stringify(reply)}`);
  return reply.orgs;
}

describe('settings/save-org', () => {
  it('normalises the org URL and custom domains, and dedupes the org’s own hosts away', async () => {
    const w = createWorld();
    const reply = await save(w, {
      orgUrl: '  HTTPS://Acme-Admin.Okta.com/admin/dashboard?x=1#y ',
      customDomains: ['Login.Example.com/some/path', 'https://login.example.com', 'acme-admin.okta.com', '  ', 'sso.example.org'],
      token: TOKEN,
    });
    expect(reply).toEqual({
      ok: true,
      org: {
        origin: 'https://acme.okta.com',
        customDomains: ['https://login.example.com', 'https://sso.example.org'],
        credential: { kind: 'api-token', hint: '…a1b2', remember: false },
        readWithCookie: true,
      },
    });
    expect(await orgs(w)).toEqual([(reply as { org: OrgSettingsView }).org]);
  });

  it.each([
    ['javascript:alert(1)', []],
    ['https://user:pw@acme.okta.com', []],
    ['http://acme.okta.com', []],
    ['', []],
    ['acme.okta.com', ['other.okta.com']], // another org's host as a custom domain would send it this org's token
    ['acme.okta.com', ['http://login.example.com']],
    ['acme.okta.com', ['https://evil.example\\@login.example.com']],
  ])('refuses %j with custom domains %j as a typed invalid_input failure, storing nothing', async (orgUrl, customDomains) => {
    const w = createWorld();
    const reply = await save(w, { orgUrl, customDomains, token: TOKEN });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    if (!reply.ok) expect(reply.error.message.length).toBeGreaterThan(10);
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(w.local.items.size).toBe(0);
    expect(w.session.items.size).toBe(0);
  });

  it('refuses a custom domain that already belongs to another org', async () => {
    const w = createWorld();
    expect(await save(w, { orgUrl: 'acme.okta.com', customDomains: ['login.example.com'] })).toMatchObject({ ok: true });
    expect(await save(w, { orgUrl: 'beta.okta.com', customDomains: ['login.example.com'] })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_input', message: expect.stringContaining('https://acme.okta.com') },
    });
    expect((await orgs(w)).map((o) => o.origin)).toEqual(['https://acme.okta.com']);
  });

  it('refuses a token with spaces or line breaks inside, and trims the ones around it', async () => {
    const w = createWorld();
    expect(await save(w, { orgUrl: 'acme.okta.com', token: 'abc def ghijklmnop' })).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(await save(w, { orgUrl: 'acme.okta.com', token: `  ${TOKEN}\n` })).toMatchObject({ ok: true });
    expect(w.session.items.get('secret:https://acme.okta.com')).toEqual({ kind: 'api-token', token: TOKEN });
  });

  it('keeps the stored credential when none is sent, and replaces it when one is', async () => {
    const w = createWorld();
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN });
    expect(await save(w, { orgUrl: 'acme.okta.com', customDomains: ['login.example.com'] })).toMatchObject({
      ok: true,
      org: { customDomains: ['https://login.example.com'], credential: { hint: '…a1b2' } },
    });
    await save(w, { orgUrl: 'acme.okta.com', token: OTHER_TOKEN });
    expect(w.session.items.get('secret:https://acme.okta.com')).toEqual({ kind: 'api-token', token: OTHER_TOKEN });
    expect((await orgs(w))[0]?.credential?.hint).toBe('…c3d4');
  });

  it('moves the secret between storage.session and storage.local as remember changes', async () => {
    const w = createWorld();
    const key = 'secret:https://acme.okta.com';
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN });
    expect(w.session.items.has(key)).toBe(true);
    expect(w.local.dump()).not.toContain(TOKEN);

    expect(await save(w, { orgUrl: 'acme.okta.com', remember: true })).toMatchObject({ ok: true, org: { credential: { remember: true } } });
    expect(w.local.items.get(key)).toEqual({ kind: 'api-token', token: TOKEN });
    expect(w.session.dump()).not.toContain(TOKEN);

    expect(await save(w, { orgUrl: 'acme.okta.com', remember: false })).toMatchObject({ ok: true, org: { credential: { remember: false } } });
    expect(w.session.items.get(key)).toEqual({ kind: 'api-token', token: TOKEN });
    expect(w.local.dump()).not.toContain(TOKEN);

    // A new token sent with remember on goes straight to storage.local and leaves no copy behind.
    await save(w, { orgUrl: 'acme.okta.com', token: OTHER_TOKEN, remember: true });
    expect(w.local.items.get(key)).toEqual({ kind: 'api-token', token: OTHER_TOKEN });
    expect(w.session.items.has(key)).toBe(false);
  });

  it('forgets an unremembered secret when the browser restarts (storage.session emptied)', async () => {
    const w = createWorld();
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN });
    w.session.items.clear();
    expect((await orgs(w))[0]).toMatchObject({ origin: 'https://acme.okta.com', credential: null });
  });
});

describe('settings/get', () => {
  it('never returns a token: only its kind and last four characters', async () => {
    const w = createWorld();
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN });
    await save(w, { orgUrl: 'beta.okta.com', token: OTHER_TOKEN, remember: true });
    await save(w, { orgUrl: 'gamma.okta.com', token: 'short-tok' });
    const reply = await w.send({ type: 'settings/get' });
    const text = JSON.stringify(reply);
    for (const secret of [TOKEN, OTHER_TOKEN, 'short-tok', TOKEN.slice(0, -4), TOKEN.slice(0, 10)]) expect(text).not.toContain(secret);
    expect(await orgs(w)).toEqual([
      { origin: 'https://acme.okta.com', customDomains: [], credential: { kind: 'api-token', hint: '…a1b2', remember: false }, readWithCookie: true },
      { origin: 'https://beta.okta.com', customDomains: [], credential: { kind: 'api-token', hint: '…c3d4', remember: true }, readWithCookie: true },
      // Four characters of a nine-character token give too much away.
      { origin: 'https://gamma.okta.com', customDomains: [], credential: { kind: 'api-token', hint: '…', remember: false }, readWithCookie: true },
    ]);
  });

  it('ignores stored entries that do not parse instead of failing', async () => {
    const w = createWorld();
    await save(w, { orgUrl: 'acme.okta.com' });
    const stored = w.local.items.get('orgs') as unknown[];
    w.local.items.set('orgs', [...stored, { origin: 42 }, 'junk']);
    w.session.items.set('secret:https://acme.okta.com', { kind: 'api-token' });
    expect(await orgs(w)).toEqual([{ origin: 'https://acme.okta.com', customDomains: [], credential: null, readWithCookie: true }]);
  });

  it('keeps “read with the browser’s cookie” off once turned off, until turned on again', async () => {
    const w = createWorld();
    await w.send({ type: 'settings/save-org', orgUrl: 'acme.okta.com', customDomains: [], remember: false, readWithCookie: false });
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN });
    expect(await orgs(w)).toMatchObject([{ readWithCookie: false }]);
    await w.send({ type: 'settings/save-org', orgUrl: 'acme.okta.com', customDomains: [], remember: false, readWithCookie: true });
    expect(await orgs(w)).toMatchObject([{ readWithCookie: true, credential: { kind: 'api-token' } }]);
  });
});

describe('settings/remove-org', () => {
  it("deletes the org's settings, secrets in both areas and cached view, and leaves the others", async () => {
    const w = createWorld();
    await save(w, { orgUrl: 'acme.okta.com', token: TOKEN, remember: true });
    await save(w, { orgUrl: 'beta.okta.com', token: OTHER_TOKEN });
    w.session.items.set('secret:https://acme.okta.com', { kind: 'api-token', token: TOKEN }); // a stray copy
    w.session.items.set('view:https://acme.okta.com', { view: { state: 'no-cookie', org: { origin: 'https://acme.okta.com' }, hasCredential: true }, sessionKey: null });

    const reply = await w.send({ type: 'settings/remove-org', origin: 'https://acme.okta.com' });

    expect(reply).toMatchObject({ ok: true, orgs: [{ origin: 'https://beta.okta.com' }] });
    expect(w.local.dump()).not.toContain(TOKEN);
    expect(w.session.dump()).not.toContain(TOKEN);
    expect(w.session.items.has('view:https://acme.okta.com')).toBe(false);
    expect(w.session.items.get('secret:https://beta.okta.com')).toEqual({ kind: 'api-token', token: OTHER_TOKEN });
  });
});
