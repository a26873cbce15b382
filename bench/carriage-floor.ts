/**
 * The least this machine allows for the local key's target: a decoder that keeps its key out of the Web UI tab's
 * process (as the extension must: a compromised renderer gets nothing) has to carry the ciphertexts to another
 * process, decrypt them there and carry the plaintexts back. Here a bare script does only that, with none of the
 * extension's code: a page framing a page of another site, which Chromium runs in a process of its own, posts the
 * answer's ciphertexts to it on a MessageChannel, the frame decrypts them with WebCrypto and posts the plaintexts
 * back. The answer goes in one message (its ciphertexts as they are, or written into one buffer that is handed over),
 * and in pieces posted all at once (so that carrying and decrypting overlap); the floor of a round is the quickest of
 * these ways, against the same page's bare decryption of the same ciphertexts. A quicker way may exist: the floor
 * says what these took, not what none could. Then every answer of the benchmark's history goes each way, one after
 * another, and the least CPU time the two pages' renderers spend on it is the local key's floor for the whole-history
 * load (load-cpu.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateOn, type BenchTab } from './browser/bench-tab';
import type { DevToolsSession } from './browser/devtools-pipe';
import type { ExtensionBrowser } from './browser/extension-browser';
import { FIXTURE_KEY_BASE64 } from '../test-data/test-data';
import { ANSWER_PAYLOADS, ANSWERS, answerPayloadTexts } from './answers';
import { cpuDuring } from './process-cpu';
import { spread, type Spread } from './stats';

/** A way of cutting the answer into messages: so many payloads each, or the whole answer as one buffer handed over. */
export interface Way {
  payloadsPerMessage: number;
  /** The ciphertexts written one after another into one buffer, transferred rather than copied where the browser can. */
  oneBuffer?: boolean;
}

export const WAYS: readonly Way[] = [{ payloadsPerMessage: 1000, oneBuffer: true }, { payloadsPerMessage: 1000 }, { payloadsPerMessage: 100 }, { payloadsPerMessage: 25 }, { payloadsPerMessage: 10 }];
/** The bare decryption is timed this many times a round, and its median taken: one sample is at the machine's mercy. */
export const BARE_TIMES = 3;
const AES_GCM_OVERHEAD_BYTES = 12 + 16;

export interface CarriageRound {
  /** `crypto.subtle.decrypt` of the answer's ciphertexts in the page, the key already imported (median of BARE_TIMES). */
  bareMs: number;
  /** From posting the ciphertexts to holding every plaintext, for each of WAYS. */
  carriedMs: number[];
}

/** Every payload of the benchmark's history carried one way, one answer after another. */
export interface HistoryCarried {
  way: Way;
  payloads: number;
  ms: number;
  /** CPU time the web pages' renderers spent meanwhile: the page that carries and the frame that decrypts. */
  pagesCpuMs: number;
}

export interface CarriageFloor {
  rounds: CarriageRound[];
  /** The history carried the way that took the least CPU time: what a local key's load needs at least. */
  history: HistoryCarried;
  /** The quickest carriage ÷ bare decryption, per round. */
  floorOverBare: Spread;
  quickestMs: Spread;
}

/** The quickest way of carrying a round's answer, the floor it sets for what a decoder adds. */
export const quickest = (round: CarriageRound): number => Math.min(...round.carriedMs);

/** Blank pages with no policy, on every loopback address: one origin frames the other. */
async function blankPages(): Promise<{ top: string; framed: string; close: () => Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>carriage</title>');
  });
  await new Promise<void>((resolve) => server.listen({ host: '::', port: 0, ipv6Only: false }, resolve));
  const { port } = server.address() as AddressInfo;
  // Two sites, neither the Web UI's (localhost): the frame gets a process of its own under site isolation, and
  // shares none with the Web UI tab.
  return {
    top: `http://127.0.0.1:${port}/`,
    framed: `http://127.0.0.2:${port}/framed`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // The browser keeps its connections open: close() alone would wait for them to time out.
        server.closeAllConnections();
      }),
  };
}

const BYTES = `(base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))`;
const IMPORT_KEY = `crypto.subtle.importKey('raw', (${BYTES})(${JSON.stringify(FIXTURE_KEY_BASE64)}), 'AES-GCM', false, ['decrypt'])`;
const DECRYPT = `(key, sealed) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.subarray(0, 12) }, key, sealed.subarray(12))`;

/**
 * Runs in the frame: decrypts each piece posted on the channel it is handed (ciphertexts, or one buffer of them and
 * where each ends) and posts the plaintexts back, handed over; or why not.
 */
const DECRYPTER = `(async () => {
  const key = await ${IMPORT_KEY};
  addEventListener('message', (event) => {
    const [port] = event.ports;
    if (!port) return;
    port.onmessage = async ({ data }) => {
      try {
        let from = 0;
        const sealed = data.whole ? data.ends.map((end) => data.whole.subarray(from, (from = end))) : data.sealed;
        const plain = await Promise.all(sealed.map((s) => (${DECRYPT})(key, s)));
        port.postMessage({ id: data.id, plain }, plain);
      } catch (error) {
        port.postMessage({ id: data.id, error: String(error) });
      }
    };
  });
})()`;

/**
 * Runs in the page: hands the frame its end of the channel, and keeps `carry(sealed, way)`, which posts the ciphertexts
 * the way says, all at once, and resolves with the milliseconds until every plaintext came back, checked by length.
 */
const CONNECT = `(() => {
  const channel = new MessageChannel();
  frames[0].postMessage('carriage', '*', [channel.port2]);
  const messagesOf = (sealed, { payloadsPerMessage, oneBuffer }) => {
    const messages = [];
    for (let id = 0; id * payloadsPerMessage < sealed.length; id++) {
      const piece = sealed.slice(id * payloadsPerMessage, (id + 1) * payloadsPerMessage);
      if (!oneBuffer) { messages.push({ message: { id, sealed: piece }, transfer: [] }); continue; }
      const whole = new Uint8Array(piece.reduce((sum, s) => sum + s.length, 0));
      let at = 0;
      const ends = piece.map((s) => { whole.set(s, at); return (at += s.length); });
      messages.push({ message: { id, whole, ends }, transfer: [whole.buffer] });
    }
    return messages;
  };
  window.carry = (sealed, way) => new Promise((resolve, reject) => {
    // Made before the clock starts, as the ciphertexts are already bytes for the bare decryption.
    const messages = messagesOf(sealed, way);
    const expected = sealed.reduce((sum, s) => sum + s.length - ${AES_GCM_OVERHEAD_BYTES}, 0);
    let left = messages.length;
    let plainBytes = 0;
    const start = performance.now();
    channel.port1.onmessage = ({ data }) => {
      if (data.error) return reject(new Error('the frame could not decrypt: ' + data.error));
      plainBytes += data.plain.reduce((sum, p) => sum + p.byteLength, 0);
      if (--left > 0) return;
      const ms = performance.now() - start;
      if (plainBytes !== expected) reject(new Error('the frame gave back ' + plainBytes + ' bytes of plaintext, not ' + expected));
      else resolve(ms);
    };
    for (const { message, transfer } of messages) channel.port1.postMessage(message, transfer);
  });
})()`;

/** Runs in the page: one round over one answer's ciphertexts; the bare decryption first in even rounds, last in odd. */
const ROUND = (datas: string[], bareFirst: boolean) => `(async () => {
  const sealed = ${JSON.stringify(datas)}.map(${BYTES});
  const key = await ${IMPORT_KEY};
  const bare = async () => {
    const times = [];
    for (let i = 0; i < ${BARE_TIMES}; i++) {
      const start = performance.now();
      await Promise.all(sealed.map((s) => (${DECRYPT})(key, s)));
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[${BARE_TIMES} >> 1];
  };
  const bareBefore = ${bareFirst} ? await bare() : undefined;
  const carriedMs = [];
  for (const way of ${JSON.stringify(WAYS)}) carriedMs.push(await window.carry(sealed, way));
  return { bareMs: bareBefore ?? (await bare()), carriedMs };
})()`;

/** Runs in the page: keeps an answer's ciphertexts as bytes, for HISTORY_CARRIED. */
const KEEP_ANSWER = (datas: string[]) => `(() => { (window.answers ??= []).push(${JSON.stringify(datas)}.map(${BYTES})); })()`;

/** Runs in the page: carries every answer kept, one after another, the way given. */
const HISTORY_CARRIED = (way: Way) => `(async () => {
  for (const sealed of window.answers) await window.carry(sealed, ${JSON.stringify(way)});
  return window.answers.reduce((sum, sealed) => sum + sealed.length, 0);
})()`;

/**
 * The session of `url`'s frame, which Chromium must run out of the page's process: in the page's process the floor
 * would be too low.
 */
async function ownProcessFrame(page: BenchTab, url: string): Promise<DevToolsSession> {
  const frame = await page.outOfProcessFrame(url);
  if (!frame) throw new Error(`Chromium runs the frame ${url} in its page's process: the carriage floor needs another process`);
  return frame;
}

/**
 * Every answer of the benchmark's history carried each way, with the CPU time it took (the bytes made before); the
 * way that took the least.
 */
async function carryHistory(page: BenchTab): Promise<HistoryCarried> {
  for (let i = 0; i < ANSWERS; i++) await page.evaluate(KEEP_ANSWER(answerPayloadTexts(i).map((text) => (JSON.parse(text) as { data: string }).data)));
  const carried: HistoryCarried[] = [];
  for (const way of WAYS) {
    const { result, cpu } = await cpuDuring(() => page.evaluate<number>(HISTORY_CARRIED(way)));
    if (result !== ANSWERS * ANSWER_PAYLOADS) throw new Error(`${result} payloads carried, not ${ANSWERS * ANSWER_PAYLOADS}`);
    carried.push({ way, payloads: result, ms: cpu.windowMs, pagesCpuMs: cpu.byRole['web pages'] });
  }
  return carried.reduce((least, next) => (next.pagesCpuMs < least.pagesCpuMs ? next : least));
}

/** The floor for answers 0 … `rounds` − 1 after `warmUp` more, in a tab of its own. */
export async function measureCarriageFloor(browser: ExtensionBrowser, warmUp: number, rounds: number): Promise<CarriageFloor> {
  const pages = await blankPages();
  let page: BenchTab | undefined;
  try {
    page = await browser.newTab();
    await page.bringToFront();
    await page.goto(pages.top);
    await page.evaluate(`new Promise((resolve, reject) => {
      const frame = document.createElement('iframe');
      frame.src = ${JSON.stringify(pages.framed)};
      frame.onload = resolve;
      frame.onerror = reject;
      document.body.append(frame);
    })`);
    await evaluateOn(await ownProcessFrame(page, pages.framed), DECRYPTER);
    await page.evaluate(CONNECT);
    const measured: CarriageRound[] = [];
    for (let i = 0; i < warmUp + rounds; i++) {
      const datas = answerPayloadTexts(i).map((text) => (JSON.parse(text) as { data: string }).data);
      const round = await page.evaluate<CarriageRound>(ROUND(datas, i % 2 === 0));
      if (i >= warmUp) measured.push(round);
    }
    return {
      rounds: measured,
      history: await carryHistory(page),
      floorOverBare: spread(measured.map((r) => quickest(r) / r.bareMs)),
      quickestMs: spread(measured.map(quickest)),
    };
  } finally {
    await page?.close();
    await pages.close();
  }
}
