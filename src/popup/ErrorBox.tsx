// A failed request, explained: what went wrong in plain words, the identifiers Okta support asks for, when a
// rate limit lifts, and a way to try again (and to the options page, when the fix is there: a sign-in to renew).
import type { ErrorInfo } from '../shared/protocol';
import { formatRateLimitReset } from './time';
import { useNow } from './use-now';
import { errorDetails, errorTitle } from './view-model';

/**
 * Failures fixed on the options page: a credential Okta refuses, a sign-in that must be done again, none at all,
 * and host access the browser was told to withdraw (the options page asks for it again).
 */
const FIXED_IN_OPTIONS = new Set<ErrorInfo['kind']>(['unauthorized', 'oauth', 'no_credential', 'permission']);

/** Without `onRetry` there is no Retry button: a form's own submit button is the way to try again. */
export function ErrorBox({ error, onRetry, onOpenOptions }: { error: ErrorInfo; onRetry?: () => void; onOpenOptions?: () => void }) {
  const now = useNow(error.retryAt !== undefined);
  const details = errorDetails(error);
  return (
    <div class="error" role="alert">
      <p class="error-title">{errorTitle(error)}</p>
      <p>{error.message}</p>
      {error.retryAt !== undefined && (
        // Ticks each second: inside the alert every tick would be read out again. The message above already
        // says when the limit resets, once; this line is for the eyes.
        <p class="reset" aria-hidden="true">
          {formatRateLimitReset(error.retryAt, now)}
        </p>
      )}
      {details.length > 0 && (
        <dl class="fields">
          {details.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd class={label === 'Summary' ? undefined : 'mono'}>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
      {onOpenOptions && FIXED_IN_OPTIONS.has(error.kind) && (
        <>
          {' '}
          <button type="button" onClick={onOpenOptions}>
            Open options
          </button>
        </>
      )}
    </div>
  );
}
