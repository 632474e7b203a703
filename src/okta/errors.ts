// Every failure the Okta layer can produce is one of these kinds, so the UI can explain each in plain words
// and nothing reaching the popup is an untyped exception.
export type OktaErrorKind =
  | 'okta' // Okta answered with an error body we have no more specific kind for (400, 5xx, ...)
  | 'not_found' // 404: the session ended, was revoked, or never existed
  | 'unauthorized' // 401: the credential is wrong or expired
  | 'forbidden' // 403: the credential lacks a scope or the admin lacks a right
  | 'rate_limited' // 429 beyond the retry budget
  | 'network' // no HTTP response at all (DNS, TLS, reset)
  | 'timeout' // no response within the client's timeout
  | 'malformed' // a response that is not the JSON we expect
  | 'invalid_input' // a bad org URL, session id, or token before any request is made
  | 'oauth'; // sign-in with Okta failed: the authorize redirect or the token endpoint refused (OAuth error codes)

/**
 * The fields Okta support asks for, taken from the error body and the X-Okta-Request-Id header. OAuth endpoints
 * answer `{error, error_description}` instead: those land in errorCode and errorSummary.
 */
export interface OktaErrorDetails {
  errorCode?: string;
  errorSummary?: string;
  errorId?: string;
  requestId?: string;
  errorCauses?: string[];
}

export class OktaError extends Error {
  override readonly name = 'OktaError';
  constructor(
    readonly kind: OktaErrorKind,
    message: string,
    readonly extra: {
      status?: number;
      okta?: OktaErrorDetails;
      /** Epoch ms at which the rate-limit window resets (rate_limited only). */
      retryAt?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
  }

  get status(): number | undefined {
    return this.extra.status;
  }
  get okta(): OktaErrorDetails | undefined {
    return this.extra.okta;
  }
  get retryAt(): number | undefined {
    return this.extra.retryAt;
  }
}

export function isOktaError(value: unknown): value is OktaError {
  return value instanceof OktaError;
}
