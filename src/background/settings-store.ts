// Where settings and secrets live. Settings (orgs and their custom domains) are in storage.local; an org's
// secret is in storage.session (memory only) unless the user chose `remember`, then in storage.local. Every
// read goes to storage: the worker keeps nothing between messages. Stored data is parsed like any other input:
// an entry that does not parse is ignored rather than trusted.
import * as z from 'zod/mini';
import { lazy } from '../okta/lazy';
import type { StorageArea, WorkerDeps } from './deps';

const ORGS_KEY = 'orgs';
export const secretKey = (origin: string): string => `secret:${origin}`;

const orgRecordSchema = /* @__PURE__ */ lazy(() => z.object({
  /** A normalised org origin: the only place this org's secret is sent. */
  origin: z.string(),
  /** Normalised origins of custom URL domains that belong to this org. */
  customDomains: z.array(z.string()),
  clientId: z.optional(z.string()),
  /** Where the secret lives: storage.local when true, storage.session when false. */
  remember: z.boolean(),
  /** Read the session with the browser's own cookie (/api/v1/sessions/me) when no credential can; absent: on. */
  readWithCookie: z.optional(z.boolean()),
  /** Sign in with Okta: the choices made at the last sign-in, offered again when the user signs in again. */
  oauth: z.optional(z.object({ dpop: z.union([z.boolean(), z.literal('auto')]), staySignedIn: z.boolean() })),
}));
export type OrgRecord = z.infer<ReturnType<typeof orgRecordSchema>>;

const nonEmpty = () => z.string().check(z.minLength(1));

/**
 * Sign in with Okta's tokens, bound to the org like any secret. The id_token is not kept (only the name it gave);
 * a DPoP key, when the tokens are bound to one, lives in IndexedDB (dpop-key-store.ts), as a CryptoKey must.
 */
const oauthSecretSchema = () => z.object({
  kind: z.literal('oauth'),
  clientId: z.string(),
  accessToken: nonEmpty(),
  tokenType: z.enum(['Bearer', 'DPoP']),
  expiresAt: z.number(),
  obtainedAt: z.number(),
  scopes: z.array(z.string()),
  refreshToken: z.optional(nonEmpty()),
  signedInAs: z.optional(z.string()),
});
export type OAuthSecret = z.infer<ReturnType<typeof oauthSecretSchema>>;

/** Told apart by `kind` (a plain z.union, as in protocol.ts). */
const storedSecretSchema = /* @__PURE__ */ lazy(() => z.union([
  z.object({ kind: z.enum(['api-token', 'access-token']), token: nonEmpty() }),
  oauthSecretSchema(),
]));
export type StoredSecret = z.infer<ReturnType<typeof storedSecretSchema>>;

export async function loadOrgs(deps: WorkerDeps): Promise<OrgRecord[]> {
  const raw = (await deps.storageLocal.get(ORGS_KEY))[ORGS_KEY];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const parsed = orgRecordSchema().safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export async function writeOrgs(deps: WorkerDeps, orgs: readonly OrgRecord[]): Promise<void> {
  await deps.storageLocal.set({ [ORGS_KEY]: orgs });
}

function secretArea(deps: WorkerDeps, remember: boolean): StorageArea {
  return remember ? deps.storageLocal : deps.storageSession;
}

async function readSecretFrom(area: StorageArea, origin: string): Promise<StoredSecret | undefined> {
  const key = secretKey(origin);
  const parsed = storedSecretSchema().safeParse((await area.get(key))[key]);
  return parsed.success ? parsed.data : undefined;
}

/** The configured org's secret, read from the area its `remember` setting names. */
export function loadSecret(deps: WorkerDeps, org: OrgRecord): Promise<StoredSecret | undefined> {
  return readSecretFrom(secretArea(deps, org.remember), org.origin);
}

/** Stores the secret in the area `remember` names and removes any copy from the other one. */
export async function writeSecret(deps: WorkerDeps, origin: string, secret: StoredSecret, remember: boolean): Promise<void> {
  const key = secretKey(origin);
  // Parsed on the way in too, so nothing but the schema's fields is ever written.
  await secretArea(deps, remember).set({ [key]: storedSecretSchema().parse(secret) });
  await secretArea(deps, !remember).remove(key);
}

/** Moves an existing secret to the area `remember` names (no-op when there is none). */
export async function moveSecret(deps: WorkerDeps, origin: string, remember: boolean): Promise<void> {
  const secret = await readSecretFrom(secretArea(deps, !remember), origin);
  if (secret) await writeSecret(deps, origin, secret, remember);
}

export async function deleteSecret(deps: WorkerDeps, origin: string): Promise<void> {
  const key = secretKey(origin);
  await deps.storageSession.remove(key);
  await deps.storageLocal.remove(key);
}

let settingsQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs settings read-modify-write steps one at a time: two saves in flight must not both start from the same
 * list and lose one org. The queue only orders work inside one worker life; nothing depends on it surviving.
 */
export function withSettingsLock<T>(work: () => Promise<T>): Promise<T> {
  const run = settingsQueue.then(work, work);
  settingsQueue = run.catch(() => undefined);
  return run;
}
