/**
 * A long history, in Chromium and Firefox: every event of big-history-2000 reaches the fixture Web UI decoded, by
 * whichever of the two directions it loads until they meet brought it, with a local key and through the codec
 * server, and the status chip counts each payload once.
 */
import { E2E_HISTORY_EVENTS, bigHistoryPlaintext, bigHistoryWorkflowId } from './fixtures/big-history';
import type { ExtensionDriver } from './support/driver';
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { CODEC_ENDPOINT, expect, shareBrowserFromNoRules, test } from './support/test';

const HISTORY = `/namespaces/default/workflows/${bigHistoryWorkflowId(E2E_HISTORY_EVENTS)}`;

interface Loaded {
  state: string;
  directions: string;
  eventsForward: number;
  eventsReverse: number;
  payloadsDecoded: number;
  payloadsEncoded: number;
  /** The rows in view: event id, the encoding its payload arrived in, the start of the payload it shows. */
  rows: Array<[number, string, string]>;
}

const READ_VIEW = `(() => {
  const data = document.getElementById('big-history').dataset;
  return {
    state: document.body.dataset.state,
    directions: document.body.dataset.historyDirections ?? '',
    eventsForward: Number(data.eventsForward),
    eventsReverse: Number(data.eventsReverse),
    payloadsDecoded: Number(data.payloadsDecoded),
    payloadsEncoded: Number(data.payloadsEncoded),
    rows: Array.from(document.querySelectorAll('.big-row'), (row) => {
      const pre = row.querySelector('.payload');
      return [Number(row.dataset.eventId), pre?.dataset.encoding ?? '', pre?.textContent ?? ''];
    }),
  };
})()`;

const CHIP = `document.querySelector('payload-lens-status')?.shadowRoot?.querySelector('button')?.textContent ?? ''`;

async function expectWholeHistoryDecoded(extension: ExtensionDriver, ui: string): Promise<void> {
  await extension.openWebUi(ui + HISTORY);
  const view = await extension.evaluateInWebUi<Loaded>(READ_VIEW);
  expect(view.state).toBe('loaded');
  expect(view.directions).toBe('agree');
  // The two directions meet: between them every event, each once.
  expect(view.eventsForward + view.eventsReverse).toBe(E2E_HISTORY_EVENTS);
  expect(Math.min(view.eventsForward, view.eventsReverse)).toBeGreaterThan(0);
  // One payload per event: every one arrived as json/plain.
  expect(view.payloadsEncoded).toBe(0);
  expect(view.payloadsDecoded).toBe(E2E_HISTORY_EVENTS);
  // The rows in view show the plaintext each event was encrypted from (the row shows its start).
  expect(view.rows.length).toBeGreaterThan(0);
  for (const [eventId, encoding, text] of view.rows) {
    expect(encoding).toBe('json/plain');
    const plaintext = JSON.stringify(JSON.parse(bigHistoryPlaintext(eventId - 1)), null, 2).replace(/\s+/g, ' ');
    expect(text).toContain(`"seq": ${eventId},`);
    expect(plaintext.startsWith(text.replace(/…$/, ''))).toBe(true);
  }
  // The chip counts each payload once, though a page one direction gave up on may have asked for some of them too.
  await expect.poll(() => extension.evaluateInWebUi<string>(CHIP), { timeout: 20_000 }).toBe(`Payload Lens: ${E2E_HISTORY_EVENTS} decoded, 0 failed`);
}

test.describe('a 2,000-event history', () => {
  // Building, serving and decoding 2 × 2,000 payloads takes a while on a busy machine, more so in Firefox.
  test.setTimeout(180_000);
  shareBrowserFromNoRules('big-history');

  test('decodes completely with a local key', async ({ extension, webUi, codec }) => {
    await extension.saveRule({ namespace: 'default', mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 });
    await expectWholeHistoryDecoded(extension, webUi.url);
    expect(webUi.requests.filter((r) => r.path.includes('/history')).length).toBeGreaterThan(2);
    expect(codec.requests).toHaveLength(0);
  });

  test('decodes completely through the codec server, in batches', async ({ extension, webUi, codec }) => {
    const token = await codec.mintToken({ permissions: ['default:read'] });
    await extension.saveRule({ namespace: 'default', mode: 'remote', endpoint: CODEC_ENDPOINT, accessToken: token });
    await expectWholeHistoryDecoded(extension, webUi.url);
    const decodes = codec.requests.filter((r) => r.path.endsWith('/decode'));
    expect(decodes.every((r) => r.status === 200)).toBe(true);
    // Batched: far fewer requests than payloads (the Web UI's own way sends one per payload).
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.length).toBeLessThan(E2E_HISTORY_EVENTS / 10);
    expect(webUi.requests.filter((r) => r.path.includes('/history')).length).toBeGreaterThan(2);
  });
});
