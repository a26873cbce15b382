/**
 * A minimal client of Firefox's DevTools remote protocol, for what WebDriver BiDi cannot do
 * with an add-on: stop its event page the way about:debugging's "Terminate background
 * script" does, and run script in its background (to open one of its pages after a
 * restart). Firefox listens when started with `--start-debugger-server <port>` and the
 * remote-debugging prefs of DEVTOOLS_PREFS.
 *
 * The protocol: `length:json` packets; the root actor greets first; a request names the
 * actor it is `to`, and that actor's reply comes `from` it, in order.
 */
import net from 'node:net';

export const DEVTOOLS_PREFS = {
  'devtools.debugger.remote-enabled': true,
  'devtools.chrome.enabled': true,
  'devtools.debugger.prompt-connection': false,
};

type Packet = Record<string, unknown> & { from?: string; error?: string; message?: string };

export interface FirefoxDevtools {
  /**
   * Unloads the add-on's event page, as about:debugging's "Terminate background script" does, asking again while
   * Firefox leaves the same page running (up to `attempts` requests); Firefox starts it again on the next event.
   */
  stopBackground(addonId: string, attempts?: number): Promise<void>;
  /** The document of the add-on's event page (its inner window id) if one is loaded now; asking does not wake it. */
  backgroundPage(addonId: string): Promise<number | undefined>;
  /** Evaluates an expression in the add-on's background page (waking it) and returns its JSON-able value. */
  evaluateInBackground<T>(addonId: string, expression: string): Promise<T>;
  close(): void;
}

/** A free loopback port for the debugger server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function connect(port: number, timeoutMs = 15_000): Promise<net.Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * How long Firefox has by default to answer one request. An answer is a packet the server sends when it is ready,
 * so a missing one would otherwise be awaited forever.
 */
const REPLY_MS = 15_000;

/** Requests to stop the event page before stopBackground gives up. */
const STOP_ATTEMPTS = 5;

/** A watcher's announcement of the add-on's background page. */
const isBackgroundPage = (packet: Packet): boolean =>
  packet.type === 'target-available-form' && String((packet.target as { url?: string } | undefined)?.url).includes('_generated_background_page.html');

/** One wait for a packet: `take` is offered every packet and says whether it was the one; `fail` ends the wait. */
interface Waiter {
  take(packet: Packet): boolean;
  fail(error: Error): void;
}

export async function connectFirefoxDevtools(port: number, replyMs = REPLY_MS): Promise<FirefoxDevtools> {
  const socket = await connect(port);
  let buffer = Buffer.alloc(0);
  const waiters = new Set<Waiter>();
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) break;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length) break;
      const packet = JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as Packet;
      buffer = buffer.subarray(colon + 1 + length);
      for (const waiter of [...waiters]) if (waiter.take(packet)) waiters.delete(waiter);
    }
  });
  socket.on('close', () => {
    for (const waiter of waiters) waiter.fail(new Error('The DevTools connection to Firefox closed before its answer.'));
    waiters.clear();
  });

  /**
   * The next packet from `actor` that `accept` takes; `silence` is the error when none comes within `timeoutMs`.
   * A packet nobody waits for when it arrives is gone: the wait starts before whatever makes Firefox send it.
   */
  const packetFrom = (actor: string, accept: (packet: Packet) => boolean, silence: string, timeoutMs = replyMs) =>
    new Promise<Packet>((resolve, reject) => {
      if (socket.destroyed) return reject(new Error('The DevTools connection to Firefox is closed.'));
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(silence));
      }, timeoutMs);
      const waiter: Waiter = {
        take: (packet) => {
          if (packet.from !== actor || !accept(packet)) return false;
          clearTimeout(timer);
          if (packet.error) reject(new Error(`DevTools ${actor}: ${packet.error}: ${packet.message ?? ''}`));
          else resolve(packet);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });

  /** A request Firefox answers with nothing (a one-way request). */
  const tell = (to: string, type: string, params: Record<string, unknown> = {}): void => {
    // Nothing to tell a closed connection; what waits on one has already failed (packetFrom).
    if (socket.destroyed) return;
    const text = JSON.stringify({ to, type, ...params });
    socket.write(`${Buffer.byteLength(text)}:${text}`);
  };

  // Requests to one actor are answered in order; the tests send one at a time.
  const request = (to: string, type: string, params: Record<string, unknown> = {}): Promise<Packet> => {
    const reply = packetFrom(
      to,
      (packet) => packet.type === undefined || packet.resultID !== undefined || packet.error !== undefined,
      `Firefox’s DevTools server did not answer ${type} (to ${to}) within ${replyMs / 1000} s.`,
    );
    tell(to, type, params);
    return reply;
  };

  /** Hands `listener` every packet from `actor` until the returned function is called. */
  const listen = (actor: string, listener: (packet: Packet) => void): (() => void) => {
    const waiter: Waiter = {
      take: (packet) => {
        if (packet.from === actor) listener(packet);
        return false;
      },
      fail: () => undefined,
    };
    waiters.add(waiter);
    return () => waiters.delete(waiter);
  };

  await packetFrom('root', () => true, `Firefox’s DevTools server did not greet within ${replyMs / 1000} s.`);

  /** The add-on's watcher: it announces the add-on's frames (its pages, the background page among them) once watching. */
  async function watcherOf(addonId: string): Promise<string> {
    return ((await request(await addonActor(addonId), 'getWatcher')) as { actor: string }).actor;
  }

  async function addonActor(addonId: string): Promise<string> {
    const { addons } = (await request('root', 'listAddons')) as { addons: Array<{ id: string; actor: string }> };
    const addon = addons.find((a) => a.id === addonId);
    if (!addon) throw new Error(`Firefox lists no add-on ${addonId}.`);
    return addon.actor;
  }

  async function backgroundPage(addonId: string): Promise<number | undefined> {
    const watcher = await watcherOf(addonId);
    let page: number | undefined;
    let unnamed = false;
    // The frames already loaded are announced before the request to watch them is answered.
    const stopListening = listen(watcher, (packet) => {
      if (!isBackgroundPage(packet)) return;
      const id = (packet.target as { innerWindowId?: unknown }).innerWindowId;
      if (typeof id === 'number') page = id;
      else unnamed = true;
    });
    try {
      await request(watcher, 'watchTargets', { targetType: 'frame' });
    } finally {
      stopListening();
      unwatchFrames(watcher);
    }
    // Without its id, a page still running could not be told from one started since (stopBackground).
    if (unnamed) throw new Error('Firefox announced the add-on’s background page without its inner window id.');
    return page;
  }

  return {
    async stopBackground(addonId, attempts = STOP_ATTEMPTS) {
      // Firefox leaves the event page running, and says nothing, when a listener of the background has not settled
      // yet: it takes that for work under way (`terminateBackground` in its ext-backgroundPage.js). Seen here: it then
      // stops the page when asked again. A page running after a request that is not the one before was started since
      // (the stop closed the ports, and what waited on them asked the background again at once): it is left running,
      // as it would be for a user.
      const before = await backgroundPage(addonId);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        await request(await addonActor(addonId), 'terminateBackgroundScript');
        const after = await backgroundPage(addonId);
        if (after === undefined || after !== before) return;
      }
      throw new Error(`Firefox kept the add-on’s background running through ${attempts} requests to stop it.`);
    },
    backgroundPage,
    async evaluateInBackground<T>(addonId: string, expression: string): Promise<T> {
      const watcher = await watcherOf(addonId);
      // Announced at once if it runs, or as soon as it starts.
      const announced = packetFrom(watcher, isBackgroundPage, 'The add-on’s background page is not running.', 20_000);
      const unwatch = () => unwatchFrames(watcher);
      const [{ target }] = await Promise.all([announced, request(watcher, 'watchTargets', { targetType: 'frame' })]).catch((error: unknown) => {
        unwatch();
        throw error;
      });
      try {
        return await evaluateIn<T>((target as { consoleActor: string }).consoleActor, expression);
      } finally {
        unwatch();
      }
    },
    close: () => socket.destroy(),
  };

  /**
   * The watcher announces what already runs only when it starts watching: it stops after each use (a one-way request,
   * answered only by the targets' departures), so that the next use sees the frames announced again.
   */
  function unwatchFrames(watcher: string): void {
    tell(watcher, 'unwatchTargets', { targetType: 'frame' });
  }

  async function evaluateIn<T>(consoleActor: string, expression: string): Promise<T> {
    const evaluate = async (text: string): Promise<unknown> => {
      // The result follows the reply that names it, often in the same chunk of data: it is awaited from before the
      // request, or it could arrive while nobody waits for it yet and the wait would never end.
      const evaluated = packetFrom(consoleActor, (packet) => packet.type === 'evaluationResult', `The background did not finish evaluating within ${replyMs / 1000} s.`);
      const [reply, result] = await Promise.all([request(consoleActor, 'evaluateJSAsync', { text }), evaluated]);
      if (result.resultID !== reply.resultID) throw new Error(`DevTools ${consoleActor} answered evaluation ${String(reply.resultID)} with the result of ${String(result.resultID)}.`);
      if (result.exception !== undefined && result.exception !== null) throw new Error(`The background threw: ${JSON.stringify(result.exceptionMessage ?? result.exception)}`);
      return result.result;
    };
    // The console gives back a promise as an object, not its value: the value is parked in a global, then read.
    const slot = `globalThis[${JSON.stringify(`__payloadLensTest${Math.random()}`)}]`;
    await evaluate(`void Promise.resolve(${expression}).then((v) => { ${slot} = JSON.stringify({ v: v ?? null }); }, (e) => { ${slot} = JSON.stringify({ e: String(e) }); })`);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const parked = await evaluate(slot);
      if (typeof parked === 'string') {
        const { v, e } = JSON.parse(parked) as { v?: T; e?: string };
        if (e !== undefined) throw new Error(`The background threw: ${e}`);
        return v as T;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('The background did not settle the expression in time.');
  }
}
