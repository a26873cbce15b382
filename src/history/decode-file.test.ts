import { beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64Text } from '../core/base64';
import { readHistoryFile } from '../core/history-file';
import type { Payload } from '../core/payload';

const request = vi.hoisted(() => vi.fn());
vi.mock('../shared/extension-page-client', () => ({
  request,
  errorText: (error: unknown) => (error instanceof Error ? error.message : String(error)),
}));
const { decodeFile } = await import('./decode-file');

const encrypted = (data: string, extra: Record<string, string> = {}): Payload => ({ metadata: { encoding: encodeBase64Text('binary/encrypted'), ...extra }, data });
const plain: Payload = { metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text('"decoded"') };

/** A raw history.json whose events each carry the given payloads as their input. */
function historyOf(...events: Payload[][]) {
  const text = JSON.stringify({
    events: events.map((payloads, i) => ({
      eventId: String(i + 1),
      eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      workflowExecutionStartedEventAttributes: { input: { payloads } },
    })),
  });
  return readHistoryFile(text);
}

const sentenceOf = (decoding: Awaited<ReturnType<typeof decodeFile>>) => [...decoding.problems.values()];

describe('decoding a history file', () => {
  beforeEach(() => {
    request.mockReset();
    request.mockImplementation(async (_type: string, body: { payloads: object[] }) => ({
      results: body.payloads.map((payload) => ('overLimits' in payload ? { ok: false, kind: 'payload-over-limits', sentence: 'Too much metadata.' } : { ok: true, payload: plain })),
    }));
  });

  it('sends a payload with more metadata than a message carries as a stand-in, which fails alone', async () => {
    const crowded = encrypted('Yg==', Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`entry-${i}`, 'eA=='])));
    const decoding = await decodeFile(historyOf([encrypted('YQ=='), crowded, encrypted('Yw==')]), 'r1', 'payments', () => undefined);
    const sent = (request.mock.calls[0]![1] as { payloads: object[] }).payloads;
    expect(sent[1]).toEqual({ overLimits: true, fingerprint: expect.any(String) });
    expect(decoding.decoded.size).toBe(2);
    expect(sentenceOf(decoding)).toEqual(['Too much metadata.']);
  });

  it('leaves a payload beyond what a message carries as it is, saying why, without sending it', async () => {
    const huge = encrypted('A'.repeat(48 * 1024 * 1024 + 4));
    const decoding = await decodeFile(historyOf([encrypted('YQ=='), huge]), 'r1', 'payments', () => undefined);
    expect(request.mock.calls.flatMap(([, body]) => (body as { payloads: object[] }).payloads)).toHaveLength(1);
    expect(decoding.decoded.size).toBe(1);
    expect(sentenceOf(decoding)).toEqual([expect.stringMatching(/^This payload is larger than 48 MiB of text, more than the extension decodes at once/)]);
  });

  it('keeps what was decoded when a later batch is refused, and says why for that batch’s payloads', async () => {
    // Two batches: each payload is over half of what one batch holds.
    const big = () => encrypted('A'.repeat(3 * 1024 * 1024));
    request.mockImplementationOnce(async () => ({ results: [{ ok: true, payload: plain }] }));
    request.mockImplementationOnce(async () => {
      throw new Error('That rule no longer exists; pick another.');
    });
    const decoding = await decodeFile(historyOf([big()], [big()]), 'r1', 'payments', () => undefined);
    expect(request).toHaveBeenCalledTimes(2);
    expect(decoding.decoded.size).toBe(1);
    expect(sentenceOf(decoding)).toEqual(['That rule no longer exists; pick another.']);
  });

  it('sends no more batches once nobody waits for them', async () => {
    const big = () => encrypted('A'.repeat(3 * 1024 * 1024));
    let opened = true;
    request.mockImplementation(async (_type: string, body: { payloads: object[] }) => {
      opened = false;
      return { results: body.payloads.map(() => ({ ok: true, payload: plain })) };
    });
    const decoding = await decodeFile(historyOf([big()], [big()], [big()]), 'r1', 'payments', () => undefined, () => !opened);
    expect(request).toHaveBeenCalledTimes(1);
    expect(decoding.decoded.size).toBe(1);
  });
});
