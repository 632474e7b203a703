// A failed request, explained: what went wrong in plain words, the identifiers Okta support asks for, when a
// rate limit lifts, and a way to try again.
import type { ErrorInfo } from '../shared/protocol';
import { formatRateLimitReset } from './time';
import { useNow } from './use-now';
import { errorDetails, errorTitle } from './view-model';

export function ErrorBox({ error, onRetry }: { error: ErrorInfo; onRetry: () => void }) {
  const now = useNow(error.retryAt !== undefined);
  const details = errorDetails(error);
  return (
    <div class="error" role="alert">
      <p class="error-title">{errorTitle(error)}</p>
      <p>{error.message}</p>
      {error.retryAt !== undefined && <p class="reset">{formatRateLimitReset(error.retryAt, now)}</p>}
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
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
