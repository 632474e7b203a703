// The shapes Okta's Sessions API sends and accepts. The published spec is a floor, not a ceiling: real replies
// carry fields it omits (the deprecated `mfaActive`), enum values it does not list yet, `null` where it says
// date-time, and `_links` in shapes its own examples disagree about. So every field is optional, unknown fields
// pass through, enums are kept as plain strings and `_links` is never relied on (follow-up URLs come from `id`).
// A namespace import, not `{ z }`: the `z` object drags every zod locale into the bundle.
import * as z from 'zod/mini';
import { OktaError } from './errors';
import { lazy } from './lazy';

/** Statuses the spec lists; others may appear and are kept as they are. */
export const SESSION_STATUSES = ['ACTIVE', 'MFA_ENROLL', 'MFA_REQUIRED'] as const;
/** Identity provider types the spec lists; others may appear and are kept as they are. */
export const IDP_TYPES = ['ACTIVE_DIRECTORY', 'FEDERATION', 'LDAP', 'OKTA', 'SOCIAL'] as const;

const timestamp = () => z.string();

export const sessionSchema = /* @__PURE__ */ lazy(() => z.looseObject({
  id: z.optional(z.string()),
  userId: z.optional(z.string()),
  login: z.optional(z.string()),
  createdAt: z.optional(timestamp()),
  expiresAt: z.optional(timestamp()),
  status: z.optional(z.string()),
  lastPasswordVerification: z.optional(z.nullable(timestamp())),
  lastFactorVerification: z.optional(z.nullable(timestamp())),
  amr: z.optional(z.array(z.string())),
  idp: z.optional(z.looseObject({ id: z.optional(z.string()), type: z.optional(z.string()) })),
  mfaActive: z.optional(z.boolean()),
  _links: z.optional(z.unknown()),
}));
export type Session = z.infer<ReturnType<typeof sessionSchema>>;

/** Okta's error body (`errorLink` is just the code again); the request id travels in a header instead. */
export const oktaErrorBodySchema = /* @__PURE__ */ lazy(() => z.looseObject({
  errorCode: z.optional(z.string()),
  errorSummary: z.optional(z.string()),
  errorLink: z.optional(z.string()),
  errorId: z.optional(z.string()),
  errorCauses: z.optional(z.array(z.looseObject({ errorSummary: z.optional(z.string()) }))),
}));
export type OktaErrorBody = z.infer<ReturnType<typeof oktaErrorBodySchema>>;

export const createSessionRequestSchema = /* @__PURE__ */ lazy(() => z.object({
  sessionToken: z.string().check(z.minLength(1), z.maxLength(4096)),
}));
export type CreateSessionRequest = z.infer<ReturnType<typeof createSessionRequestSchema>>;

/** Where and how a value failed a schema, without echoing the value (it may be a secret). */
export function describeIssue(issues: readonly { path: PropertyKey[]; code: string; expected?: unknown }[]): string {
  const issue = issues[0];
  if (!issue) return 'it did not match the expected shape';
  const where = issue.path.length ? `at "${issue.path.map(String).join('.')}"` : 'at the top level';
  const what = issue.code === 'invalid_type' && issue.expected ? `expected ${String(issue.expected)}` : issue.code;
  return `${where}: ${what}`;
}

/** Parses a 2xx body as a session; anything else is a typed 'malformed' error. */
export function parseSession(json: unknown): Session {
  const result = sessionSchema().safeParse(json);
  if (result.success) return result.data;
  throw new OktaError('malformed', `Okta's reply did not look like a session (${describeIssue(result.error.issues)}).`);
}

/** Reads an error body, or undefined when it is not Okta's error JSON (a proxy page, an empty body, ...). */
export function parseOktaErrorBody(json: unknown): OktaErrorBody | undefined {
  const result = oktaErrorBodySchema().safeParse(json);
  if (!result.success) return undefined;
  const body = result.data;
  return body.errorCode !== undefined || body.errorSummary !== undefined ? body : undefined;
}
