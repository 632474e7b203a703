import { readFileSync } from 'node:fs';
import { errorId } from './ids';

// Error codes and summaries come from Okta's own catalogue (spec/error-codes.json, copied from
// /work/shared/okta), so the mock cannot drift from what Okta documents.

interface CatalogueEntry {
  errorCode: string;
  statusCode: number;
  errorSummary: string;
}

const catalogue: ReadonlyMap<string, CatalogueEntry> = new Map(
  (
    JSON.parse(readFileSync(new URL('./spec/error-codes.json', import.meta.url), 'utf8')) as {
      errors: CatalogueEntry[];
    }
  ).errors.map((e) => [e.errorCode, e]),
);

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export function catalogueEntry(code: string): CatalogueEntry {
  const entry = catalogue.get(code);
  if (!entry) throw new Error(`error code ${code} is not in Okta's catalogue`);
  return entry;
}

/**
 * An Okta error body with a fresh errorId. `detail` fills the `{0}` of summaries such as
 * "Not found: {0}"; summaries without a placeholder are used as they are.
 */
export function oktaErrorBody(code: string, detail?: string, causes: string[] = []): OktaErrorBody {
  const entry = catalogueEntry(code);
  const summary = entry.errorSummary.includes('{0}')
    ? entry.errorSummary.replace('{0}', detail ?? '')
    : entry.errorSummary;
  return {
    errorCode: code,
    errorSummary: summary,
    errorLink: code,
    errorId: errorId(),
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

export const statusOf = (code: string): number => catalogueEntry(code).statusCode;

/** The error code Okta would most plausibly send with a bare status (used by status faults without a body). */
export const DEFAULT_CODE_FOR_STATUS: Readonly<Record<number, string>> = {
  400: 'E0000001',
  401: 'E0000011',
  403: 'E0000006',
  404: 'E0000007',
  405: 'E0000022',
  429: 'E0000047',
  500: 'E0000009',
  501: 'E0000052',
  503: 'E0000181',
};
