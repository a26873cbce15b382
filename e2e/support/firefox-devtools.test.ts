import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectFirefoxDevtools } from './firefox-devtools';

type Packet = Record<string, unknown>;

const ADDON_ID = 'addon@example.test';

/**
 * A stand-in for Firefox's DevTools server with one add-on whose background page is running.
 * Each request gets `answer`'s packets in a single write, as Firefox sometimes sends them;
 * an answer of `'close'` drops the connection instead.
 */
function fakeFirefox(answer: (request: Packet) => Packet[] | 'close'): Promise<{ port: number; server: net.Server }> {
  const server = net.createServer((socket) => {
    const send = (packets: Packet[]) => socket.write(packets.map((packet) => `${Buffer.byteLength(JSON.stringify(packet))}:${JSON.stringify(packet)}`).join(''));
    send([{ from: 'root', applicationType: 'browser' }]);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let colon = buffer.indexOf(':'); colon >= 0; colon = buffer.indexOf(':')) {
        const length = Number(buffer.slice(0, colon));
        if (buffer.length < colon + 1 + length) break;
        const request = JSON.parse(buffer.slice(colon + 1, colon + 1 + length)) as Packet;
        buffer = buffer.slice(colon + 1 + length);
        const packets = answer(request);
        if (packets === 'close') socket.destroy();
        else send(packets);
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, server })));
}

/** What Firefox answers to find and watch the add-on's background page. */
function backgroundPage(request: Packet): Packet[] | undefined {
  switch (request.type) {
    case 'listAddons':
      return [{ from: 'root', addons: [{ id: ADDON_ID, actor: 'addon1' }] }];
    case 'getWatcher':
      return [{ from: 'addon1', actor: 'watcher1' }];
    case 'watchTargets':
      return [
        { from: 'watcher1', type: 'target-available-form', target: { url: 'moz-extension://uuid/_generated_background_page.html', consoleActor: 'console1', innerWindowId: 1 } },
        { from: 'watcher1' },
      ];
    default:
      return undefined;
  }
}

/**
 * An add-on whose event page (document 7) Firefox stops as it does: it ignores the first `ignoredStops` requests, as
 * while a listener of the background has not settled; `wokenBy` is a page started at once after the stop. Its
 * watcher announces the frames already loaded only when it starts to watch, before its answer.
 */
function eventPage({ ignoredStops, wokenBy }: { ignoredStops: number; wokenBy?: number }) {
  let watching = false;
  const firefox = {
    page: 7 as number | undefined,
    stopsAsked: 0,
    answer(request: Packet): Packet[] {
      switch (request.type) {
        case 'terminateBackgroundScript':
          if (++firefox.stopsAsked > ignoredStops) firefox.page = wokenBy;
          return [{ from: 'addon1' }];
        case 'watchTargets': {
          const announce = !watching;
          watching = true;
          const frame = (url: string, innerWindowId: number) => ({ from: 'watcher1', type: 'target-available-form', target: { url: `moz-extension://uuid/${url}`, innerWindowId } });
          const frames = announce ? [frame('src/options/index.html', 3), ...(firefox.page === undefined ? [] : [frame('_generated_background_page.html', firefox.page)])] : [];
          return [...frames, { from: 'watcher1' }];
        }
        case 'unwatchTargets':
          watching = false;
          return [];
        default:
          return backgroundPage(request) ?? [];
      }
    },
  };
  return firefox;
}

let servers: net.Server[] = [];
afterEach(() => {
  for (const server of servers) server.close();
  servers = [];
});

async function connectTo(answer: (request: Packet) => Packet[] | 'close', replyMs?: number) {
  const { port, server } = await fakeFirefox(answer);
  servers.push(server);
  return connectFirefoxDevtools(port, replyMs);
}

describe('the DevTools client of the Firefox driver', () => {
  it('reads an evaluation’s result that arrives in the same chunk as the reply naming it', async () => {
    let evaluations = 0;
    const devtools = await connectTo((request) => {
      if (request.type !== 'evaluateJSAsync') return backgroundPage(request) ?? [];
      const resultID = `result-${++evaluations}`;
      // The first evaluation starts the expression; the next reads the value it parked.
      const result = String(request.text).startsWith('void ') ? { type: 'undefined' } : JSON.stringify({ v: 42 });
      return [
        { from: 'console1', resultID },
        { from: 'console1', type: 'evaluationResult', resultID, result },
      ];
    });
    await expect(devtools.evaluateInBackground(ADDON_ID, 'Promise.resolve(42)')).resolves.toBe(42);
    devtools.close();
  });

  it('evaluates in the background again and again on one connection', async () => {
    // As Firefox does: the watcher announces the running background only when it starts to watch, and answers
    // unwatchTargets with nothing.
    let watching = false;
    let evaluations = 0;
    let parked = '';
    const devtools = await connectTo((request) => {
      if (request.type === 'watchTargets') {
        const announce = !watching;
        watching = true;
        return announce ? (backgroundPage(request) ?? []) : [{ from: 'watcher1' }];
      }
      if (request.type === 'unwatchTargets') {
        watching = false;
        return [];
      }
      if (request.type !== 'evaluateJSAsync') return backgroundPage(request) ?? [];
      const resultID = `result-${++evaluations}`;
      // The first evaluation starts the expression (a number here), whose value the next one reads.
      const started = /^void Promise\.resolve\((\d+)\)/.exec(String(request.text));
      if (started) parked = JSON.stringify({ v: Number(started[1]) });
      const result = started ? { type: 'undefined' } : parked;
      return [
        { from: 'console1', resultID },
        { from: 'console1', type: 'evaluationResult', resultID, result },
      ];
    });
    await expect(devtools.evaluateInBackground(ADDON_ID, '1')).resolves.toBe(1);
    await expect(devtools.evaluateInBackground(ADDON_ID, '2')).resolves.toBe(2);
    devtools.close();
  });

  it('tells which background page runs, if one does, from the frames announced before the watch is answered, as often as asked', async () => {
    const firefox = eventPage({ ignoredStops: 0 });
    const devtools = await connectTo(firefox.answer);
    expect(await devtools.backgroundPage(ADDON_ID)).toBe(7);
    expect(await devtools.backgroundPage(ADDON_ID)).toBe(7);
    firefox.page = undefined;
    expect(await devtools.backgroundPage(ADDON_ID)).toBeUndefined();
    firefox.page = 8;
    expect(await devtools.backgroundPage(ADDON_ID)).toBe(8);
    devtools.close();
  });

  it('does not take a background page announced without its document for one that is not running', async () => {
    const devtools = await connectTo((request) => {
      const answer = backgroundPage(request) ?? [];
      if (request.type !== 'watchTargets') return answer;
      const [announced, reply] = answer;
      return [{ ...announced, target: { url: (announced!.target as { url: string }).url } }, reply!];
    });
    await expect(devtools.backgroundPage(ADDON_ID)).rejects.toThrow('without its inner window id');
    devtools.close();
  });

  it('asks again to stop the background while Firefox leaves the same page running', async () => {
    const firefox = eventPage({ ignoredStops: 1 });
    const devtools = await connectTo(firefox.answer);
    await devtools.stopBackground(ADDON_ID);
    expect(firefox.stopsAsked).toBe(2);
    expect(firefox.page).toBeUndefined();
    devtools.close();
  });

  it('leaves running a background page started since the stop, and says so when the same page never stops', async () => {
    const woken = eventPage({ ignoredStops: 0, wokenBy: 9 });
    const once = await connectTo(woken.answer);
    await once.stopBackground(ADDON_ID);
    expect([woken.stopsAsked, woken.page]).toEqual([1, 9]);
    once.close();

    const stubborn = eventPage({ ignoredStops: Infinity });
    const never = await connectTo(stubborn.answer);
    await expect(never.stopBackground(ADDON_ID, 3)).rejects.toThrow('kept the add-on’s background running through 3 requests');
    expect(stubborn.stopsAsked).toBe(3);
    never.close();
  });

  it('says which request Firefox did not answer instead of waiting for ever', async () => {
    const devtools = await connectTo((request) => backgroundPage(request) ?? [], 200);
    await expect(devtools.stopBackground(ADDON_ID)).rejects.toThrow('did not answer terminateBackgroundScript');
    devtools.close();
  });

  it('fails what waits for an answer when the connection drops', async () => {
    const devtools = await connectTo((request) => (request.type === 'getWatcher' ? 'close' : (backgroundPage(request) ?? [])));
    await expect(devtools.evaluateInBackground(ADDON_ID, 'true')).rejects.toThrow('connection to Firefox closed');
  });
});
