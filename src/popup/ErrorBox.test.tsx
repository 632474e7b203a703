// @vitest-environment happy-dom
// A failure the user fixes on the options page (a sign-in to do again) offers the way there; others do not.
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../shared/protocol';
import { ErrorBox } from './ErrorBox';

afterEach(() => cleanup());

const expired: ErrorInfo = {
  kind: 'unauthorized',
  message: 'The Okta sign-in for dev-123456.okta.com has expired. It was made without "Stay signed in", so it cannot renew itself. Sign in again in the options page.',
  org: { origin: 'https://dev-123456.okta.com' },
};

describe('ErrorBox', () => {
  it('offers Open options beside Retry when the sign-in must be done again', () => {
    let opened = 0;
    let retried = 0;
    render(<ErrorBox error={expired} onRetry={() => retried++} onOpenOptions={() => opened++} />);
    expect(screen.getByRole('alert').textContent).toContain('Sign in again in the options page.');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Retry', 'Open options']);
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect([opened, retried]).toEqual([1, 0]);
  });

  it('offers Open options when the browser withdrew the access to Okta sites', () => {
    let opened = 0;
    const withdrawn: ErrorInfo = {
      kind: 'permission',
      message: 'The browser is not letting the inspector read Okta sites (the permission was withdrawn). Open the options page and choose Grant access.',
    };
    render(<ErrorBox error={withdrawn} onRetry={() => {}} onOpenOptions={() => opened++} />);
    expect(screen.getByRole('alert').textContent).toContain('the permission was withdrawn');
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(opened).toBe(1);
  });

  it('does not for failures the options cannot fix', () => {
    render(<ErrorBox error={{ kind: 'network', message: 'Could not reach dev-123456.okta.com.' }} onRetry={() => {}} onOpenOptions={() => {}} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Retry']);
  });
});
