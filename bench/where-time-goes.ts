/**
 * Where the time the extension adds to a 1,000-payload answer (local key) goes, from three angles, each as a
 * difference between answers decoded and the same answers in a namespace without a rule:
 *
 * - threads: a Chrome trace of every process (the Web UI tab, the browser process relaying extension messages and
 *   storage calls, the service worker, thread pools), busy time per thread;
 * - messages: the large messages the browser carries between processes, with the time each receiver spent on them;
 * - functions: V8 CPU profiles of the tab (page hook and bridge share its isolate) and of the service worker, self
 *   time per function of the extension's sources (through source maps) and per native built-in;
 * - hops: each data hop of the path replayed alone in the tab on the same answer (reading, JSON, messages).
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { UNDECODED_NAMESPACE, answerPath, quietPage } from './answers';
import type { ExtensionBrowser } from './browser/extension-browser';
import { addedTimes, functionTimes, type CpuProfile, type FunctionTime } from './profile/cpu-profile';
import type { SourceMaps } from './profile/source-maps';
import { TRACE_CATEGORIES, largeMessages, threadBusy, type TraceEvent } from './profile/trace-summary';

const PROFILE_NAMESPACE = 'bench-profile';
const ANSWERS = 3;
/** 100 µs between samples: fine enough for functions that run a few ms per answer. */
const SAMPLING_INTERVAL_US = 100;
const LARGE_MESSAGE_BYTES = 64 * 1024;

export interface ThreadCost {
  thread: string;
  msPerAnswer: number;
}

export interface MessageCost {
  thread: string;
  channel: string;
  perAnswer: number;
  mibEach: number;
  msPerAnswer: number;
}

export interface HopCost {
  hop: string;
  ms: number;
}

export interface WhereTimeGoes {
  answers: number;
  /** Mean (with − without) per answer while tracing and while profiling, ms. */
  addedMs: { traced: number; profiled: number };
  threads: ThreadCost[];
  messages: MessageCost[];
  functions: FunctionTime[];
  hops: HopCost[];
  sourceMapProblem?: string;
}

const FETCH_ALL = (paths: string[]) => `(async () => {
  const times = [];
  for (const path of ${JSON.stringify(paths)}) {
    const start = performance.now();
    await (await fetch(path)).json();
    times.push(performance.now() - start);
  }
  return times;
})()`;

const indices = (from: number) => Array.from({ length: ANSWERS }, (_, i) => from + i);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function fetchAll(browser: ExtensionBrowser, namespace: string, from: number): Promise<number[]> {
  return (await browser.page.evaluate(FETCH_ALL(indices(from).map((i) => answerPath(namespace, i))))) as number[];
}

async function traced(browser: ExtensionBrowser, namespace: string, from: number): Promise<{ events: TraceEvent[]; times: number[] }> {
  const { result: times, events } = await browser.trace(TRACE_CATEGORIES.join(','), () => fetchAll(browser, namespace, from));
  return { events, times };
}

async function profiled(browser: ExtensionBrowser, namespace: string, from: number) {
  const page = await browser.pageSession();
  const worker = await browser.workerSession();
  for (const session of [page, worker]) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.send('Profiler.start');
  }
  const times = await fetchAll(browser, namespace, from);
  const pageProfile = ((await page.send('Profiler.stop')) as { profile: CpuProfile }).profile;
  const workerProfile = ((await worker.send('Profiler.stop')) as { profile: CpuProfile }).profile;
  await page.detach();
  await worker.detach();
  return { pageProfile, workerProfile, times };
}

/**
 * The data hops of one decoded answer, replayed alone in the tab on the same answer: what each costs when nothing
 * else runs. Median of 5.
 */
const HOPS = (path: string) => `(async () => {
  const bytes = new Uint8Array(await (await fetch(${JSON.stringify(path)})).arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const answer = JSON.parse(text);
  const payloads = [];
  const where = [];
  answer.history.events.forEach((event, i) => {
    const visit = (value, at) => {
      if (typeof value !== 'object' || value === null) return;
      if (Array.isArray(value.payloads)) value.payloads.forEach((p, j) => { payloads.push(p); where.push(at + '.payloads[' + j + ']'); });
      else for (const [k, v] of Object.entries(value)) visit(v, at + '.' + k);
    };
    visit(event, 'history.events[' + i + ']');
  });
  // What the hops carry (src/shared/messages/packed.ts): the batch and the reply each packed into one JSON text,
  // equal to JSON.stringify's (the hook and the background build it by concatenation, which is faster).
  const batch = JSON.stringify({ payloads, where });
  const outcomes = JSON.stringify(payloads.map((payload) => ({ ok: true, payload })));
  const request = { id: 1, message: { type: 'decode', body: { namespace: 'bench', batch } } };
  const reply = { id: 1, reply: { ok: true, value: outcomes } };
  const time = (fn) => {
    const runs = [];
    for (let i = 0; i < 5; i++) { const start = performance.now(); fn(); runs.push(performance.now() - start); }
    return runs.sort((a, b) => a - b)[2];
  };
  const timeAsync = async (fn) => {
    const runs = [];
    for (let i = 0; i < 5; i++) { const start = performance.now(); await fn(); runs.push(performance.now() - start); }
    return runs.sort((a, b) => a - b)[2];
  };
  const received = (data) => new Promise((resolve) => {
    const start = performance.now();
    const channel = new MessageChannel();
    channel.port2.onmessage = (event) => { void event.data.length; resolve(performance.now() - start); channel.port1.close(); };
    channel.port1.postMessage(data);
  });
  const posted = [];
  for (let i = 0; i < 5; i++) posted.push(await received(batch));
  posted.sort((a, b) => a - b);
  // Every hop copies the payloads into memory of its own: what new memory costs this machine, against memory in use.
  const inUse = new Uint8Array(batch.length);
  const inUseTime = time(() => inUse.fill(1));
  // The page's clock counts in steps of 0.1 ms.
  const inUseMs = inUseTime < 0.1 ? 'under 0.1 ms' : inUseTime.toFixed(1) + ' ms';
  return [
    {
      hop: 'new memory as large as the packed batch, written once (each copy a hop makes goes into new memory; the same amount written into memory already in use takes ' + inUseMs + ')',
      ms: time(() => new Uint8Array(batch.length).fill(1)),
    },
    { hop: 'the answer read as text (the hook reads it so; without the extension the page parses its bytes at once)', ms: await timeAsync(() => new Response(bytes).text()) },
    { hop: 'JSON.parse of the API answer (the hook parses it in the page’s place: json() resolves to the decoded answer)', ms: time(() => JSON.parse(text)) },
    { hop: 'JSON.stringify of the batch of payloads (packing builds the same text by concatenation)', ms: time(() => JSON.stringify({ payloads, where })) },
    { hop: 'MessagePort postMessage of the packed batch within the tab, posted until read (the relay channel carries it to the service worker’s process, which costs more: see the threads above; the reply crosses once more)', ms: posted[2] },
    { hop: 'JSON.stringify + JSON.parse of a runtime port message carrying the packed batch (the way without the relay)', ms: time(() => JSON.parse(JSON.stringify(request))) },
    { hop: 'JSON.parse of the packed batch (the background opens it)', ms: time(() => JSON.parse(batch)) },
    { hop: 'JSON.stringify + JSON.parse of a runtime port message carrying the packed reply (the way without the relay)', ms: time(() => JSON.parse(JSON.stringify(reply))) },
    { hop: 'JSON.parse of the packed reply (the hook opens it)', ms: time(() => JSON.parse(outcomes)) },
    { hop: 'JSON.stringify of the answer with its payloads put back (only if the page reads the decoded answer as text)', ms: time(() => JSON.stringify(answer)) },
  ];
})()`;

function threadCosts(withTrace: TraceEvent[], withoutTrace: TraceEvent[]): ThreadCost[] {
  const without = new Map(threadBusy(withoutTrace).map((t) => [t.thread, t.ms]));
  return threadBusy(withTrace)
    .map((t) => ({ thread: t.thread, msPerAnswer: (t.ms - (without.get(t.thread) ?? 0)) / ANSWERS }))
    .filter((t) => t.msPerAnswer > 0.5 && !/tracing|Perfetto/i.test(t.thread))
    .sort((a, b) => b.msPerAnswer - a.msPerAnswer);
}

function messageCosts(events: TraceEvent[]): MessageCost[] {
  const groups = new Map<string, MessageCost & { bytes: number; count: number }>();
  for (const message of largeMessages(events, LARGE_MESSAGE_BYTES)) {
    if (/tracing/i.test(message.thread + message.channel)) continue;
    const key = `${message.thread}|${message.channel}`;
    const group = groups.get(key) ?? { thread: message.thread, channel: message.channel, perAnswer: 0, mibEach: 0, msPerAnswer: 0, bytes: 0, count: 0 };
    group.count += 1;
    group.bytes += message.bytes;
    group.msPerAnswer += message.ms / ANSWERS;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ bytes, count, ...cost }) => ({ ...cost, perAnswer: count / ANSWERS, mibEach: bytes / count / 1024 / 1024 }))
    .sort((a, b) => b.msPerAnswer - a.msPerAnswer);
}

export async function findWhereTimeGoes(browser: ExtensionBrowser, ui: string, maps: SourceMaps): Promise<WhereTimeGoes> {
  await browser.saveRule({ namespace: PROFILE_NAMESPACE, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
  await browser.page.goto(quietPage(ui));
  await fetchAll(browser, PROFILE_NAMESPACE, 0); // compiles every path once, outside what is measured

  const traceWithout = await traced(browser, UNDECODED_NAMESPACE, ANSWERS);
  const traceWith = await traced(browser, PROFILE_NAMESPACE, ANSWERS);
  const profileWithout = await profiled(browser, UNDECODED_NAMESPACE, 2 * ANSWERS);
  const profileWith = await profiled(browser, PROFILE_NAMESPACE, 2 * ANSWERS);

  const functions = [
    ...addedTimes(functionTimes(profileWith.pageProfile, maps, { worker: false }), functionTimes(profileWithout.pageProfile, maps, { worker: false }), ANSWERS),
    ...addedTimes(functionTimes(profileWith.workerProfile, maps, { worker: true }), functionTimes(profileWithout.workerProfile, maps, { worker: true }), ANSWERS).map((f) => ({
      ...f,
      context: f.context === 'browser built-ins' ? 'background built-ins' : f.context,
    })),
  ].sort((a, b) => b.ms - a.ms);

  const hops = (await browser.page.evaluate(HOPS(answerPath(UNDECODED_NAMESPACE, 3 * ANSWERS)))) as HopCost[];
  return {
    answers: ANSWERS,
    addedMs: {
      traced: mean(traceWith.times) - mean(traceWithout.times),
      profiled: mean(profileWith.times) - mean(profileWithout.times),
    },
    threads: threadCosts(traceWith.events, traceWithout.events),
    messages: messageCosts(traceWith.events),
    functions,
    hops,
    ...(maps.problem ? { sourceMapProblem: maps.problem } : {}),
  };
}
