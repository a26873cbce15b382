import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { fuzzSettings } from '../../core/test-support/fuzz';
import { PACKED_TEXT_CHARS } from './limits';
import { arrayTexts, outcomePieces, packBatch, packOutcomes, textRanges, unpackOutcomes, type BatchContents, type PayloadOutcome } from './packed';
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
        expect(packBatch(batch)).toEqual([JSON.stringify(batch)]);
      }),
      fuzzSettings(),
    );
  });

  it('goes as texts of payloads no longer than PACKED_TEXT_CHARS together, but for one longer alone, that are the batch in order', () => {
    const sizes = [10, 30_000, 70_000, 40_000, 200_000, 5, 90_000, 90_000];
    const payloads = sizes.map((size, i) => ({ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: String.fromCharCode(65 + i).repeat(size) }));
    const batch: BatchContents = { payloads, where: payloads.map((_, i) => `history.events[${i}]`), about: payloads.map((_, i) => ({ eventId: String(i) })) };
    const texts = packBatch(batch);
    const parsed = texts.map((text) => JSON.parse(text) as BatchContents);
    expect(parsed.map((some) => some.payloads.length)).toEqual([2, 1, 1, 1, 2, 1]);
    texts.forEach((text, i) => {
      expect(text).toBe(JSON.stringify(parsed[i]));
      // The brackets, names and commas around the items come on top.
      if (parsed[i]!.payloads.length > 1) expect(text.length).toBeLessThanOrEqual(PACKED_TEXT_CHARS + 64);
    });
    expect({ payloads: parsed.flatMap((some) => some.payloads), where: parsed.flatMap((some) => some.where), about: parsed.flatMap((some) => some.about) }).toEqual(batch);
    expect(v.parse(PackedBatchSchema, { namespace: 'default', batch: texts })).toEqual({ namespace: 'default', ...batch });
  });

  it('stays near its bound however small its payloads, the commas between them counted', () => {
    const payloads = Array.from({ length: 30_000 }, () => ({}));
    for (const about of [payloads.map(() => ({})), undefined]) {
      const texts = packBatch({ payloads, where: payloads.map(() => ''), ...(about ? { about } : {}) });
      expect(texts.length).toBeGreaterThan(1);
      for (const text of texts) expect(text.length).toBeLessThanOrEqual(PACKED_TEXT_CHARS + 64);
      // Two texts in a row hold more than the bound together: what PACKED_TEXTS_MAX rests on.
      for (let k = 1; k < texts.length; k++) expect(texts[k - 1]!.length + texts[k]!.length).toBeGreaterThan(PACKED_TEXT_CHARS);
    }
  });

  it('puts places beyond its payloads in its last text, for the background to refuse as one text’s', () => {
    const payloads = Array.from({ length: 3 }, (_, i) => ({ data: String.fromCharCode(65 + i).repeat(60_000) }));
    const texts = packBatch({ payloads, where: ['a', 'b', 'c', 'extra'] });
    expect(texts.map((text) => (JSON.parse(text) as BatchContents).where)).toEqual([['a'], ['b'], ['c', 'extra']]);
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: texts }).issues?.[0].message).toBe('One place per payload.');
  });

  it('keeps what the page put where text belongs as it is, for the background to refuse', () => {
    const odd = { metadata: { encoding: 5, list: ['a'] }, data: 'ZGF0YQ==' } as unknown as BatchContents['payloads'][number];
    const packed = packBatch({ payloads: [odd, { metadata: ['x'] } as never], where: ['a', 'b'] });
    expect(packed).toHaveLength(1);
    expect(JSON.parse(packed[0]!)).toEqual({ payloads: [odd, { metadata: ['x'] }], where: ['a', 'b'] });
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
        expect(packed).toEqual([JSON.stringify(outcomes)]);
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
    expect(pieces[0]).toContain(data);
    expect(pieces.map((some) => some.join(''))).toEqual(outcomes.map((outcome) => JSON.stringify(outcome)));
  });

  it('are refused, so the page keeps its original, when they are not one per payload asked about', () => {
    const decoded: PayloadOutcome = { ok: true, payload: { data: 'eyJhIjoxfQ==' } };
    expect(unpackOutcomes(packOutcomes([decoded]), 2)).toBeNull();
    expect(unpackOutcomes(packOutcomes([]), 1)).toBeNull();
    expect(unpackOutcomes([...packOutcomes([decoded]), ...packOutcomes([decoded])], 1)).toBeNull();
    expect(unpackOutcomes(['[{"ok":true}]'], 1)).toBeNull();
    expect(unpackOutcomes(['[{"ok":false}]'], 1)).toBeNull();
    expect(unpackOutcomes(['not json'], 1)).toBeNull();
    expect(unpackOutcomes([JSON.stringify(decoded)], 1)).toBeNull();
    expect(unpackOutcomes([], 0)).toEqual([]);
  });

  it('go as texts near their bound however small the outcomes, the commas between them counted', () => {
    const texts = arrayTexts(Array.from({ length: 80_000 }, () => ['1']));
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(PACKED_TEXT_CHARS + 2);
  });

  it('go as texts of as many outcomes in a row as fit, and read back as one list', () => {
    const outcomes: PayloadOutcome[] = [60_000, 60_000, 150_000, 10, 10].map((size, i) => ({ ok: true, payload: { data: String.fromCharCode(65 + i).repeat(size) } }));
    const texts = packOutcomes(outcomes);
    expect(texts.map((text) => (JSON.parse(text) as unknown[]).length)).toEqual([1, 1, 1, 2]);
    expect(unpackOutcomes(texts, outcomes.length)).toEqual(outcomes);
    expect(unpackOutcomes(texts.slice(1), outcomes.length)).toBeNull();
  });
});

describe('the texts packing makes', () => {
  it('hold as many items in a row as stay within the bound together, or one alone that is longer, and never none', () => {
    expect(textRanges([], 10)).toEqual([[0, 0]]);
    expect(textRanges([4, 6, 1], 10)).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(textRanges([11, 1, 12, 3], 10)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    fc.assert(
      fc.property(fc.array(fc.nat(30), { maxLength: 20 }), fc.integer({ min: 1, max: 25 }), (sizes, bound) => {
        const ranges = textRanges(sizes, bound);
        expect(ranges.flatMap(([start, end]) => sizes.slice(start, end).map((_, i) => start + i))).toEqual(sizes.map((_, i) => i));
        const chars = ranges.map(([start, end]) => sizes.slice(start, end).reduce((a, b) => a + b, 0));
        ranges.forEach(([start, end], k) => {
          if (end - start > 1) expect(chars[k]).toBeLessThanOrEqual(bound);
          // Two in a row never fit in one: the bound on the number of texts (PACKED_TEXTS_MAX) rests on it.
          if (k > 0) expect(chars[k - 1]! + chars[k]!).toBeGreaterThan(bound);
        });
      }),
      fuzzSettings(),
    );
  });

  it('are JSON arrays of the items, joined from their pieces', () => {
    expect(arrayTexts([['{"a":', '1}'], ['2'], ['"x"']], 6)).toEqual(['[{"a":1}]', '[2,"x"]']);
    expect(arrayTexts([])).toEqual(['[]']);
  });
});
