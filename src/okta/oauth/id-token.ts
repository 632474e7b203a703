// Reads the id_token only to show who signed in. Its signature is NOT checked: the token came straight from
// the org's token endpoint over TLS, which OpenID Connect Core §3.1.3.7 accepts in place of a signature check
// for this purpose, and nothing is authorised on the strength of these claims (the access token is what Okta
// checks). iss, aud and nonce are still compared, so a reply for another org, app or sign-in is refused.
import * as z from 'zod/mini';
import { OktaError } from '../errors';
import { lazy } from '../lazy';
import { textFromBase64url } from './base64url';

export const idTokenClaimsSchema = /* @__PURE__ */ lazy(() => z.looseObject({
  iss: z.optional(z.string()),
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
  sub: z.optional(z.string()),
  nonce: z.optional(z.string()),
  exp: z.optional(z.number()),
  iat: z.optional(z.number()),
  preferred_username: z.optional(z.string()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
}));
export type IdTokenClaims = z.infer<ReturnType<typeof idTokenClaimsSchema>>;

const malformed = () => new OktaError('malformed', "Okta's id_token could not be read.");

/** The payload of a compact JWT, unverified (see the comment at the top). */
export function readIdToken(idToken: string): IdTokenClaims {
  const parts = idToken.split('.');
  if (parts.length !== 3) throw malformed();
  let json: unknown;
  try {
    json = JSON.parse(textFromBase64url(parts[1]!));
  } catch {
    throw malformed();
  }
  const parsed = idTokenClaimsSchema().safeParse(json);
  if (!parsed.success) throw malformed();
  return parsed.data;
}

/** Refuses an id_token issued by another org, for another app, or for another sign-in. */
export function checkIdToken(claims: IdTokenClaims, expected: { issuer: string; clientId: string; nonce: string }): void {
  const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const refuse = (what: string) =>
    new OktaError('oauth', `Okta's id_token was not issued for this sign-in (${what} differs), so it was not used. Sign in again.`);
  if (claims.iss !== expected.issuer) throw refuse('issuer');
  if (!audiences.includes(expected.clientId)) throw refuse('audience');
  if (claims.nonce !== expected.nonce) throw refuse('nonce');
}

export interface SignedInUser {
  /** Okta's user id (`sub`). */
  id?: string;
  /** The Okta username (preferred_username), e.g. jane@example.com. */
  login?: string;
  name?: string;
}

/** "Signed in as": from the profile claims (scope `profile`); email stands in when there is no username. */
export function signedInAs(claims: IdTokenClaims): SignedInUser {
  const user: SignedInUser = {};
  if (claims.sub) user.id = claims.sub;
  const login = claims.preferred_username ?? claims.email;
  if (login) user.login = login;
  if (claims.name) user.name = claims.name;
  return user;
}
