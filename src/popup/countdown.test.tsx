// @vitest-environment happy-dom
// The live parts of the popup, under a fake clock: the session's expiry and a rate limit's reset tick each second.
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorBox } from './ErrorBox';
import { sessionView } from './fake-worker';
import { SessionPanel } from './SessionPanel';

const start = new Date(2026, 2, 14, 14, 0, 0).getTime();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(start);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const noop = () => {};

function expiry(): string {
  return document.querySelector('.expiry')!.textContent ?? '';
}

describe('the expiry countdown', () => {
  it('counts down each second and then says how long ago it expired', async () => {
    const view = sessionView(start, { expiresAt: new Date(start + 3_000).toISOString() });
    render(<SessionPanel view={view} busy={null} onRefresh={noop} onRevoke={noop} onCopyJson={noop} />);
    expect(expiry()).toBe('expires in 3 s (at 14:00:03)');

    await act(() => {
      vi.advanceTimersByTime(1_000);
    });
    expect(expiry()).toBe('expires in 2 s (at 14:00:03)');

    await act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(expiry()).toMatch(/^expired just now/);
    expect(document.querySelector('.expiry')!.className).toContain('gone');

    await act(() => {
      vi.advanceTimersByTime(3 * 60_000);
    });
    expect(expiry()).toBe('expired 3 min ago (at 14:00:03)');
  });

  it('updates ages as time passes', async () => {
    const view = sessionView(start, { lastPasswordVerification: new Date(start - 59_000).toISOString() });
    render(<SessionPanel view={view} busy={null} onRefresh={noop} onRevoke={noop} onCopyJson={noop} />);
    const dd = () => screen.getByText('Password verified', { selector: 'dt' }).nextElementSibling!.textContent;
    expect(dd()).toBe('59 s ago');
    await act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(dd()).toBe('1 min ago');
  });

  it('stops ticking once unmounted', async () => {
    const view = sessionView(start);
    const { unmount } = render(
      <SessionPanel view={view} busy={null} onRefresh={noop} onRevoke={noop} onCopyJson={noop} />,
    );
    await act(() => {
      vi.advanceTimersByTime(100);
    }); // let Preact's own scheduling settle
    expect(vi.getTimerCount()).toBe(1);
    act(() => {
      unmount();
    });
    vi.advanceTimersByTime(100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a date it cannot read as it came', () => {
    const view = sessionView(start, { expiresAt: 'soon-ish', createdAt: 'yesterday' });
    render(<SessionPanel view={view} busy={null} onRefresh={noop} onRevoke={noop} onCopyJson={noop} />);
    expect(expiry()).toBe('Expires: soon-ish');
    expect(screen.getByText('Created', { selector: 'dt' }).nextElementSibling!.textContent).toBe('yesterday');
  });
});

describe('the rate-limit reset', () => {
  it('counts down to the reset, then says the user can retry', async () => {
    const retryAt = start + 40_000;
    render(<ErrorBox error={{ kind: 'rate_limited', message: 'Okta is limiting requests.', retryAt }} onRetry={noop} />);
    const reset = () => document.querySelector('.reset')!.textContent;
    expect(reset()).toBe("Okta's rate limit resets at 14:00:40 (in 40 s)");
    await act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(reset()).toBe("Okta's rate limit resets at 14:00:40 (in 30 s)");
    await act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(reset()).toBe("Okta's rate limit reset at 14:00:40: you can retry now.");
  });

  it('runs no timer for an error without a reset time', () => {
    render(<ErrorBox error={{ kind: 'network', message: 'offline' }} onRetry={noop} />);
    expect(vi.getTimerCount()).toBe(0);
    expect(document.querySelector('.reset')).toBeNull();
  });
});
