// @vitest-environment happy-dom
import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import type { BrowserCookie } from '../shared/protocol';
import { BrowserCookies, cookieAttributes } from './BrowserCookies';

const sid: BrowserCookie = { name: 'sid', domain: 'acme.okta.com', path: '/', hostOnly: true, httpOnly: true, secure: true, sameSite: 'no_restriction', partitioned: false };
const now = Date.parse('2030-01-01T08:00:00Z');

describe('In this browser', () => {
  it('says each attribute as a Set-Cookie header would', () => {
    expect(cookieAttributes(sid, now)).toEqual(['HttpOnly', 'Secure', 'SameSite=None', 'host-only', 'session cookie (gone when the browser closes)']);
    const dt: BrowserCookie = { ...sid, name: 'DT', httpOnly: false, secure: false, sameSite: 'unspecified', hostOnly: false, domain: '.okta.com', expiresAt: now + 86_400_000, partitioned: true, path: '/x' };
    const words = cookieAttributes(dt, now);
    expect(words).toEqual(expect.arrayContaining(['not Secure', 'SameSite not set (treated as Lax)', 'domain .okta.com', 'partitioned', 'path /x']));
    expect(words.some((w) => w.startsWith('persistent, until '))).toBe(true);
  });

  it('lists the cookies under its heading, and says so when there are none', () => {
    const { unmount } = render(<BrowserCookies cookies={[sid]} host="acme.okta.com" now={now} />);
    expect(screen.getByRole('heading', { name: 'In this browser' })).toBeTruthy();
    expect(screen.getByText('Classic session')).toBeTruthy();
    unmount();
    render(<BrowserCookies cookies={[]} host="acme.okta.com" now={now} />);
    expect(screen.getByText(/holds none of Okta’s cookies/)).toBeTruthy();
  });
});
