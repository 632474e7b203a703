import { describe, expect, it } from 'vitest';
import type { OrgSettingsView } from '../shared/protocol';
import { parseRequest } from '../shared/protocol';
import { checkClientId, checkCustomDomains, checkToken, permissionPattern, planSave, type FormFields } from './form';

const fields = (over: Partial<FormFields> = {}): FormFields => ({
  orgUrl: 'https://acme.okta.com',
  customDomains: '',
  kind: 'api-token',
  token: 'tok123456',
  remember: false,
  clientId: '',
  readWithCookie: true,
  dpop: 'auto',
  staySignedIn: true,
  ...over,
});

describe('planSave', () => {
  it('builds a request the protocol accepts', () => {
    const result = planSave(fields({ customDomains: 'login.acme.com' }), undefined);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(parseRequest(result.plan.request).success).toBe(true);
    expect(result.plan.permissions).toEqual(['https://login.acme.com/*']);
  });

  it('asks for the org itself too when it is not on an Okta domain, without duplicates', () => {
    const result = planSave(fields({ orgUrl: 'https://id.example.com/login', customDomains: 'https://id.example.com\nhttps://sso.example.com' }), undefined);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.request.orgUrl).toBe('https://id.example.com');
    expect(result.plan.request.customDomains).toEqual(['https://sso.example.com']);
    expect(result.plan.permissions).toEqual(['https://id.example.com/*', 'https://sso.example.com/*']);
  });

  it('reports every field problem at once', () => {
    const result = planSave(fields({ orgUrl: 'http://acme.okta.com', customDomains: 'javascript:alert(1)', token: 'two words' }), undefined);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.orgUrl).toMatch(/https/);
    expect(result.problems.customDomains).toMatch(/^Line 1 \(javascript:alert\(1\)\): The address must start with https:\/\//);
    expect(result.problems.token).toMatch(/spaces/);
  });

  it('keeps a saved sign-in or same-kind token when the field is empty, but not one of another kind', () => {
    const saved = (kind: 'api-token' | 'access-token' | 'oauth'): OrgSettingsView => ({
      origin: 'https://acme.okta.com',
      customDomains: [],
      credential: { kind, hint: 'wxyz', remember: false },
    });
    const keep = planSave(fields({ token: '' }), saved('api-token'));
    expect(keep.ok && keep.plan.request.type === 'settings/save-org' && keep.plan.request.credential).toBe(undefined);
    expect(keep.ok).toBe(true);
    expect(planSave(fields({ token: '', kind: 'access-token' }), saved('oauth')).ok).toBe(true);
    expect(planSave(fields({ token: '', kind: 'access-token' }), saved('api-token')).ok).toBe(false);
    expect(planSave(fields({ token: '' }), undefined).ok).toBe(false);
  });
});

describe('checkCustomDomains', () => {
  it('normalises, skips blank lines and collapses duplicates', () => {
    expect(checkCustomDomains('\n LOGIN.acme.com/x \nhttps://login.acme.com\n\n')).toEqual({ origins: ['https://login.acme.com'], problems: [] });
  });

  it('refuses more than the protocol carries', () => {
    const many = Array.from({ length: 21 }, (_, i) => `https://d${i}.example.com`).join('\n');
    expect(checkCustomDomains(many).problems).toEqual(['At most 20 custom domains can be saved.']);
  });
});

describe('checkToken', () => {
  it('drops surrounding space and a pasted header scheme', () => {
    expect(checkToken('  SSWS 00abc \n', 'api-token')).toEqual({ ok: true, value: '00abc' });
    expect(checkToken('Bearer eyJ.a.b', 'access-token')).toEqual({ ok: true, value: 'eyJ.a.b' });
    expect(checkToken('   ', 'api-token')).toEqual({ ok: true, value: undefined });
  });
});

describe('permissionPattern', () => {
  it('is the match pattern for the host, port dropped (match patterns have none)', () => {
    expect(permissionPattern('https://login.acme.com')).toBe('https://login.acme.com/*');
    expect(permissionPattern('http://127.0.0.1:8443')).toBe('http://127.0.0.1/*');
  });
});

describe('planSave for Sign in with Okta', () => {
  it('builds the oauth/sign-in request the protocol accepts, with the DPoP choice and no token', () => {
    const result = planSave(fields({ kind: 'oauth', clientId: ' 0oaDemoSignIn0000001 ', dpop: 'on', staySignedIn: false, remember: true, customDomains: 'login.acme.com' }), undefined);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.request).toEqual({
      type: 'oauth/sign-in',
      orgUrl: 'https://acme.okta.com',
      customDomains: ['https://login.acme.com'],
      clientId: '0oaDemoSignIn0000001',
      dpop: true,
      staySignedIn: false,
      remember: true,
    });
    expect(parseRequest(result.plan.request).success).toBe(true);
    expect(result.plan.permissions).toEqual(['https://login.acme.com/*']);
    const auto = planSave(fields({ kind: 'oauth', clientId: 'abc', dpop: 'auto' }), undefined);
    const off = planSave(fields({ kind: 'oauth', clientId: 'abc', dpop: 'off' }), undefined);
    expect(auto.ok && auto.plan.request.type === 'oauth/sign-in' && auto.plan.request.dpop).toBe('auto');
    expect(off.ok && off.plan.request.type === 'oauth/sign-in' && off.plan.request.dpop).toBe(false);
  });

  it('asks for the org itself first when it is on a custom domain (the token endpoint is there)', () => {
    const result = planSave(fields({ kind: 'oauth', orgUrl: 'https://id.example.com', clientId: 'abc' }), undefined);
    expect(result.ok && result.plan.permissions).toEqual(['https://id.example.com/*']);
  });

  it('needs a Client ID, and one without spaces or quotes', () => {
    const empty = planSave(fields({ kind: 'oauth', clientId: '  ' }), undefined);
    expect(!empty.ok && empty.problems.clientId).toMatch(/^Enter the app's Client ID/);
    expect(checkClientId('0oa "x"')).toMatchObject({ ok: false, message: expect.stringMatching(/copy it again/) });
    expect(checkClientId(' 0oa1b2c3 ')).toEqual({ ok: true, value: '0oa1b2c3' });
  });
});

describe('read with the browser’s cookie', () => {
  const saved = (readWithCookie?: boolean): OrgSettingsView => ({
    origin: 'https://acme.okta.com',
    customDomains: [],
    credential: { kind: 'api-token', hint: '…3456', remember: false },
    ...(readWithCookie === undefined ? {} : { readWithCookie }),
  });
  it('is sent only as a change, so a save that leaves it alone keeps what is stored', () => {
    const request = (f: Partial<FormFields>, s: OrgSettingsView | undefined) => {
      const plan = planSave(fields(f), s);
      if (!plan.ok) throw new Error('no plan');
      return plan.plan.request as { readWithCookie?: boolean };
    };
    expect(request({}, undefined).readWithCookie).toBeUndefined();
    expect(request({ readWithCookie: false }, undefined).readWithCookie).toBe(false);
    expect(request({ readWithCookie: false, token: '' }, saved(false)).readWithCookie).toBeUndefined();
    expect(request({ readWithCookie: true, token: '' }, saved(false)).readWithCookie).toBe(true);
  });
});
