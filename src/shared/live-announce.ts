// What a live view says when its session changed by itself (a sign-in, a sign-out or another tab followed): one
// sentence for the page's polite status line, which a screen reader reads out. A look that finds the session it
// already showed says nothing, so nothing is announced while a page only keeps up (the countdown is never in a
// live region at all).
import type { InspectView } from './protocol';

const whose = (login: string | undefined) => (login ? ` for ${login}` : '');

/** The sentence for `after` replacing `before` on screen, or '' when the session shown did not change. */
export function liveChange(before: InspectView | null, after: InspectView): string {
  if (after.state === 'session') {
    if (before?.state === 'session' && before.session.key === after.session.key) return '';
    return `Now showing a new session${whose(after.session.login)}.`;
  }
  if (before?.state === after.state) return '';
  if (after.state === 'ended') return 'The session shown has ended.';
  if (after.state === 'no-cookie') return 'There is no Okta session in this browser for this site now.';
  if (after.state === 'no-credential') return 'The session changed; it cannot be read without a credential.';
  return 'This tab is not an Okta page.';
}
