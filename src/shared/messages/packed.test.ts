import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { fuzzSettings } from '../../core/test-support/fuzz';
import { outcomePieces, packBatch, packOutcomes, unpackOutcomes, type BatchContents, type PayloadOutcome } from './packed';
import { standInFor } from './over-limits';
import { PackedBatchSchema } from './payloads';

// Base64 letters mostly, with what JSON must escape, and non-ASCII text.
const text = fc.string({ unit: fc.constantFrom(...'Aa0+/=_-', '"', '\\', '\n', '\u2028', 'é', '😀'), maxLength: 30 });
const payload = fc.record(
  {
    metadata: fc.dictionary(text, text, { maxKeys: 4 }),
    data: text,
    externalPayloads: fc.array(fc.record({ sizeBytes: fc.oneof(fc.nat(), fc.string()) }, { requiredKeys: [] }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe('a packed batch', () => {
  it('is the JSON of the batch, whatever text its payloads hold', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(payload, fc.constant(standInFor({ data: 'c3RhbmRz"\\' }))), { maxLength: 5 }), fc.boolean(), (payloads, withAbout) => {
        const batch: BatchContents = { payloads, where: payloads.map((_, i) => `history.events[${i}]"\\`), ...(withAbout ? { about: payloads.map(() => ({ workflowId: 'w"1' })) } : {}) };
        expect(packBatch(batch)).toBe(JSON.stringify(batch));
      }),
      fuzzSettings(),
    );
  });

  it('keeps what the page put where text belongs as it is, for the background to refuse', () => {
    const odd = { metadata: { encoding: 5, list: ['a'] }, data: 'ZGF0YQ==' } as unknown as BatchContents['payloads'][number];
    const packed = packBatch({ payloads: [odd, { metadata: ['x'] } as never], where: ['a', 'b'] });
    expect(JSON.parse(packed)).toEqual({ payloads: [odd, { metadata: ['x'] }], where: ['a', 'b'] });
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: packed }).success).toBe(false);
  });

  it('opens in the background as the batch it was', () => {
    const batch = { payloads: [{ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VjcmV0' }], where: ['history.events[0]'] };
    expect(v.parse(PackedBatchSchema, { namespace: 'default', batch: packBatch(batch) })).toEqual({ namespace: 'default', ...batch });
  });

  it('keeps every metadata entry, whatever its name, for the page and for Temporal', () => {
    const metadata = JSON.parse('{"__proto__":"YQ==","constructor":"Yg==","prototype":"Yw==","encoding":"YmluYXJ5L2VuY3J5cHRlZA=="}') as Record<string, string>;
    const opened = v.parse(PackedBatchSchema, { namespace: 'default', batch: packBatch({ payloads: [{ metadata, data: 'c2VjcmV0' }], where: ['history.events[0]'] }) });
    const kept = opened.payloads[0]!.metadata!;
    expect(Object.entries(kept)).toEqual(Object.entries(metadata));
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
  });
});

describe('packed outcomes', () => {
  const outcome = fc.oneof(
    payload.map((p): PayloadOutcome => ({ ok: true, payload: p })),
    fc.record({ ok: fc.constant(false as const), kind: text, sentence: text }),
  );

  it('are the JSON of the outcomes, and read back as they were', () => {
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 5 }), (outcomes) => {
        const packed = packOutcomes(outcomes);
        expect(packed).toBe(JSON.stringify(outcomes));
        expect(unpackOutcomes(packed, outcomes.length)).toEqual(outcomes);
      }),
      fuzzSettings(),
    );
  });

  it('are built from pieces that carry base64 data as it is, not pasted into longer text', () => {
    const data = 'eyJyb3ciOjB9'.repeat(1000);
    const outcomes: PayloadOutcome[] = [
      { ok: true, payload: { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data } },
      { ok: false, kind: 'unknown-key-id', sentence: 'No key "k1".' },
      { ok: true, payload: { data: 'not "base64"' } },
    ];
    const pieces = outcomePieces(outcomes);
    expect(pieces).toContain(data);
    expect(pieces.join('')).toBe(JSON.stringify(outcomes));
  });

  it('are refused, so the page keeps its original, when they are not one per payload asked about', () => {
    const decoded: PayloadOutcome = { ok: true, payload: { data: 'eyJhIjoxfQ==' } };
    expect(unpackOutcomes(packOutcomes([decoded]), 2)).toBeNull();
    expect(unpackOutcomes(packOutcomes([]), 1)).toBeNull();
    expect(unpackOutcomes('[{"ok":true}]', 1)).toBeNull();
    expect(unpackOutcomes('[{"ok":false}]', 1)).toBeNull();
    expect(unpackOutcomes('not json', 1)).toBeNull();
  });
});
