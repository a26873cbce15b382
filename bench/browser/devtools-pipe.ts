/**
 * A DevTools protocol client on the pipe Chromium opens with `--remote-debugging-pipe` (it reads commands on file
 * descriptor 3 and writes on 4, each message JSON ended by a NUL byte), with flattened sessions on its targets.
 *
 * The benchmark drives its tabs with this and not with a test driver: a driver turns on the Network domain of every
 * page it sees, and Chromium then copies every request and answer for it, which made the fixture's 20,000-event
 * load without decoding about a quarter slower than in a browser nobody watches. Here a session enables only what is
 * asked of it.
 */
import type { Readable, Writable } from 'node:stream';

type Params = Record<string, unknown>;
type Listener = (params: Params) => void;

interface Reply {
  id?: number;
  method?: string;
  params?: Params;
  sessionId?: string;
  result?: unknown;
  error?: { message: string };
}

/** Commands and events of one target, or of the browser itself. */
export interface DevToolsSession {
  send<T = unknown>(method: string, params?: Params): Promise<T>;
  /** Calls `listener` on each of the session's `event`s; the returned function stops it. */
  on(event: string, listener: Listener): () => void;
  /** The next `event` for which `matches` holds. */
  next(event: string, matches?: (params: Params) => boolean): Promise<Params>;
  detach(): Promise<void>;
}

export class DevToolsPipe {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  private readonly listeners = new Map<string, Set<Listener>>();
  private buffered = '';
  private closed: Error | undefined;

  constructor(
    private readonly input: Writable,
    output: Readable,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.read(chunk));
    output.on('close', () => this.close(new Error('Chromium closed its DevTools pipe.')));
  }

  /** The browser's own session: targets, tracing, versions. */
  readonly browser: DevToolsSession = this.session(undefined);

  /** A flattened session on `targetId`. */
  async attach(targetId: string): Promise<DevToolsSession> {
    const { sessionId } = await this.browser.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    return this.session(sessionId);
  }

  /** The session of a target attached automatically (a frame in a process of its own, say). */
  sessionOf(sessionId: string): DevToolsSession {
    return this.session(sessionId);
  }

  private session(sessionId: string | undefined): DevToolsSession {
    const key = (event: string) => `${sessionId ?? ''} ${event}`;
    const on = (event: string, listener: Listener) => {
      const set = this.listeners.get(key(event)) ?? new Set<Listener>();
      this.listeners.set(key(event), set);
      set.add(listener);
      return () => set.delete(listener);
    };
    return {
      send: <T>(method: string, params: Params = {}) => this.send<T>(method, params, sessionId),
      on,
      next: (event, matches = () => true) =>
        new Promise((resolve) => {
          const off = on(event, (params) => {
            if (!matches(params)) return;
            off();
            resolve(params);
          });
        }),
      detach: async () => {
        if (sessionId !== undefined) await this.browser.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      },
    };
  }

  private send<T>(method: string, params: Params, sessionId: string | undefined): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      this.input.write(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }) + '\0');
    });
  }

  private read(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end)) as Reply;
      this.buffered = this.buffered.slice(end + 1);
      this.dispatch(message);
    }
  }

  private dispatch(message: Reply): void {
    if (message.id !== undefined) {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.error) pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      else pending.resolve(message.result);
      return;
    }
    if (message.method === undefined) return;
    for (const listener of [...(this.listeners.get(`${message.sessionId ?? ''} ${message.method}`) ?? [])]) listener(message.params ?? {});
  }

  private close(error: Error): void {
    this.closed ??= error;
    for (const pending of this.waiting.values()) pending.reject(error);
    this.waiting.clear();
  }
}
