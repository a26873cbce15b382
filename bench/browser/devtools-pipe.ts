/**
 * A DevTools protocol client on the pipe Chromium opens with `--remote-debugging-pipe` (it reads commands on file
 * descriptor 3 and writes on 4, each message JSON ended by a NUL byte), with flattened sessions on its targets.
 *
 * The benchmark drives its tabs with this and not with a test driver: a driver turns on the Network domain of every
 * page it sees, and Chromium then copies every request and answer for it. Here a session enables only what is asked
 * of it.
 */
import type { Readable, Writable } from 'node:stream';

type Params = Record<string, unknown>;
type Listener = (params: Params) => void;

/**
 * How long any command or awaited event may take before the benchmark gives up on it: longer than anything it
 * evaluates (a reader scrolling through a history the Web UI's own way takes about 20 s), so that a renderer that
 * crashed or a message that never comes fails the run instead of hanging it.
 */
export const COMMAND_TIMEOUT_MS = 10 * 60_000;

const detachedError = (sessionId: string) => new Error(`The DevTools session ${sessionId} detached.`);

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
  /** The session's id; undefined for the browser's own. */
  readonly id: string | undefined;
  send<T = unknown>(method: string, params?: Params): Promise<T>;
  /** Calls `listener` on each of the session's `event`s; the returned function stops it. */
  on(event: string, listener: Listener): () => void;
  /** The next `event` for which `matches` holds; fails once the pipe closes, the session detaches or `timeoutMs` passed. */
  next(event: string, matches?: (params: Params) => boolean, timeoutMs?: number): Promise<Params>;
  detach(): Promise<void>;
}

export class DevToolsPipe {
  private nextId = 1;
  /** What waits for a reply, each failed with the reason when the pipe closes. */
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  /** What waits for an event, by the session it waits on: failed when that session detaches or the pipe closes. */
  private readonly awaitingEvents = new Map<(error: Error) => void, string | undefined>();
  /** Sessions that detached: no event of theirs will come. */
  private readonly detached = new Set<string>();
  private readonly listeners = new Map<string, Set<Listener>>();
  /** The pieces of a message not yet ended by its NUL. */
  private pieces: string[] = [];
  private closed: Error | undefined;

  /** `timeoutMs`: how long a command or an awaited event may take (tests make it short). */
  constructor(
    private readonly input: Writable,
    output: Readable,
    private readonly timeoutMs = COMMAND_TIMEOUT_MS,
  ) {
    // Decoded as one stream: a character cut between two chunks is put together, not spoilt.
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.read(chunk));
    output.on('close', () => this.close(new Error('Chromium closed its DevTools pipe.')));
    output.on('error', (error: Error) => this.close(error));
    input.on('error', (error: Error) => this.close(error));
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

  /** Fails everything that waits, and all that is sent later, with `error`. */
  close(error: Error): void {
    this.closed ??= error;
    for (const pending of this.waiting.values()) pending.reject(this.closed);
    this.waiting.clear();
    for (const fail of [...this.awaitingEvents.keys()]) fail(this.closed);
  }

  /**
   * A session that detached (asked to, or its target gone: a frame removed or navigated away, a tab closed) gets no
   * more events: its listeners are dropped, and what waits for one of its events fails now rather than after the
   * timeout, as does a wait begun later. (A service worker that stops keeps its session for its next start.)
   */
  private forget(sessionId: string): void {
    this.detached.add(sessionId);
    for (const key of [...this.listeners.keys()]) if (key.startsWith(`${sessionId} `)) this.listeners.delete(key);
    const error = detachedError(sessionId);
    for (const [fail, waitsOn] of [...this.awaitingEvents]) if (waitsOn === sessionId) fail(error);
  }

  private session(sessionId: string | undefined): DevToolsSession {
    const key = (event: string) => `${sessionId ?? ''} ${event}`;
    const on = (event: string, listener: Listener) => {
      // Nothing will come; and kept, the listener would never be let go.
      if (sessionId !== undefined && this.detached.has(sessionId)) return () => undefined;
      const set = this.listeners.get(key(event)) ?? new Set<Listener>();
      this.listeners.set(key(event), set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && this.listeners.get(key(event)) === set) this.listeners.delete(key(event));
      };
    };
    const next = (event: string, matches: (params: Params) => boolean = () => true, timeoutMs = this.timeoutMs) =>
      new Promise<Params>((resolve, reject) => {
        if (this.closed) return reject(this.closed);
        if (sessionId !== undefined && this.detached.has(sessionId)) return reject(detachedError(sessionId));
        const done = () => {
          off();
          clearTimeout(timer);
          this.awaitingEvents.delete(fail);
        };
        const fail = (error: Error) => {
          done();
          reject(error);
        };
        const off = on(event, (params) => {
          if (!matches(params)) return;
          done();
          resolve(params);
        });
        const timer = setTimeout(() => fail(new Error(`No ${event} came within ${timeoutMs} ms.`)), timeoutMs);
        this.awaitingEvents.set(fail, sessionId);
      });
    return {
      id: sessionId,
      send: <T>(method: string, params: Params = {}) => this.send<T>(method, params, sessionId),
      on,
      next,
      detach: async () => {
        if (sessionId === undefined) return;
        await this.browser.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
        this.forget(sessionId);
      },
    };
  }

  private send<T>(method: string, params: Params, sessionId: string | undefined): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${method}: no answer within ${this.timeoutMs} ms.`));
      }, this.timeoutMs);
      const settle = <V>(then: (value: V) => void) => (value: V) => {
        clearTimeout(timer);
        then(value);
      };
      this.waiting.set(id, { resolve: settle(resolve as (value: unknown) => void), reject: settle(reject), method });
      this.input.write(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }) + '\0');
    });
  }

  private read(chunk: string): void {
    // A multi-megabyte reply (a CPU profile) comes in many chunks: each is searched once and kept as it is, and they
    // are joined only when the NUL that ends them comes.
    let start = 0;
    let end: number;
    while ((end = chunk.indexOf('\0', start)) >= 0) {
      this.pieces.push(chunk.slice(start, end));
      const text = this.pieces.join('');
      this.pieces = [];
      start = end + 1;
      let message: Reply;
      try {
        message = JSON.parse(text) as Reply;
      } catch (error) {
        this.close(new Error(`A DevTools message could not be read: ${String(error)}`));
        return;
      }
      this.dispatch(message);
    }
    if (start < chunk.length) this.pieces.push(chunk.slice(start));
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
    // Told to the session that attached it (the browser's, or a tab's for its frames), after that session's listeners.
    const detached = message.method === 'Target.detachedFromTarget' ? message.params?.['sessionId'] : undefined;
    for (const listener of [...(this.listeners.get(`${message.sessionId ?? ''} ${message.method}`) ?? [])]) listener(message.params ?? {});
    if (typeof detached === 'string') this.forget(detached);
  }
}
