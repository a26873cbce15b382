// npm run bench: the extension in Chromium against the fixture Web UI and codec servers, every figure a comparison
// within this one run. Writes docs/benchmarks.md and docs/benchmarks-chart.svg; exits 1 when a target is missed.
// Run it in a network namespace of its own (see "Rerun" in docs/benchmarks.md): the fixture Web UI needs port 8233.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_HISTORY_EVENTS } from '../e2e/fixtures/big-history';
import { startCodecServer, type CodecServerHandle } from '../e2e/fixtures/codec-server';
import { WEB_UI_PORT, listenOnFixedPort } from '../e2e/fixtures/ports';
import { startUiServer } from '../e2e/fixtures/ui-server';
import { ANSWER_ROUNDS, ANSWER_WARM_UP, measureAnswerOverhead } from './answer-overhead';
import { launchExtensionBrowser } from './browser/extension-browser';
import { beforeSignalExit } from './browser/on-signal';
import { measureCarriageFloor } from './carriage-floor';
import { lineChart } from './chart';
import { measureCodecAnswers } from './codec-answers';
import { readBothWays, type FaithfulCase } from './faithful';
import { FIRST_ROW_ROUNDS, measureFirstRows } from './first-row';
import { measureFullHistory } from './full-history';
import { usableCpus } from './process-cpu';
import { loadSourceMaps } from './profile/source-maps';
import { measureRepeatVisit } from './repeat-visit';
import { renderReport, targets, type Results } from './report';
import { findWhereTimeGoes } from './where-time-goes';

/** Express's default json() limit, as the TypeScript sample's codec server has it: 413 above 100 KB. */
const SERVER_LIMIT_BYTES = 100 * 1024;
/**
 * History sizes the reader goes through both ways at 20 ms. The Web UI's way needs a request per row, about
 * 10 to 20 ms each on a busy 2-core machine: larger sizes would take minutes each.
 */
const READING_SIZES = [1000, 2000, 3000];
const SLOW_READING_EVENTS = 500;
/** How long a Temporal frontend across a network may take to answer a history page: the first row's third case. */
const FIRST_ROW_HISTORY_HOLD_MS = 100;
const CHART_FILE = 'benchmarks-chart.svg';

const started = Date.now();
const loadAverage = os.loadavg()[0]!;
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const step = (what: string) => console.log(`[${elapsed()}] ${what}`);

const ui = await listenOnFixedPort('fixture Web UI', WEB_UI_PORT, () => startUiServer({ host: 'localhost', port: WEB_UI_PORT }));
const codecs = new Map<number, CodecServerHandle>();
for (const latencyMs of [20, 200]) codecs.set(latencyMs, await startCodecServer({ latencyMs, maxBodyBytes: SERVER_LIMIT_BYTES }));
const fast = codecs.get(20)!;
const slow = codecs.get(200)!;
const launching = launchExtensionBrowser([...codecs.values()].map((c) => c.url));
// Stopped halfway (Ctrl-C), the run still closes its browser and removes the profile; stopped while the browser
// starts, once it has started (a start that fails cleans up after itself).
const unhookSignals = beforeSignalExit(async () => (await launching.catch(() => undefined))?.close());
const browser = await launching;

let results: Results;
try {
  step('one 1,000-payload answer, local key, against bare WebCrypto');
  const answer = await measureAnswerOverhead(browser, ui.url);
  step('the same answers carried to another process and decrypted there by a bare script');
  const carriage = await measureCarriageFloor(browser, ANSWER_WARM_UP, ANSWER_ROUNDS);
  await browser.page.bringToFront();
  step('where the extra time goes (trace, CPU profiles, hops)');
  const where = await findWhereTimeGoes(browser, ui.url, loadSourceMaps());
  const codec = [];
  for (const [latencyMs, server] of codecs) {
    step(`one answer through a codec server at ${latencyMs} ms`);
    codec.push(await measureCodecAnswers(browser, ui.url, server, latencyMs));
  }
  step(`${BENCH_HISTORY_EVENTS} events, every page, without decoding / every page held / local key / codec server`);
  const full = await measureFullHistory(browser, ui.url, { url: fast.url, latencyMs: 20 }, BENCH_HISTORY_EVENTS, (ms) => ui.holdHistoryPages(ms));
  step('a second visit');
  const repeat = await measureRepeatVisit(browser, ui.url, fast);
  const reading: FaithfulCase[] = [];
  for (const events of READING_SIZES) {
    step(`a reader through ${events} events at 20 ms, the Web UI's way and the extension's`);
    reading.push(await readBothWays(browser, ui.url, fast, 20, events));
  }
  step(`a reader through ${SLOW_READING_EVENTS} events at 200 ms`);
  const slowReading = await readBothWays(browser, ui.url, slow, 200, SLOW_READING_EVENTS);
  step(`the first decoded row, ${FIRST_ROW_ROUNDS} times each way, at 20 and 200 ms, and at 20 ms with the history's pages held ${FIRST_ROW_HISTORY_HOLD_MS} ms`);
  const firstRows = await measureFirstRows(
    browser,
    ui.url,
    [
      { codec: fast, latencyMs: 20, events: READING_SIZES[0]! },
      { codec: slow, latencyMs: 200, events: SLOW_READING_EVENTS },
      { codec: fast, latencyMs: 20, events: READING_SIZES[0]!, historyHoldMs: FIRST_ROW_HISTORY_HOLD_MS },
    ],
    (ms) => ui.holdHistoryPages(ms),
  );
  const chromium = browser.version;
  results = {
    machine: { cpus: usableCpus(), loadAverage, chromium, node: process.version, minutes: (Date.now() - started) / 60_000 },
    answer,
    carriage,
    where,
    codec,
    full,
    repeat,
    reading,
    slowReading,
    firstRows,
    chartFile: CHART_FILE,
  };
} finally {
  await browser.close();
  unhookSignals();
  await Promise.all([ui.close(), ...[...codecs.values()].map((c) => c.close())]);
}

// A size where some row was never decoded has no point on its line.
const points = (pick: (c: FaithfulCase) => number | undefined) =>
  results.reading.flatMap((c) => (pick(c) === undefined ? [] : [{ x: c.events, y: pick(c)! / 1000 }]));
const chart = lineChart(
  [
    { name: "Web UI's own way", color: '#b42318', points: points((c) => c.webUi.everyRowMs) },
    { name: 'Payload Lens', color: '#444ce7', points: points((c) => c.extension.everyRowMs) },
  ],
  { title: 'Every row decoded, codec server at 20 ms', xLabel: 'events in the history', yLabel: 'seconds' },
);
const docs = (file: string) => fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
writeFileSync(docs(CHART_FILE), chart);
writeFileSync(docs('benchmarks.md'), renderReport(results));

const verdicts = targets(results);
for (const t of verdicts) console.log(`${t.holds ? 'holds' : 'MISSED'}  ${t.name}: ${t.figure}${t.floor ? ` (the least this machine allows: ${t.floor})` : ''}`);
console.log(`\n${verdicts.filter((t) => !t.holds).length} of ${verdicts.length} targets missed; docs/benchmarks.md written (${elapsed()}).`);
if (verdicts.some((t) => !t.holds)) process.exitCode = 1;
