import { describe, expect, it } from 'vitest';
import { cookieDomainMatches, originOf, parseCookieChange, touchesSession, type CookieChange } from './live-filter';

const change = (over: Partial<CookieChange> = {}): CookieChange => ({
  removed: false,
  cause: 'explicit',
  name: 'sid',
  domain: 'dev-123456.okta.com',
  ...over,
});
const demo = { host: 'dev-123456.okta.com' };

describe('parseCookieChange', () => {
  it('reads the fields of cookies.onChanged and nothing else (the value is left behind)', () => {
    const raw = { removed: true, cause: 'expired_overwrite', cookie: { name: 'sid', value: 'secret', domain: '.okta.com', storeId: '1' } };
    expect(parseCookieChange(raw)).toEqual({ removed: true, cause: 'expired_overwrite', name: 'sid', domain: '.okta.com', storeId: '1' });
  });

  it('refuses what does not have the shape', () => {
    for (const raw of [null, 1, 'x', {}, { removed: 'yes', cause: 'explicit', cookie: {} }, { removed: false, cause: 'explicit', cookie: { name: 1, domain: 'a' } }]) {
      expect(parseCookieChange(raw)).toBeUndefined();
    }
  });
});

describe('cookieDomainMatches', () => {
  it('matches a host-only cookie on its host alone, a domain cookie on the domain and its subdomains', () => {
    expect(cookieDomainMatches('dev-123456.okta.com', 'dev-123456.okta.com')).toBe(true);
    expect(cookieDomainMatches('dev-123456.okta.com', 'x.dev-123456.okta.com')).toBe(false);
    expect(cookieDomainMatches('.okta.com', 'dev-123456.okta.com')).toBe(true);
    expect(cookieDomainMatches('.okta.com', 'okta.com')).toBe(true);
    expect(cookieDomainMatches('.okta.com', 'notokta.com')).toBe(false);
    expect(cookieDomainMatches('.', 'okta.com')).toBe(false);
    expect(cookieDomainMatches('DEV-123456.okta.com', 'dev-123456.OKTA.com')).toBe(true);
  });
});

describe('touchesSession', () => {
  it('is true for sid and idx of the watched host being set, replaced (the set half) or removed', () => {
    expect(touchesSession(change(), demo)).toBe(true);
    expect(touchesSession(change({ name: 'idx' }), demo)).toBe(true);
    expect(touchesSession(change({ removed: true, cause: 'expired_overwrite' }), demo)).toBe(true);
    expect(touchesSession(change({ removed: true, cause: 'explicit' }), demo)).toBe(true);
    expect(touchesSession(change({ removed: true, cause: 'expired' }), demo)).toBe(true);
  });

  it('skips the removal half of an overwrite: the set that follows is the one look', () => {
    expect(touchesSession(change({ removed: true, cause: 'overwrite' }), demo)).toBe(false);
  });

  it('ignores other cookies, other hosts, other stores, and everything when the host is unknown', () => {
    expect(touchesSession(change({ name: 'DT' }), demo)).toBe(false);
    expect(touchesSession(change({ name: 'JSESSIONID' }), demo)).toBe(false);
    expect(touchesSession(change({ domain: 'acme.okta.com' }), demo)).toBe(false);
    expect(touchesSession(change({ storeId: 'firefox-container-1' }), demo)).toBe(false);
    expect(touchesSession(change({ storeId: '1' }), demo)).toBe(false);
    expect(touchesSession(change(), {})).toBe(false);
  });

  it('treats each browser’s name for the main store as the same store', () => {
    expect(touchesSession(change({ storeId: '0' }), demo)).toBe(true);
    expect(touchesSession(change({ storeId: 'firefox-default' }), demo)).toBe(true);
    expect(touchesSession(change({ storeId: 'firefox-private' }), { ...demo, storeId: 'firefox-private' })).toBe(true);
    expect(touchesSession(change(), { ...demo, storeId: 'firefox-private' })).toBe(false);
  });
});

describe('originOf', () => {
  it('gives web origins only', () => {
    expect(originOf('https://dev-123456.okta.com/app/UserHome?x=1')).toBe('https://dev-123456.okta.com');
    expect(originOf('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(originOf('about:blank')).toBeUndefined();
    expect(originOf('chrome-extension://abc/panel.html')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
    expect(originOf('not a url')).toBeUndefined();
  });
});
