/**
 * What the page hook adds to an API answer, measured in Debian's Chromium: the same
 * fetch from the same page, with the extension (decoding namespace `bench` with a local
 * key) and without it. Two answers of 1000 events: one whose payloads are all json/plain
 * (nothing to decode: the hook reads and walks it, then hands the page the original) and
 * one with an AES-GCM payload per event (decoded locally, the whole round trip through the
 * bridge and background).
 */
import http from 'node:http';
import { chromium } from 'playwright-core';
import { encodeBase64, encodeBase64Text } from '../src/core/base64';
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/support/browsers';
import { launchChromium } from '../e2e/support/chromium-driver';
import { BENCH_KEY, buildHistory } from './history';

/** A built-in origin of the extension, so no permission is needed. */
const PORT = 8080;
const ORIGIN = `http://localhost:${PORT}`;
const ROUNDS = 25;
const WARM_UP = 3;
const PLAIN_PATH = '/api/v1/namespaces/bench/workflows/plain/history';
const ENCRYPTED_PATH = '/api/v1/namespaces/bench/workflows/encrypted/history';

export interface HookOverhead {
  plain: { without: number; with: number };
  encrypted: { without: number; with: number };
}

/** The same history with every payload replaced by a json/plain one of similar size. */
function plainHistory(events: number): string {
  const payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(JSON.stringify({ note: 'x'.repeat(300) })) };
  const list = Array.from({ length: events }, (_, i) => ({
    eventId: String(i + 1),
    eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
    activityTaskScheduledEventAttributes: { input: { payloads: [payload] } },
  }));
  return JSON.stringify({ history: { events: list }, nextPageToken: '' });
}

/** Serves each path's answers in turn, so no round hits a cache filled by an earlier one. */
function serve(answers: Record<string, string[]>): Promise<http.Server> {
  const served = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const list = answers[path];
    const count = served.get(path) ?? 0;
    served.set(path, count + 1);
    const answer = list?.[count % list.length];
    res.setHeader('cache-control', 'no-store');
    if (answer) res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title><body></body>');
  });
  return new Promise((resolve, reject) => server.once('error', reject).listen(PORT, '127.0.0.1', () => resolve(server)));
}

/** Median milliseconds from fetch() to the parsed answer, measured in the page. */
const MEASURE = (path: string, rounds: number) => `(async () => {
  const times = [];
  for (let i = 0; i < ${rounds + WARM_UP}; i++) {
    const start = performance.now();
    await (await fetch('${path}')).json();
    if (i >= ${WARM_UP}) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
})()`;

export async function measureHookOverhead(): Promise<HookOverhead> {
  // Fresh ciphertexts for every request of a run (warm-up included): each answer is decoded for real.
  const encrypted: string[] = [];
  for (let i = 0; i < ROUNDS + WARM_UP; i++) encrypted.push(JSON.stringify((await buildHistory(1000)).history));
  const server = await serve({ [PLAIN_PATH]: [plainHistory(1000)], [ENCRYPTED_PATH]: encrypted });
  try {
    const bare = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
    const page = await bare.newPage();
    await page.goto(`${ORIGIN}/`);
    const withoutPlain = (await page.evaluate(MEASURE(PLAIN_PATH, ROUNDS))) as number;
    const withoutEncrypted = (await page.evaluate(MEASURE(ENCRYPTED_PATH, ROUNDS))) as number;
    await bare.close();

    const extension = await launchChromium();
    try {
      await extension.saveRule({ namespace: 'bench', mode: 'local', keyId: BENCH_KEY.id, key: encodeBase64(BENCH_KEY.key) });
      await extension.openWebUi(`${ORIGIN}/`);
      const withPlain = await extension.evaluateInWebUi<number>(MEASURE(PLAIN_PATH, ROUNDS));
      const withEncrypted = await extension.evaluateInWebUi<number>(MEASURE(ENCRYPTED_PATH, ROUNDS));
      return { plain: { without: withoutPlain, with: withPlain }, encrypted: { without: withoutEncrypted, with: withEncrypted } };
    } finally {
      await extension.close();
    }
  } finally {
    server.close();
  }
}
