import { randomBytes } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URLSAFE = `${ALPHANUM}-_`;

function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Okta object ids: a 3-character type prefix and 17 characters, e.g. `00u8eyowx5GiJhqvj1d6`. */
export const oktaObjectId = (prefix: '00u' | '00o' | '0oa'): string => prefix + randomFrom(ALPHANUM, 17);

/** Classic session ids look like `102XV1tNvxsTm69-StW_BCU-Q`; OIE `xsid` values start with `idx`. */
export const sessionId = (mode: 'classic' | 'oie'): string =>
  (mode === 'oie' ? 'idx' : '102') + randomFrom(URLSAFE, 22);

/** errorId values in Okta error bodies, e.g. `oaeVCVElsluRpii8PP4GeLYxA`. */
export const errorId = (): string => 'oae' + randomFrom(URLSAFE, 22);

/** X-Okta-Request-Id values, e.g. `XdJ3hb7Ecm1tUXu0Pv4bPAAAAM4`. */
export const requestId = (): string => randomFrom(URLSAFE, 27);

/** One-time session tokens as /api/v1/authn hands them out. */
export const sessionToken = (): string => '20111' + randomFrom(URLSAFE, 37);

export const base64url = (input: string | Buffer): string => Buffer.from(input).toString('base64url');

export const randomSegment = (bytes: number): string => randomBytes(bytes).toString('base64url');
