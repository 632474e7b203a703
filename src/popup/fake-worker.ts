// A stand-in for the worker at the popup's one boundary, `send`: each request waits until the test answers it,
// so tests decide the order replies arrive in (cached before fresh, fresh before cached, never).
import type { InspectView, ReplyFor, Request, RequestType } from '../shared/protocol';
import type { Send } from './App';

interface Pending {
  request: Request;
  resolve: (reply: unknown) => void;
}

export class FakeWorker {
  readonly requests: Request[] = [];
  private pending: Pending[] = [];

  readonly send: Send = ((request: Request) => {
    this.requests.push(request);
    return new Promise<unknown>((resolve) => this.pending.push({ request, resolve }));
  }) as Send;

  /** Requests of one type, in the order the popup sent them. */
  sent<T extends RequestType>(type: T): Extract<Request, { type: T }>[] {
    return this.requests.filter((r): r is Extract<Request, { type: T }> => r.type === type);
  }

  /** Answers the oldest unanswered request of this type; throws if the popup never sent one. */
  reply<T extends RequestType>(type: T, reply: ReplyFor<T>): void {
    const i = this.pending.findIndex((p) => p.request.type === type);
    if (i < 0) throw new Error(`the popup sent no unanswered ${type}`);
    const [p] = this.pending.splice(i, 1);
    p!.resolve(reply);
  }
}

const H = 3_600_000;

/** A session view as the worker would send it, with times relative to `now`. */
export function sessionView(now: number, session: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    state: 'session',
    org: { origin: 'https://acme.okta.com' },
    source: 'sid',
    fetchedAt: now,
    session: {
      idHint: '102X…CU-Q',
      key: 'k3yOfTheSession0',
      userId: '00u8eyowx5GiJhqvj1d6',
      login: 'john.doe@example.com',
      status: 'ACTIVE',
      createdAt: new Date(now - 12 * 60_000).toISOString(),
      expiresAt: new Date(now + 2 * H).toISOString(),
      lastPasswordVerification: new Date(now - 12 * 60_000).toISOString(),
      lastFactorVerification: null,
      amr: ['pwd', 'otp'],
      idp: { id: '00o2di92cuwsnS0PS1d6', type: 'OKTA' },
      ...session,
    },
    ...extra,
  } as Extract<InspectView, { state: 'session' }>;
}
