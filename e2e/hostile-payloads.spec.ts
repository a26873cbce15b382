/**
 * Hostile payloads (issue "Faults", what was seen 2–4), in Chromium and Firefox: decompression
 * bombs in an API answer and posted straight to the bridge, a payload nested thousands of
 * levels deep, failure sentences quoting huge key ids again and again. Each page gets its
 * answer in good time, the bad payloads fail alone and say why, the extension goes on
 * working, and the background's memory stays within its bound while it decodes.
 */
import { HOOK_WAIT_MS } from '../src/core/deadlines';
import { MAX_DECOMPRESSED_ANSWER_BYTES, MAX_DECOMPRESSED_PAYLOAD_BYTES } from '../src/core/limits';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import type { PayloadJson } from './fixtures/codec-server';
import {
  HOSTILE_NAMESPACE,
  deeplyNestedPayload,
  encryptedPayload,
  historyAnswer,
  hostileHistoryPath,
  hugeKeyIdPayload,
  jsonPayload,
  largeCompressedPayload,
  zlibBomb,
} from './fixtures/hostile';
import { uiView } from './fixtures/ui-views';
import type { BackgroundMemory, ExtensionDriver } from './support/driver';
import { SPEAK_AS_HOOK } from './support/hook-speech';
import { expect, shareBrowserFromNoRules, test } from './support/test';

const MB = 1_000_000;
/** What the background may use above idle while it decodes any answer of at most 4 MB. */
const MEMORY_BOUND_BYTES = 300 * MB;
/**
 * The normal timeout: how long the hook holds an answer back. An answer that comes later has hung (the hook then
 * hands the page its original); the times are reported, for they depend on the machine.
 */
const ANSWER_WITHIN_MS = HOOK_WAIT_MS;

const TOO_LARGE = `This payload is larger than ${MAX_DECOMPRESSED_PAYLOAD_BYTES / 2 ** 20} MiB when decompressed; it was left as it is.`;
const ANSWER_TOO_LARGE = `The payloads of this answer are larger than ${MAX_DECOMPRESSED_ANSWER_BYTES / 2 ** 20} MiB in all when decompressed; this one was left as it is.`;

interface SeenPayload {
  encoding: string;
  /** The first characters of the data, decoded from base64 when the payload is json/plain. */
  start: string;
  dataChars: number;
  /** The data exactly as the page received it, when it is short. */
  data?: string;
}

interface PageFetch {
  ms: number;
  payloads: SeenPayload[];
}

/** Fetches an API answer from the page's own world (through the extension's hook) and reads its payloads. */
function fetchInPage(path: string): string {
  return `(async () => {
    const started = performance.now();
    const answer = await (await fetch(${JSON.stringify(path)})).json();
    const ms = performance.now() - started;
    const payloads = answer.history.events[0].workflowExecutionStartedEventAttributes.input.payloads.map((p) => {
      const encoding = atob(p.metadata?.encoding ?? '');
      const data = p.data ?? '';
      const start = encoding === 'json/plain' ? new TextDecoder().decode(Uint8Array.from(atob(data.slice(0, 80)), (c) => c.charCodeAt(0))) : data.slice(0, 80);
      return { encoding, start, dataChars: data.length, ...(data.length <= 20000 ? { data } : {}) };
    });
    return { ms, payloads };
  })()`;
}

/** Packed as the page hook packs a batch (src/shared/messages/packed.ts), in the page. */
const packedInPage = (payloads: PayloadJson[]) => `JSON.stringify({ payloads: ${JSON.stringify(payloads)}, where: ${JSON.stringify(payloads.map((_, i) => `posted ${i}`))} })`;

/**
 * Sends a decode request straight to the bridge, as a hostile page can, and waits for the bridge's reply. `batch` is
 * page script that makes the packed text.
 */
function postToBridge(batch: string, count: number): string {
  return `(async () => {
    ${SPEAK_AS_HOOK}
    const batch = ${batch};
    const started = performance.now();
    const reply = await new Promise((resolve) => {
      onReply((fields, outcomes) => {
        if (fields.type === 'decoded' && fields.id === 7001) resolve({ ...fields, ...(outcomes === undefined ? {} : { outcomes }) });
      });
      sendRequest({ type: 'decode', id: 7001, namespace: ${JSON.stringify(HOSTILE_NAMESPACE)}, count: ${count} }, batch);
    });
    const outcomes = readOutcomes(reply.outcomes);
    return { ms: performance.now() - started, failed: reply.failed, results: outcomes.map((r) => (r.ok ? atob(r.payload.metadata?.encoding ?? '') : null)) };
  })()`;
}

/**
 * Hands the bridge the same decode request `times` times at once, as a hostile page can at no cost to itself (the
 * text is not copied), and waits for every reply.
 */
function postManyToBridge(batch: string, count: number, times: number): string {
  return `(async () => {
    ${SPEAK_AS_HOOK}
    const batch = ${batch};
    const started = performance.now();
    const replies = new Map();
    const done = new Promise((resolve) => {
      onReply((fields, packed) => {
        if (fields.type !== 'decoded' || fields.id < 8000 || fields.id >= 8000 + ${times}) return;
        const outcomes = readOutcomes(packed);
        replies.set(fields.id, { failed: fields.failed, results: outcomes.map((r) => (r.ok ? atob(r.payload.metadata?.encoding ?? '') : null)) });
        if (replies.size === ${times}) resolve();
      });
    });
    for (let i = 0; i < ${times}; i++) sendRequest({ type: 'decode', id: 8000 + i, namespace: ${JSON.stringify(HOSTILE_NAMESPACE)}, count: ${count} }, batch);
    await done;
    return { ms: performance.now() - started, replies: [...replies.values()] };
  })()`;
}

interface BridgeReply {
  ms: number;
  /** The bridge's sentence when the background answered nothing. */
  failed?: string;
  results: Array<string | null>;
}

const SESSION_STORAGE_CHARS = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  return JSON.stringify(await api.storage.session.get(null)).length;
})()`;

const CHIP_SUMMARY = `document.querySelector('payload-lens-status')?.shadowRoot?.querySelector('button')?.textContent ?? ''`;
const CHIP_TEXT = `document.querySelector('payload-lens-status')?.shadowRoot?.textContent ?? ''`;
/** The failures a chip's summary counts ("Payload Lens: 3 decoded, 2 failed"); 0 without a chip. */
const failedOn = (summary: string): number => Number(/, (\d+) failed$/.exec(summary)?.[1] ?? 0);

// A browser launch or two, several pages and a restart per test: more than the default allows on a busy machine.
test.describe.configure({ timeout: 300_000 });

const ORDER_42 = uiView('order-42');
const REFUND_3 = uiView('refund');

const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** Runs `act` while measuring the background; records the figure on the test's report and checks the bound. */
async function withinMemoryBound<T extends { ms: number }>(extension: ExtensionDriver, label: string, act: () => Promise<T>): Promise<T> {
  const { result, memory } = await extension.backgroundMemoryDuring(act);
  report(extension, `${label}, answered in ${(result.ms / 1000).toFixed(1)} s`, memory);
  expect(memory.aboveIdleBytes, `${label}: ${memory.what} above idle`).toBeLessThan(MEMORY_BOUND_BYTES);
  return result;
}

function report(extension: ExtensionDriver, label: string, memory: BackgroundMemory): void {
  const line = `${extension.browserName}, ${label}: ${memory.what} ${megabytes(memory.idleBytes)} idle, peak ${megabytes(memory.peakBytes)}, ${megabytes(memory.aboveIdleBytes)} above idle (${memory.samples} samples)`;
  test.info().annotations.push({ type: 'memory', description: line });
  console.log(line);
}

async function expectOrder42Decoded(extension: ExtensionDriver, origin: string): Promise<void> {
  await extension.openWebUi(origin + ORDER_42.path);
  const encodings = await extension.evaluateInWebUi<string[]>(`Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding)`);
  expect(encodings.length).toBeGreaterThan(0);
  expect(new Set(encodings)).toEqual(new Set(['json/plain']));
}

async function saveHostileRule(extension: ExtensionDriver): Promise<void> {
  expect(await extension.saveRule({ namespace: HOSTILE_NAMESPACE, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
}

test('bombs, deep nesting and the largest answers: each answer in time, bad payloads fail alone, memory bounded', async ({ extension, webUi }) => {
  await saveHostileRule(extension);
  await extension.openWebUi(webUi.url + ORDER_42.path);

  await test.step('24 nested zlib bombs in one API answer, beside payloads that decode', async () => {
    const bombs = Array.from({ length: 24 }, (_, i) => zlibBomb(i));
    const good = [encryptedPayload({ good: 'sealed' }), jsonPayload({ good: 'compressed' }, true)];
    const answer = historyAnswer([good[0]!, ...bombs, good[1]!]);
    expect(JSON.stringify(answer).length).toBeLessThan(4 * MB);
    webUi.craftAnswer('GET', hostileHistoryPath('bombs'), answer);

    const seen = await withinMemoryBound(extension, `24 bombs in one answer (${Math.round(JSON.stringify(answer).length / 1000)} KB)`, () =>
      extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('bombs'))),
    );
    expect(seen.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(seen.payloads.map((p) => p.encoding)).toEqual(['json/plain', ...bombs.map(() => 'binary/zlib'), 'json/plain']);
    expect(JSON.parse(seen.payloads[0]!.start)).toEqual({ good: 'sealed' });
    expect(JSON.parse(seen.payloads.at(-1)!.start)).toEqual({ good: 'compressed' });
    // Each bomb reaches the page exactly as the server sent it.
    expect(seen.payloads.slice(1, -1).map((p) => p.data)).toEqual(bombs.map((b) => b.data));

    // The tally is written after the page has its answer.
    await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_SUMMARY)).toMatch(/, 24 failed/);
    // The chip hears of the tally before it is stored, where the popup reads it.
    await expect.poll(async () => (await extension.popup()).failures, { timeout: 30_000 }).toContain(TOO_LARGE);
    const { failures } = await extension.popup();
    for (const sentence of failures) expect([TOO_LARGE, ANSWER_TOO_LARGE]).toContain(sentence);
    expect(failures).toContain(TOO_LARGE);
  });

  await test.step('64 nested zlib bombs posted straight to the bridge', async () => {
    const bombs = Array.from({ length: 64 }, (_, i) => zlibBomb(1000 + i));
    const reply = await withinMemoryBound(extension, `64 bombs posted to the bridge (${Math.round(JSON.stringify(bombs).length / 1000)} KB)`, () =>
      extension.evaluateInWebUi<BridgeReply>(postToBridge(packedInPage(bombs), bombs.length)),
    );
    expect(reply.ms).toBeLessThan(ANSWER_WITHIN_MS);
    // Not one of them decoded: each is a failure (null), and the page keeps its original.
    expect(reply.results).toEqual(bombs.map(() => null));
  });

  await test.step('a payload with a field nested 3,000 levels deep, beside one that decodes', async () => {
    const deep = deeplyNestedPayload(3000);
    webUi.craftAnswer('GET', hostileHistoryPath('deep'), historyAnswer([deep, encryptedPayload({ good: 'beside the deep one' })]));
    const seen = await extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('deep')));
    expect(seen.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(JSON.parse(seen.payloads[1]!.start)).toEqual({ good: 'beside the deep one' });
    // Its payload is sound: what lies below the walk's depth is not looked at, the payload itself decodes.
    expect(JSON.parse(seen.payloads[0]!.start)).toEqual({ nested: 'outside' });
  });

  await test.step('the largest answer the caps let through: 8 payloads of 3.9 MiB each when decompressed', async () => {
    const large = Array.from({ length: 8 }, (_, i) => largeCompressedPayload(3.9, i));
    const answer = historyAnswer(large);
    webUi.craftAnswer('GET', hostileHistoryPath('large'), answer);
    const seen = await withinMemoryBound(extension, `8 × 3.9 MiB decompressed (${Math.round(JSON.stringify(answer).length / 1000)} KB answer)`, () =>
      extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('large'))),
    );
    expect(seen.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(seen.payloads.map((p) => p.encoding)).toEqual(large.map(() => 'json/plain'));
    expect(seen.payloads.map((p, i) => p.start.slice(0, `"row ${i}:`.length))).toEqual(large.map((_, i) => `"row ${i}:`));
  });

  await test.step('an answer of 4 MB of encrypted payloads', async () => {
    const filler = 'x'.repeat(100_000);
    const payloads = Array.from({ length: 30 }, (_, i) => encryptedPayload({ i, filler }));
    const answer = historyAnswer(payloads);
    expect(JSON.stringify(answer).length).toBeLessThan(4.2 * MB);
    webUi.craftAnswer('GET', hostileHistoryPath('four-mb'), answer);
    const seen = await withinMemoryBound(extension, `${(JSON.stringify(answer).length / MB).toFixed(1)} MB of encrypted payloads`, () =>
      extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('four-mb'))),
    );
    expect(seen.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(new Set(seen.payloads.map((p) => p.encoding))).toEqual(new Set(['json/plain']));
  });

  await test.step('the same 30 MiB batch handed to the bridge 20 times at once: one goes to the background', async () => {
    // Each copy would be carried to, and parsed by, the background every tab shares before its share refused it.
    const large = `JSON.stringify({ payloads: [{ metadata: { encoding: btoa('binary/encrypted') }, data: 'A'.repeat(30 * 1024 * 1024) }], where: ['posted'] })`;
    const failedBefore = failedOn(await extension.evaluateInWebUi<string>(CHIP_SUMMARY));
    const { ms, replies } = await withinMemoryBound(extension, '20 × 30 MiB handed to the bridge at once', () =>
      extension.evaluateInWebUi<{ ms: number; replies: Array<{ failed?: string; results: Array<string | null> }> }>(postManyToBridge(large, 1, 20)),
    );
    expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    const refused = replies.filter((reply) => reply.failed !== undefined);
    expect(refused).toHaveLength(19);
    for (const reply of refused) expect(reply.failed).toMatch(/^The extension already has as much decoding under way as it takes at once/);
    // The background never saw the 19 refused: the bridge reports them, and the tab's tally counts them beside the one
    // the background was given, which its key does not open. Too long to be read, the refused are not told apart from
    // it. The chip and the popup say the same.
    await expect.poll(async () => failedOn(await extension.evaluateInWebUi<string>(CHIP_SUMMARY))).toBe(failedBefore + 20);
    expect(await extension.evaluateInWebUi<string>(CHIP_TEXT)).toContain('The extension already has as much decoding under way as it takes at once');
    expect(Number(/, (\d+) failed\.$/.exec((await extension.popup()).summary)?.[1])).toBe(failedBefore + 20);
    // The one relayed is answered by the background: the key does not open it.
    expect(replies.filter((reply) => reply.failed === undefined)).toEqual([{ results: [null] }]);
  });

  await test.step('50 MiB of empty objects posted to the bridge as a batch: refused before the background parses it', async () => {
    // Parsed, it would be 17 million objects: well over a gigabyte. The bridge relays it unread; the background counts
    // its structure first (src/shared/messages/json-structure.ts). Last of the measured steps: Firefox gives back what
    // it leaves behind while the next step runs, which would lower that step's idle reading.
    const emptyObjects = `'{"payloads":[],"where":[],"junk":[' + '{},'.repeat(17_000_000) + '{}]}'`;
    const reply = await withinMemoryBound(extension, '50 MiB of empty objects posted to the bridge', () =>
      extension.evaluateInWebUi<BridgeReply>(postToBridge(emptyObjects, 0)),
    );
    expect(reply.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(reply.results).toEqual([]);
    expect(reply.failed).toBeTruthy();
  });

  await test.step('the extension keeps working for the next page', async () => {
    await expectOrder42Decoded(extension, webUi.url);
  });
});

test.describe('failures the tally counts, in one browser', () => {
  // The bombs' test measures the background from a fresh start: these two need only the rule, and a page each.
  shareBrowserFromNoRules('hostile-payloads: failures');
  test.beforeEach(({ extension }) => saveHostileRule(extension));

  test('failure sentences quoting huge key ids, again and again, leave storage.session small and the extension working', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);

    for (let round = 0; round < 5; round++) {
      const payloads = Array.from({ length: 40 }, (_, i) => hugeKeyIdPayload(50_000, round * 100 + i));
      webUi.craftAnswer('GET', hostileHistoryPath(`key-ids-${round}`), historyAnswer(payloads));
      const seen = await extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath(`key-ids-${round}`)));
      expect(seen.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(seen.payloads.map((p) => p.data)).toEqual(payloads.map((p) => p.data));
    }

    // Every failure counted (the tally is written after the page has its answer); what is kept of each is cut.
    await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_SUMMARY), { timeout: 30_000 }).toMatch(/, 200 failed/);
    // The chip hears of the tally before it is stored, where the popup reads it.
    await expect.poll(async () => (await extension.popup()).failures.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const { failures } = await extension.popup();
    for (const sentence of failures) {
      expect(sentence).toMatch(/^No local key has the id "\d+-k+/);
      expect(sentence.length).toBeLessThan(300);
    }
    const stored = await extension.evaluateInOptions<number>(SESSION_STORAGE_CHARS);
    test.info().annotations.push({ type: 'storage.session', description: `${extension.browserName}: ${stored} characters after 200 failures with 50,000-character key ids` });
    expect(stored).toBeLessThan(200_000);

    // A session-only secret can still be saved, and a Web UI page decodes with it.
    expect(await extension.saveRule({ namespace: 'payments', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 })).toContain('Saved');
    await extension.openWebUi(webUi.url + REFUND_3.path);
    const encodings = await extension.evaluateInWebUi<string[]>(`Array.from(document.querySelectorAll('pre.payload'), (el) => el.dataset.encoding)`);
    expect(new Set(encodings)).toEqual(new Set(['json/plain']));
    await expectOrder42Decoded(extension, webUi.url);
  });

  test('a payload with more metadata than any SDK writes fails alone, and counts once though two answers hold it', async ({ extension, webUi }) => {
    await extension.openWebUi(webUi.url + ORDER_42.path);
    const sealed = encryptedPayload({ crowded: true });
    const crowded = { ...sealed, metadata: { ...sealed.metadata, ...Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`m${i}`, ''])) } };
    // As history and history-reverse both hold a workflow's payloads, at different places of their answers.
    webUi.craftAnswer('GET', hostileHistoryPath('crowded-forward'), historyAnswer([crowded, encryptedPayload({ beside: 'it' })]));
    webUi.craftAnswer('GET', hostileHistoryPath('crowded-reverse'), historyAnswer([encryptedPayload({ other: 'place' }), crowded]));
    const forward = await extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('crowded-forward')));
    const reverse = await extension.evaluateInWebUi<PageFetch>(fetchInPage(hostileHistoryPath('crowded-reverse')));
    expect(forward.payloads.map((p) => p.encoding)).toEqual(['binary/encrypted', 'json/plain']);
    expect(reverse.payloads.map((p) => p.encoding)).toEqual(['json/plain', 'binary/encrypted']);
    expect(forward.payloads[0]!.data).toBe(crowded.data);
    await expect.poll(() => extension.evaluateInWebUi<string>(CHIP_SUMMARY), { timeout: 30_000 }).toMatch(/, 1 failed/);
  });
});
