/**
 * The least this machine allows for the local key's target: a decoder that keeps its key out of the Web UI tab's
 * process (as the extension must: a compromised renderer gets nothing) has to carry the ciphertexts to another
 * process, decrypt them there and carry the plaintexts back. Here a bare script does only that, with none of the
 * extension's code: a page framing a page of another site, which Chromium runs in a process of its own, posts the
 * answer's ciphertexts to it on a MessageChannel, the frame decrypts them with WebCrypto and posts the plaintexts
 * back. The answer goes in one message, and in pieces posted all at once (so that carrying and decrypting overlap);
 * the floor of a round is the quickest of them, against the same page's bare decryption of the same ciphertexts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { FIXTURE_KEY_BASE64 } from '../test-data/test-data';
import { answerPayloadTexts } from './answers';
import { spread, type Spread } from './stats';

/** Payloads per message: the whole answer at once, and pieces of it. */
export const PIECE_SIZES = [1000, 100, 25, 10];
const AES_GCM_OVERHEAD_BYTES = 12 + 16;

export interface CarriageRound {
  /** `crypto.subtle.decrypt` of the answer's ciphertexts in the page, the key already imported. */
  bareMs: number;
  /** From posting the ciphertexts to holding every plaintext, for each of PIECE_SIZES. */
  carriedMs: number[];
}

export interface CarriageFloor {
  rounds: CarriageRound[];
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
  // 127.0.0.1 and localhost are different sites, so the frame gets a process of its own under site isolation.
  return {
    top: `http://127.0.0.1:${port}/`,
    framed: `http://localhost:${port}/framed`,
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

/** Runs in the frame: decrypts each piece posted on the channel it is handed and posts the plaintexts back. */
const DECRYPTER = `(async () => {
  const key = await ${IMPORT_KEY};
  addEventListener('message', (event) => {
    const [port] = event.ports;
    if (!port) return;
    port.onmessage = async ({ data }) => {
      const plain = await Promise.all(data.piece.map((sealed) => (${DECRYPT})(key, sealed)));
      port.postMessage({ id: data.id, plain }, plain);
    };
  });
})()`;

/** Runs in the page: hands the frame its end of the channel. */
const CONNECT = `(() => {
  const channel = new MessageChannel();
  window.carriage = channel.port1;
  frames[0].postMessage('carriage', '*', [channel.port2]);
})()`;

/** Runs in the page: one round over one answer's ciphertexts. */
const ROUND = (datas: string[]) => `(async () => {
  const sealed = ${JSON.stringify(datas)}.map(${BYTES});
  const key = await ${IMPORT_KEY};
  const sealedBytes = sealed.reduce((sum, s) => sum + s.length, 0);
  let start = performance.now();
  await Promise.all(sealed.map((s) => (${DECRYPT})(key, s)));
  const bareMs = performance.now() - start;
  const carry = (size) => new Promise((resolve, reject) => {
    const pieces = Math.ceil(sealed.length / size);
    let left = pieces;
    let plainBytes = 0;
    const start = performance.now();
    window.carriage.onmessage = ({ data }) => {
      plainBytes += data.plain.reduce((sum, p) => sum + p.byteLength, 0);
      if (--left > 0) return;
      const ms = performance.now() - start;
      const expected = sealedBytes - ${AES_GCM_OVERHEAD_BYTES} * sealed.length;
      if (plainBytes !== expected) reject(new Error('the frame gave back ' + plainBytes + ' bytes of plaintext, not ' + expected));
      else resolve(ms);
    };
    for (let id = 0; id < pieces; id++) window.carriage.postMessage({ id, piece: sealed.slice(id * size, (id + 1) * size) });
  });
  const carriedMs = [];
  for (const size of ${JSON.stringify(PIECE_SIZES)}) carriedMs.push(await carry(size));
  return { bareMs, carriedMs };
})()`;

/** Fails unless Chromium runs `url`'s frame out of the page's process: in the page's process the floor would be too low. */
async function assertOwnProcess(context: BrowserContext, page: Page, url: string): Promise<void> {
  const session = await context.newCDPSession(page);
  try {
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string }> };
    if (!targetInfos.some((t) => t.type === 'iframe' && t.url === url)) throw new Error(`Chromium runs the frame ${url} in its page's process: the carriage floor needs another process`);
  } finally {
    await session.detach();
  }
}

/** The floor for answers 0 … `rounds` − 1 after `warmUp` more, in a tab of its own in `context`. */
export async function measureCarriageFloor(context: BrowserContext, warmUp: number, rounds: number): Promise<CarriageFloor> {
  const pages = await blankPages();
  const page = await context.newPage();
  try {
    await page.bringToFront();
    await page.goto(pages.top);
    await page.evaluate(`new Promise((resolve, reject) => {
      const frame = document.createElement('iframe');
      frame.src = ${JSON.stringify(pages.framed)};
      frame.onload = resolve;
      frame.onerror = reject;
      document.body.append(frame);
    })`);
    await assertOwnProcess(context, page, pages.framed);
    const frame = page.frames().find((f) => f.url() === pages.framed);
    if (!frame) throw new Error(`no frame at ${pages.framed}`);
    await frame.evaluate(DECRYPTER);
    await page.evaluate(CONNECT);
    const measured: CarriageRound[] = [];
    for (let i = 0; i < warmUp + rounds; i++) {
      const datas = answerPayloadTexts(i).map((text) => (JSON.parse(text) as { data: string }).data);
      const round = (await page.evaluate(ROUND(datas))) as CarriageRound;
      if (i >= warmUp) measured.push(round);
    }
    return {
      rounds: measured,
      floorOverBare: spread(measured.map((r) => quickest(r) / r.bareMs)),
      quickestMs: spread(measured.map(quickest)),
    };
  } finally {
    await page.close();
    await pages.close();
  }
}
