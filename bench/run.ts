// npm run bench: the decode pipeline against bare WebCrypto, and batched remote decoding against the
// Web UI's own request pattern, each pair measured in the same run so the ratios survive a noisy machine.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { decodeBase64 } from '../src/core/base64';
import { createCodecClient, DEFAULT_MAX_BODY_BYTES } from '../src/core/remote/codec-client';
import { createDecodeService, type Decoder } from '../src/core/decode-service';
import { createLocalDecoder } from '../src/core/local/local-decoder';
import { applyResults, findPayloads } from '../src/core/api-json-walker';
import { sleep, startCodecServer, sendJson, sendTooLarge } from '../src/core/test-support/codec-server';
import type { Payload } from '../src/core/payload';
import { BENCH_KEY, buildHistory } from './history';
import { measureHookOverhead } from './hook-overhead';

const EVENTS = 1000;
const ROUNDS = 25;
const REMOTE_ROUNDS = 3;
const SERVER_DELAY_MS = 20;
// Express's default json() limit in the TypeScript sample's codec server: "100kb".
const SERVER_LIMIT_BYTES = 100 * 1024;
const BROWSER_CONNECTIONS_PER_HOST = 6;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

// With --expose-gc (npm run bench passes it), a minor collection before each measurement moves what the
// setup allocated (the cloned answer) out of the young generation, so that copying it is not charged to
// whichever side happens to trigger the next scavenge. A full collection would shrink the heap and distort both.
const gc = (globalThis as { gc?: (o: { type: 'minor'; execution: 'sync' }) => void }).gc;
// Twice: V8 promotes a young object to the old generation on its second survived scavenge.
const collect = () => {
  gc?.({ type: 'minor', execution: 'sync' });
  gc?.({ type: 'minor', execution: 'sync' });
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  collect();
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function decodeAnswer(answer: unknown, decoder: Decoder): Promise<void> {
  const slots = findPayloads(answer);
  const results = await createDecodeService().decode('bench', decoder, slots.map((s) => s.payload));
  applyResults(answer, slots, results.map((r) => (r.ok ? r.payload : null)));
  if (results.some((r) => !r.ok)) throw new Error('bench payload failed to decode');
}

async function local(history: unknown) {
  const ciphertexts = findPayloads(history).map((s) => decodeBase64(s.payload.data!)!);
  const key = await crypto.subtle.importKey('raw', BENCH_KEY.key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt']);
  const bare = () => Promise.all(ciphertexts.map((c) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: c.subarray(0, 12) }, key, c.subarray(12))));
  // The page hook already holds the parsed answer, so cloning it is outside the measured pipeline. The
  // background keeps one decoder per rule (its keys imported once), but each round gets a fresh decode
  // service so no result comes from the cache.
  const decoder = createLocalDecoder([BENCH_KEY]);
  const pipeline = async () => {
    const answer = structuredClone(history);
    return time(() => decodeAnswer(answer, { id: 'local:bench', decode: (ps) => decoder.decode(ps) }));
  };
  for (let i = 0; i < 3; i++) await Promise.all([time(bare), pipeline()].map((p) => p));
  const bareTimes: number[] = [];
  const pipelineTimes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate the order so neither side always runs on a warmer machine.
    if (i % 2 === 0) {
      bareTimes.push(await time(bare));
      pipelineTimes.push(await pipeline());
    } else {
      pipelineTimes.push(await pipeline());
      bareTimes.push(await time(bare));
    }
  }
  return { bare: median(bareTimes), pipeline: median(pipelineTimes) };
}

async function remote(history: unknown) {
  const serverDecoder = createLocalDecoder([BENCH_KEY]);
  const log: Array<{ bytes: number; status: number; at: number }> = [];
  const server = await startCodecServer(async (req, res) => {
    const bytes = Buffer.byteLength(req.body);
    await sleep(SERVER_DELAY_MS);
    if (bytes > SERVER_LIMIT_BYTES) {
      log.push({ bytes, status: 413, at: performance.now() });
      return sendTooLarge(res, bytes, SERVER_LIMIT_BYTES);
    }
    const { payloads } = JSON.parse(req.body) as { payloads: Payload[] };
    const decoded = await serverDecoder.decode(payloads);
    log.push({ bytes, status: 200, at: performance.now() });
    sendJson(res, 200, { payloads: decoded.map((r, i) => (r.ok ? r.payload : payloads[i])) });
  });
  const endpoint = server.url;
  const headers = { 'Content-Type': 'application/json', 'X-Namespace': 'bench' };
  try {
    // Ours: a fresh client each time, so the endpoint's limit is unknown as on first use. One unmeasured run
    // first, so neither side pays for compiling the code paths it shares (HTTP, JSON) and the other does not.
    const oursOnce = async () => {
      const client = createCodecClient();
      const target = { endpoint, namespace: 'bench' };
      return time(() => decodeAnswer(structuredClone(history), { id: `remote:${endpoint}`, decode: (ps) => client.decode(target, ps) }));
    };
    await oursOnce();
    log.length = 0;
    const oursTimes: number[] = [];
    let ours: typeof log = [];
    for (let i = 0; i < REMOTE_ROUNDS; i++) {
      oursTimes.push(await oursOnce());
      const requests = log.splice(0);
      if (i === 0) ours = requests;
    }
    const oursMs = median(oursTimes);
    const firstAnswerAt = Math.min(...ours.map((r) => r.at));
    const late413 = ours.filter((r) => r.status === 413 && r.at > firstAnswerAt).length;

    // The same with a client configured above the server's limit, so it has to learn it from a 413.
    const tooBig = createCodecClient({ maxBodyBytes: 256 * 1024 });
    const learnMs = await time(() =>
      decodeAnswer(structuredClone(history), { id: `remote:${endpoint}`, decode: (ps) => tooBig.decode({ endpoint, namespace: 'bench' }, ps) }),
    );
    const learn = log.splice(0);
    const learnFirstAnswer = Math.min(...learn.map((x) => x.at));
    const learnLate413 = learn.filter((x) => x.status === 413 && x.at > learnFirstAnswer).length;

    // The Web UI: one /decode per payload container as each component renders it (docs/protocol.md §8).
    const containers = findPayloads(history).map((s) => [s.payload]);
    const decodeContainer = async (payloads: Payload[]) => {
      const res = await fetch(`${endpoint}/decode`, { method: 'POST', headers, body: JSON.stringify({ payloads }) });
      await res.json();
    };
    const rowsMs = await time(async () => {
      // Each event row is its own component; the browser allows six connections per host.
      const queue = [...containers];
      await Promise.all(Array.from({ length: BROWSER_CONNECTIONS_PER_HOST }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await decodeContainer(c);
      }));
    });
    const rowsRequests = log.splice(0).length;
    const sequentialMs = await time(async () => {
      // One component awaiting its containers one after another.
      for (const c of containers) await decodeContainer(c);
    });
    const sequentialRequests = log.splice(0).length;
    return { oursMs, ours, late413, learnMs, learn, learnLate413, rowsMs, rowsRequests, sequentialMs, sequentialRequests };
  } finally {
    await server.close();
  }
}

const { history, payloadJsonBytes } = await buildHistory(EVENTS);
const l = await local(history);
if (process.argv.includes('--local-only')) {
  console.log(`local: bare ${ms(l.bare)}, pipeline ${ms(l.pipeline)}, ratio ${(l.bare / l.pipeline).toFixed(2)}`);
  process.exit(0);
}
const r = await remote(history);
const hook = await measureHookOverhead().catch((error: unknown) => {
  console.error(`The page hook's overhead was not measured: ${error instanceof Error ? error.message : String(error)}`);
  return null;
});

const localRatio = l.bare / l.pipeline;
const allowedRequests = Math.ceil(r.ours.reduce((n, x) => n + (x.status === 200 ? x.bytes : 0), 0) / DEFAULT_MAX_BODY_BYTES);
const speedupRows = r.rowsMs / r.oursMs;
const speedupSequential = r.sequentialMs / r.oursMs;
const targets = [
  ['local pipeline ≥ 0.5× bare WebCrypto throughput', localRatio >= 0.5, `${localRatio.toFixed(2)}×`],
  ['remote: no 413 after the first answer', r.late413 === 0 && r.learnLate413 === 0, `${r.late413} late 413s; ${r.learnLate413} when configured above the server's limit`],
  ['remote: ≤ 1 request per 96 KiB of payloads', r.ours.length <= allowedRequests, `${r.ours.length} requests, limit ${allowedRequests}`],
  ['remote: ≥ 10× faster than the Web UI', speedupRows >= 10, `${speedupRows.toFixed(1)}× (rows in parallel), ${speedupSequential.toFixed(1)}× (one component)`],
] as const;

const table = [
  '| measurement | wall time | requests | throughput / ratio |',
  '|---|---:|---:|---:|',
  `| local: bare WebCrypto AES-GCM decrypt, ${EVENTS} ciphertexts | ${ms(l.bare)} | – | ${Math.round((EVENTS / l.bare) * 1000)} payloads/s |`,
  `| local: pipeline (find, base64, AES-GCM, protobuf, put back) | ${ms(l.pipeline)} | – | ${Math.round((EVENTS / l.pipeline) * 1000)} payloads/s = **${localRatio.toFixed(2)}×** bare |`,
  `| remote: Payload Lens, batched (${r.ours.filter((x) => x.status === 413).length} × 413) | ${ms(r.oursMs)} | ${r.ours.length} | 1× |`,
  `| remote: Payload Lens configured for 256 KiB bodies, learning the limit (${r.learn.filter((x) => x.status === 413).length} × 413) | ${ms(r.learnMs)} | ${r.learn.length} | – |`,
  `| remote: Web UI, one request per container, 6 rows in parallel | ${ms(r.rowsMs)} | ${r.rowsRequests} | **${speedupRows.toFixed(1)}×** slower |`,
  `| remote: Web UI, one request per container, one component in sequence | ${ms(r.sequentialMs)} | ${r.sequentialRequests} | **${speedupSequential.toFixed(1)}×** slower |`,
].join('\n');

const hookTable = hook
  ? [
      '| API answer (1000 events) | without the extension | with it | ratio |',
      '|---|---:|---:|---:|',
      `| nothing to decode (json/plain payloads) | ${ms(hook.plain.without)} | ${ms(hook.plain.with)} | **${(hook.plain.with / hook.plain.without).toFixed(2)}×** |`,
      `| 1000 payloads decoded locally (AES-GCM) | ${ms(hook.encrypted.without)} | ${ms(hook.encrypted.with)} | **${(hook.encrypted.with / hook.encrypted.without).toFixed(2)}×** |`,
    ].join('\n')
  : 'Not measured in this run (Chromium or the build was missing; run `npm run build` and `npm run setup`).';

const verdicts = targets.map(([name, ok, figure]) => `- ${ok ? 'met' : '**missed**'}: ${name} (${figure})`).join('\n');

console.log(`\n${table}\n\n${hookTable}\n\n${verdicts}\n`);

const doc = `# Benchmarks

Produced by \`npm run bench\` (\`bench/run.ts\`), which rewrites this file. Every comparison is between two
measurements taken in the same run on the same machine; read the ratios, not the milliseconds (the machine
that produced this page is shared and noisy: ${os.cpus().length} CPUs, Node ${process.version}).

## What is measured

- **Local**: a synthetic history of ${EVENTS} events (\`bench/history.ts\`), one AES-256-GCM payload per event in the
  official samples' format (${(payloadJsonBytes / 1024).toFixed(0)} KiB of payload JSON). The pipeline is what the
  background does for one history answer: \`findPayloads\`, a fresh \`createDecodeService().decode\` (no cache hits) with a
  long-lived local decoder as the background keeps one (key imported once; base64, AES-GCM, protobuf parse, base64
  again) and \`applyResults\`. The baseline is bare
  \`crypto.subtle.decrypt\` of the same ciphertexts, already in bytes, with the key already imported.
  Median of ${ROUNDS} alternating rounds after 3 warm-up rounds, with two minor garbage collections before each
  measurement so that neither side is charged for collecting the other's garbage.
- **Remote**: the same history through a loopback codec server that adds ${SERVER_DELAY_MS} ms per request and, like the
  TypeScript sample's Express server, answers 413 with an HTML body to anything over 100 KB. Payload Lens starts
  with a fresh client (the endpoint's limit unknown), median of ${REMOTE_ROUNDS} runs after one unmeasured run. The Web UI's own way (docs/protocol.md §8) is one \`/decode\` per
  payload container: once with every event row as its own component (six browser connections per host), once with
  one component awaiting its containers in sequence.

## Results

${table}

## In the browser: what the page hook adds to an API answer

Median time from \`fetch()\` to the parsed answer in a page of Debian's Chromium, 25 rounds after 3 warm-up rounds, with and without the
extension (\`bench/hook-overhead.ts\`). With it, namespace \`bench\` is decoded with a local key, so the hook reads
every answer of that namespace; each request of the encrypted case gets fresh ciphertexts, so nothing comes from
a cache. Answers of namespaces without a rule are not read at all and cost nothing measurable.

${hookTable}

## Targets

${verdicts}

## Rerun

\`\`\`sh
npm run bench
\`\`\`
`;
writeFileSync(fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url)), doc);
if (targets.some(([, ok]) => !ok)) process.exitCode = 1;
