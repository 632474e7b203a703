import { describe, expect, it } from 'vitest';
import { browserCookieView } from './browser-cookies';

const base = { domain: 'acme.okta.com', path: '/', hostOnly: true, httpOnly: true, secure: true, session: true, sameSite: 'no_restriction' };
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('browserCookieView', () => {
  it('keeps the attributes and drops the value', () => {
    const v = browserCookieView({ ...base, name: 'sid', value: '102SecretSessionIdValue00' });
    expect(v).toEqual({ name: 'sid', domain: 'acme.okta.com', path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'no_restriction', partitioned: false });
    expect(JSON.stringify(v)).not.toContain('102Secret');
  });

  it('gives a persistent cookie its expiry in ms, and marks a partitioned one', () => {
    const v = browserCookieView({ ...base, name: 'DT', value: 'x', session: false, expirationDate: 1_900_000_000.5, partitionKey: { topLevelSite: 'https://app.example.com' }, hostOnly: false, domain: '.okta.com' });
    expect(v).toMatchObject({ name: 'DT', expiresAt: 1_900_000_000_500, partitioned: true, hostOnly: false, domain: '.okta.com' });
  });

  it('reads what the idx header names: the derived id as a hint, and an org id', () => {
    const value = `${b64({ alg: 'dir', enc: 'A256GCM', xsid: 'idxAbcdefghijklmnopqrstuv', org: '00o1a2b3c4d5e6f7g8h9' })}..iv.ct.tag`;
    const v = browserCookieView({ ...base, name: 'idx', value });
    expect(v?.idx).toEqual({ xsidHint: 'idxA…stuv', orgId: '00o1a2b3c4d5e6f7g8h9' });
    expect(JSON.stringify(v)).not.toContain('idxAbcdefghijklmnopqrstuv');
  });

  it('ignores cookies that are not Okta’s or that do not parse', () => {
    expect(browserCookieView({ ...base, name: 'other', value: 'x' })).toBeUndefined();
    expect(browserCookieView({ name: 'sid', value: 'x' })).toBeUndefined();
    expect(browserCookieView(null)).toBeUndefined();
    expect(browserCookieView({ ...base, name: 'sid', value: 1 })).toBeUndefined();
  });

  it('an idx cookie whose header is not readable shows no header facts', () => {
    expect(browserCookieView({ ...base, name: 'idx', value: 'not-a-jwe' })?.idx).toBeUndefined();
  });
});
