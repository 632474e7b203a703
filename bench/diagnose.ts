// The diagnosis engine over a full Timeline ring (500 events, the ring's capacity), timed in this Node process:
// the engine is pure TypeScript with no browser API, so V8 here runs the same code the popup's chunk runs.
// The ring is a mix a busy debugging session leaves: sign-in flows (authorize, sign-in page, redirect back with
// a code or an error), token exchanges, silent renewals, CORS calls, cookie changes and the extension's own calls.
import { performance } from 'node:perf_hooks';
import { diagnose, diagnosisReport, flows, latestProblems } from '../src/shared/diagnose';
import { TIMELINE_CAPACITY, type TimelineEvent } from '../src/shared/timeline/schema';
import { summarize, type Summary } from './stats';

const ORG = 'https://dev-123456.okta.com';
const HOST = 'dev-123456.okta.com';
const APP = 'https://app.example.com';

export function fullRing(): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const t0 = 1_800_000_000_000;
  const errors = ['access_denied', 'invalid_scope', 'login_required', undefined, undefined];
  for (let i = 0; out.length < TIMELINE_CAPACITY; i++) {
    const at = t0 + i * 7000;
    const session = { key: `K${String(i % 7).padStart(21, 'k')}`, hint: `102${i % 7}…abcd` };
    const error = errors[i % errors.length];
    const common = { kind: 'request' as const, org: ORG, host: HOST, params: [], signals: { initiator: APP, headersSeen: true, oktaRequestId: i % 13 !== 0, cookies: i % 3 ? (['sid'] as const).slice() : [] } };
    out.push({ ...common, at, method: 'GET', path: '/oauth2/default/v1/authorize', resourceType: i % 4 === 0 ? 'sub_frame' : 'main_frame', status: i % 11 === 0 ? 400 : 302, session, oauth: { clientId: `0oa${i % 3}`, scope: 'openid profile', responseType: 'code', codeChallengeMethod: 'S256', sent: ['code_challenge', 'state'], redirectUri: `${APP}/callback`, ...(i % 4 === 0 ? { prompt: 'none' } : {}) }, ...(i % 11 ? { back: { to: `${APP}/callback`, ...(error ? { error } : { code: true }), state: true } } : {}) });
    out.push({ ...common, at: at + 300, method: 'GET', path: '/login/login.htm', resourceType: 'main_frame', status: i % 17 === 0 ? 403 : 200 });
    out.push({ ...common, at: at + 2000, method: 'POST', path: '/oauth2/default/v1/token', resourceType: 'xmlhttprequest', status: i % 5 === 0 ? 400 : i % 9 === 0 ? 429 : 200, oauth: { grantType: 'authorization_code', sent: ['code_verifier', 'code'] }, signals: { ...common.signals, origin: APP, corsAllowed: i % 6 !== 0, ...(i % 9 === 0 ? { rateLimit: { limit: 600, remaining: 0, reset: 1_800_000_100 } } : {}) } });
    out.push({ kind: 'cookie', at: at + 2500, org: ORG, host: HOST, cookie: 'sid', change: i % 8 === 0 ? 'removed' : i % 2 ? 'replaced' : 'set', cause: i % 8 === 0 ? 'expired_overwrite' : 'explicit', session, previous: { key: 'P'.repeat(22), hint: '102p…pppp' } });
    out.push({ kind: 'api', at: at + 3000, org: ORG, action: 'inspect', method: 'GET', path: `/api/v1/sessions/${session.hint}`, status: i % 10 === 0 ? 404 : 200, session });
  }
  return out.slice(0, TIMELINE_CAPACITY);
}

/** Median and p90 of one full pass: diagnose, the What went wrong selection, the flow rows and the report. */
export function benchDiagnose(runs = 60): { summary: Summary; diagnoses: number } {
  const ring = fullRing();
  const now = ring[ring.length - 1]!.at + 1000;
  let diagnoses = 0;
  const pass = () => {
    const list = diagnose(ring, { now, org: ORG });
    latestProblems(ring, { now, org: ORG });
    flows(ring);
    diagnosisReport(list, now);
    diagnoses = list.length;
  };
  for (let i = 0; i < 10; i++) pass();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    pass();
    times.push(performance.now() - t);
  }
  return { summary: summarize(times), diagnoses };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { summary, diagnoses } = benchDiagnose();
  console.log(`diagnoses over ${TIMELINE_CAPACITY} events: median ${summary.median.toFixed(2)} ms, p90 ${summary.p90.toFixed(2)} ms (${diagnoses} diagnoses)`);
}
