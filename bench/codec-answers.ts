/**
 * One 1,000-payload answer through the codec server, in Chromium: how many requests it costs against the fewest
 * bodies under 96 KiB its payloads fit in, and how many round trips of the server's latency the extension adds to
 * the answer against (bodies ÷ parallel requests + 1). Each round fetches the same answer in a namespace without a
 * rule and in one decoded by the codec server (fresh payloads each round), in alternating order. Then the same
 * bodies are sent by a bare script in the extension's service worker, as many at a time as the extension sends, with
 * nothing else to do: the least this machine and server take for them, before any of the extension's own work.
 * Each decoded answer's time is also cut where the codec server saw its first request come and its last one answered
 * (the server's log and the page both read the system clock, in milliseconds): what the extension does before any
 * request can go, the requests, and what it does after the last answer.
 */
import { packBatches, requestBody } from '../src/core/remote/codec-batches';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_BODY_BYTES } from '../src/core/remote/codec-client';
import type { CodecRequestRecord, CodecServerHandle } from '../e2e/fixtures/codec-server';
import { ANSWER_PAYLOADS, UNDECODED_NAMESPACE, answerPath, answerPayloadTexts, quietPage } from './answers';
import type { ExtensionBrowser } from './browser/extension-browser';
import { packPayloads } from './packing';
import { spread, type Spread } from './stats';

const WARM_UP = 1;
export const CODEC_ANSWER_ROUNDS = 5;

export interface CodecAnswerRound {
  requests: number;
  refused: number;
  bodies: number;
  lowerBound: number;
  addedMs: number;
  /** The same bodies sent by a bare script in the service worker, as many at a time: the time until every answer was read. */
  bareMs: number;
  /** The same answer without decoding: from fetch() to the parsed answer. */
  withoutMs: number;
  /** From the page's fetch() to the first request reaching the codec server: the answer read, carried and packed. */
  beforeMs: number;
  /** From the first request's arrival to the last one's answer: the requests themselves. */
  requestsMs: number;
  /** From the last answer to the page's parsed answer: the plaintexts read, carried back and put in place. */
  afterMs: number;
}

export interface CodecAnswers {
  latencyMs: number;
  parallel: number;
  rounds: CodecAnswerRound[];
  /** requests − the bound no packing beats, per answer. */
  extraRequests: Spread;
  /** Round trips the extension added to the answer: (with − without) ÷ latency. */
  roundTrips: Spread;
  /** bodies ÷ parallel requests + 1, per answer. */
  allowedRoundTrips: Spread;
  /** Round trips the bare script took for the same bodies. */
  bareRoundTrips: Spread;
  /** Rounds that kept both limits. */
  within: number;
  /** Each decoded answer's time before the first request, during the requests, and after the last answer. */
  beforeMs: Spread;
  requestsMs: Spread;
  afterMs: Spread;
  /** The same answers without decoding, and the bare script's time for their bodies. */
  withoutMs: Spread;
  bareMs: Spread;
  /** The requests' time over the bare script's for the same bodies, per answer. */
  requestsOverBare: Spread;
  /** Before and after the requests, less the answer without decoding (fetched and parsed either way), per answer. */
  aroundMs: Spread;
  /** The same in round trips of the server's latency. */
  aroundRoundTrips: Spread;
}

const ROUND = (without: string, withRule: string, withFirst: boolean) => `(async () => {
  const get = async (url) => {
    const startedAt = Date.now();
    const start = performance.now();
    const answer = await (await fetch(url)).json();
    const ms = performance.now() - start;
    return { ms, startedAt, parsedAt: Date.now(), text: JSON.stringify(answer) };
  };
  const first = await get(${JSON.stringify(withFirst ? withRule : without)});
  const second = await get(${JSON.stringify(withFirst ? without : withRule)});
  const decoded = ${withFirst} ? first : second;
  const plain = ${withFirst} ? second : first;
  return {
    withMs: decoded.ms,
    withoutMs: plain.ms,
    startedAt: decoded.startedAt,
    parsedAt: decoded.parsedAt,
    encrypted: decoded.text.split(${JSON.stringify(Buffer.from('binary/encrypted').toString('base64'))}).length - 1,
  };
})()`;

/** Sends `bodies` to the codec server from the service worker, `parallel` at a time; resolves with the milliseconds taken. */
const BARE_REQUESTS = (endpoint: string, namespace: string, bodies: string[], parallel: number) => `(async () => {
  const bodies = ${JSON.stringify(bodies)};
  const start = performance.now();
  let next = 0;
  const send = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await fetch(${JSON.stringify(`${endpoint}/decode`)}, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Namespace': ${JSON.stringify(namespace)} }, body });
      JSON.parse(await response.text());
    }
  };
  await Promise.all(Array.from({ length: ${parallel} }, send));
  return performance.now() - start;
})()`;

/** The answer's payloads in the bodies the codec client packs them into. */
function bodiesOf(texts: readonly string[]): string[] {
  const sizes = texts.map((text) => Buffer.byteLength(text));
  return packBatches(texts.map((_, i) => i), sizes, DEFAULT_MAX_BODY_BYTES).map((batch) => requestBody(batch.map((i) => texts[i]!)));
}

/** The decoded answer's time cut at the first request's arrival and the last answer, as the codec server logged them. */
function phases(answer: { startedAt: number; parsedAt: number }, requests: readonly CodecRequestRecord[]): Pick<CodecAnswerRound, 'beforeMs' | 'requestsMs' | 'afterMs'> {
  const firstIn = Math.min(...requests.map((r) => r.time));
  const lastOut = Math.max(...requests.map((r) => r.answeredAt ?? Infinity));
  if (!Number.isFinite(firstIn) || !Number.isFinite(lastOut)) throw new Error('the codec server logged no answered request for a decoded answer');
  return { beforeMs: firstIn - answer.startedAt, requestsMs: lastOut - firstIn, afterMs: answer.parsedAt - lastOut };
}

/** What the extension adds around an answer's requests: the answer is fetched and parsed without decoding too. */
const around = (r: CodecAnswerRound) => r.beforeMs + r.afterMs - r.withoutMs;

export async function measureCodecAnswers(browser: ExtensionBrowser, ui: string, codec: CodecServerHandle, latencyMs: number): Promise<CodecAnswers> {
  const namespace = `bench-remote-${latencyMs}`;
  await browser.saveRule({ namespace, mode: 'remote', endpoint: codec.url });
  await browser.page.goto(quietPage(ui));
  const rounds: CodecAnswerRound[] = [];
  for (let i = 0; i < WARM_UP + CODEC_ANSWER_ROUNDS; i++) {
    codec.resetRequests();
    const round = (await browser.page.evaluate(ROUND(answerPath(UNDECODED_NAMESPACE, i), answerPath(namespace, i), i % 2 === 1))) as {
      withMs: number;
      withoutMs: number;
      startedAt: number;
      parsedAt: number;
      encrypted: number;
    };
    if (round.encrypted > 0) throw new Error(`${round.encrypted} of ${ANSWER_PAYLOADS} payloads of answer ${i} came back encrypted from the codec server`);
    const decodes = codec.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/decode'));
    const packing = packPayloads(
      answerPayloadTexts(i).map((text) => Buffer.byteLength(text)),
      DEFAULT_MAX_BODY_BYTES,
    );
    if (i >= WARM_UP) {
      const bareMs = await browser.evaluateInWorker<number>(BARE_REQUESTS(codec.url, namespace, bodiesOf(answerPayloadTexts(i)), DEFAULT_CONCURRENCY));
      rounds.push({
        bareMs,
        requests: decodes.length,
        refused: decodes.filter((r) => r.status === 413).length,
        bodies: packing.bodies,
        lowerBound: packing.lowerBound,
        addedMs: round.withMs - round.withoutMs,
        withoutMs: round.withoutMs,
        ...phases(round, decodes),
      });
    }
  }
  const allowed = (r: CodecAnswerRound) => r.bodies / DEFAULT_CONCURRENCY + 1;
  return {
    latencyMs,
    parallel: DEFAULT_CONCURRENCY,
    rounds,
    extraRequests: spread(rounds.map((r) => r.requests - r.lowerBound)),
    roundTrips: spread(rounds.map((r) => r.addedMs / latencyMs)),
    allowedRoundTrips: spread(rounds.map(allowed)),
    bareRoundTrips: spread(rounds.map((r) => r.bareMs / latencyMs)),
    within: rounds.filter((r) => r.requests <= r.lowerBound + 1 && r.addedMs / latencyMs <= allowed(r)).length,
    beforeMs: spread(rounds.map((r) => r.beforeMs)),
    requestsMs: spread(rounds.map((r) => r.requestsMs)),
    afterMs: spread(rounds.map((r) => r.afterMs)),
    withoutMs: spread(rounds.map((r) => r.withoutMs)),
    bareMs: spread(rounds.map((r) => r.bareMs)),
    requestsOverBare: spread(rounds.map((r) => r.requestsMs / r.bareMs)),
    aroundMs: spread(rounds.map(around)),
    aroundRoundTrips: spread(rounds.map((r) => around(r) / latencyMs)),
  };
}
