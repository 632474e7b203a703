// A minimal WebDriver BiDi client: one WebSocket, commands matched to replies by id, events to listeners.
// undici's WebSocket (already a test dependency) rather than a driver library: Firefox's BiDi server is all we
// talk to, and the privileged commands the Firefox driver needs (chrome-scope contexts) are plain commands here.
import { WebSocket } from 'undici';

export class BidiError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
    message: string,
  ) {
    super(`${method}: ${error}: ${message}`);
    this.name = 'BidiError';
  }
}

type Pending = { method: string; resolve: (v: any) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class BidiConnection {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(params: any) => void>>();
  private closedError: Error | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => this.onMessage(String(event.data)));
    ws.addEventListener('close', () => this.failAll(new Error('WebDriver BiDi connection closed')));
  }

  /** Connects to `<url>/session`, the endpoint that creates a session with `session.new`. */
  static async connect(url: string, timeoutMs = 10_000): Promise<BidiConnection> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no WebSocket connection to ${url} within ${timeoutMs} ms`)), timeoutMs);
      ws.addEventListener('open', () => (clearTimeout(timer), resolve()), { once: true });
      ws.addEventListener('error', () => (clearTimeout(timer), reject(new Error(`WebSocket connection to ${url} failed`))), { once: true });
    });
    return new BidiConnection(ws);
  }

  /** Every command has a deadline: a browser that stops answering fails the test instead of hanging it. */
  send<T = any>(method: string, params: object = {}, timeoutMs = 30_000): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event: string, listener: (params: any) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  close(): void {
    this.failAll(new Error('WebDriver BiDi connection closed'));
    this.ws.close();
  }

  private onMessage(data: string): void {
    const message = JSON.parse(data) as { id?: number; type: string; method?: string; params?: unknown; result?: unknown; error?: string; message?: string };
    if (message.id === undefined) {
      for (const listener of this.listeners.get(message.method ?? '') ?? []) listener(message.params);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'error') pending.reject(new BidiError(pending.method, message.error ?? 'error', message.message ?? ''));
    else pending.resolve(message.result);
  }

  private failAll(error: Error): void {
    this.closedError ??= error;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
