// A failure as the user reads it: the plain message first, then the identifiers Okta support asks for.
import type { ErrorInfo } from '../shared/protocol';

export function ErrorAlert({ error, id }: { error: ErrorInfo; id?: string }) {
  const okta = error.okta;
  const details: [string, string][] = [];
  if (okta?.errorCode) details.push(['Okta error code', okta.errorCode]);
  if (okta?.errorSummary && okta.errorSummary !== error.message) details.push(['Okta says', okta.errorSummary]);
  if (error.status !== undefined) details.push(['HTTP status', String(error.status)]);
  if (okta?.errorId) details.push(['Error ID', okta.errorId]);
  if (okta?.requestId) details.push(['Request ID', okta.requestId]);
  if (error.retryAt !== undefined) details.push(['Try again after', new Date(error.retryAt).toLocaleTimeString()]);
  return (
    <div role="alert" class="alert" id={id}>
      <p>{error.message}</p>
      {details.length > 0 && (
        <dl class="details">
          {details.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
