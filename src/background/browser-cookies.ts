// **In this browser**: Okta's cookies for the tab's host as the browser holds them, names and attributes only.
// It answers "is there a session cookie, and will the browser send it?" with no credential at all. A cookie
// value never leaves this module: `idx` gives only what its readable header says, the derived id as its hint.
import * as z from 'zod/mini';
import { idxHeaderFacts, sessionIdHint } from '../okta/session-id';
import { lazy } from '../okta/lazy';
import type { BrowserCookie } from '../shared/protocol';
import type { CookieReader } from './deps';

const NAMES = ['sid', 'idx', 'DT', 'JSESSIONID'] as const;

/** The cookie object of `cookies.getAll`, the fields read here; anything else about it is ignored. */
const rawCookieSchema = /* @__PURE__ */ lazy(() => z.object({
  name: z.string(),
  value: z.string(),
  domain: z.string(),
  path: z.string(),
  hostOnly: z.boolean(),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  session: z.boolean(),
  sameSite: z.optional(z.string()),
  expirationDate: z.optional(z.number()),
  partitionKey: z.optional(z.unknown()),
}));

/** One cookie as shown, or undefined for a cookie that is not Okta's or does not parse. */
export function browserCookieView(raw: unknown): BrowserCookie | undefined {
  const parsed = rawCookieSchema().safeParse(raw);
  if (!parsed.success) return undefined;
  const c = parsed.data;
  const name = NAMES.find((n) => n === c.name);
  if (!name) return undefined;
  const view: BrowserCookie = {
    name,
    domain: c.domain.slice(0, 300),
    path: c.path.slice(0, 300),
    hostOnly: c.hostOnly,
    httpOnly: c.httpOnly,
    secure: c.secure,
    sameSite: (c.sameSite ?? 'unspecified').slice(0, 20),
    partitioned: c.partitionKey !== undefined && c.partitionKey !== null,
  };
  if (!c.session && c.expirationDate !== undefined) view.expiresAt = Math.round(c.expirationDate * 1000);
  if (name === 'idx') {
    const facts = idxHeaderFacts(c.value);
    if (facts) {
      view.idx = {};
      if (facts.xsid) view.idx.xsidHint = sessionIdHint(facts.xsid);
      if (facts.orgId) view.idx.orgId = facts.orgId;
    }
  }
  return view;
}

/** Okta's cookies the browser would send to `url` from a cookie store (absent: the main one), in a fixed order. */
export async function readBrowserCookies(cookies: CookieReader, url: string, storeId?: string): Promise<BrowserCookie[] | undefined> {
  if (!cookies.getAll) return undefined;
  let raw: unknown[];
  try {
    raw = await cookies.getAll(storeId === undefined ? { url } : { url, storeId });
  } catch {
    return undefined;
  }
  const views = raw.flatMap((c) => browserCookieView(c) ?? []);
  return views.sort((a, b) => NAMES.indexOf(a.name) - NAMES.indexOf(b.name)).slice(0, 8);
}
