// What the diagnosis engine returns: one entry per failure it can name from the Timeline's events.
import type { TimelineEvent } from '../timeline/schema';

export const DIAGNOSIS_IDS = [
  'not-assigned',
  'policy-denied',
  'scope',
  'redirect-uri',
  'client-id',
  'response-grant-type',
  'pkce',
  'code-reused',
  'token-browser',
  'silent-cookie-blocked',
  'login-required',
  'cors',
  'sign-out',
  'session-ended',
  'rate-limited',
  'blocked-before-okta',
  'hosted-page-expired',
  'redirect-loop',
  'okta-error',
] as const;
export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

export interface Diagnosis {
  id: DiagnosisId;
  title: string;
  /** Okta's own words: the error_description it sent, or its catalogue's text for this case (`oktaSaid`). */
  okta?: string;
  /** true: `okta` is what Okta sent in this flow; false: what Okta's catalogue says for this case. */
  oktaSaid?: boolean;
  /** The OAuth `error` code, when Okta gave one. */
  error?: string;
  meaning: string;
  /** The fix, with the Admin Console path (shown after "Fix: "). */
  fix: string;
  /** certain: the events say so; likely: the events fit this cause best, but the browser cannot see all of it. */
  certainty: 'certain' | 'likely';
  /** Rests on a fact FLOW-ERRORS.md marks UNCONFIRMED (then it is always `likely`). */
  unconfirmed?: boolean;
  /** When it happened (the newest event it rests on). */
  at: number;
  org: string;
  /** The events it rests on, oldest first. */
  events: TimelineEvent[];
}

/** What the engine may know beyond the events: the popup's session view. */
export interface DiagnoseContext {
  now: number;
  /** Only this org's events (the tab's org). */
  org?: string;
  /** The tab's session as the Session view last read it. */
  session?: { key?: string; expiresAt?: number };
  /** The Session view found the tab's session cookie but Okta says it has no such session (404). */
  sessionGone?: boolean;
}
