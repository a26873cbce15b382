import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { claimedList } from '../../core/test-support/claimed-list';
import { fuzzSettings } from '../../core/test-support/fuzz';
import { jsonStructure } from '../../core/json-structure';
import { MESSAGE_LIMITS, PACKED_DEPTH_MAX, PACKED_STRUCTURE_MAX, PACKED_TEXTS_MAX } from './limits';
import { charsOf, packBatch } from './packed';
import { PackedBatchSchema } from './payloads';

/** The values JSON.parse builds beyond the first, counted from the value: a comma before each, a colon per member. */
function structureOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, value.length - 1) + value.reduce((sum: number, item) => sum + structureOf(item), 0);
  if (typeof value === 'object' && value !== null) {
    const members = Object.values(value);
    return 1 + members.length + Math.max(0, members.length - 1) + members.reduce((sum: number, item) => sum + structureOf(item), 0);
  }
  return 0;
}

// Strings full of what the count must not take for structure: quotes and backslashes escaped in every way.
const text = fc.string({ unit: fc.constantFrom('a', '{', '[', ',', ':', '"', '\\', '\\"', '\n', 'é'), maxLength: 12 });

describe('the structure of a JSON text', () => {
  it('counts each { [ , and : outside strings, whatever the strings hold', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(text, text, { maxKeys: 4 }), (value, strings) => {
        const document = [value, strings];
        expect(jsonStructure(JSON.stringify(document), Infinity)).toBe(structureOf(document));
        expect(jsonStructure(JSON.stringify(document, null, 2), Infinity)).toBe(structureOf(document));
      }),
      fuzzSettings(),
    );
  });

  it('stops one past the most it was asked to count', () => {
    expect(jsonStructure(`[${'{},'.repeat(1000)}{}]`, 10)).toBe(11);
    expect(jsonStructure('[1,2,3]', 3)).toBe(3);
  });

  it('refuses objects and arrays nested deeper than asked, however little they hold, and not brackets in strings', () => {
    expect(jsonStructure('[[{"a":[1]}]]', 100, 4)).toBe(5);
    expect(jsonStructure('[[{"a":[1]}]]', 100, 3)).toBe(101);
    // Depth is how deep they lie, not how many there are.
    expect(jsonStructure(`[${'[],'.repeat(50)}[]]`, 1000, 2)).toBe(102);
    expect(jsonStructure('["[[[[", {"]]]]": ["{{{{"]}]', 100, 3)).toBe(5);
  });

  it('ends a string that never closes at the end of the text', () => {
    expect(jsonStructure('[1,"a,b\\",c', Infinity)).toBe(2);
  });
});

describe('a packed batch in the background', () => {
  it('may hold as much structure as a batch within the limits can', () => {
    // Every payload with all the metadata entries and external references it may have, and what it is about.
    const metadata = Object.fromEntries(Array.from({ length: MESSAGE_LIMITS.metadataEntries }, (_, i) => [`m${i}`, '']));
    const externalPayloads = Array.from({ length: MESSAGE_LIMITS.externalPayloads }, () => ({ sizeBytes: 1 }));
    const payloads = Array.from({ length: MESSAGE_LIMITS.payloads }, () => ({ metadata, data: '', externalPayloads }));
    const batch = packBatch({ payloads, where: payloads.map(() => ''), about: payloads.map(() => ({ workflowId: '', runId: '', eventId: '' })) });
    expect(charsOf(batch)).toBeLessThanOrEqual(MESSAGE_LIMITS.packedChars);
    expect(batch.length).toBeGreaterThan(1);
    expect(batch.length).toBeLessThanOrEqual(PACKED_TEXTS_MAX);
    const structure = batch.reduce((sum, text) => sum + jsonStructure(text, PACKED_STRUCTURE_MAX, PACKED_DEPTH_MAX), 0);
    expect(structure).toBeLessThanOrEqual(PACKED_STRUCTURE_MAX);
  });

  it('is refused before it is parsed when its brackets nest deeper than a batch’s, within the count', () => {
    const nested = (depth: number) => `{"payloads":${'['.repeat(depth)}${']'.repeat(depth)},"where":[]}`;
    expect(jsonStructure(nested(3_000_000), PACKED_STRUCTURE_MAX)).toBeLessThanOrEqual(PACKED_STRUCTURE_MAX);
    const result = v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [nested(3_000_000)] });
    expect(result.issues?.[0].message).toBe('The batch holds more structure than any batch of payloads.');
    // A batch whose lists nest one level too deep for payloads is refused the same way; one that does not, parsed.
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [nested(PACKED_DEPTH_MAX)] }).issues?.[0].message).toBe(
      'The batch holds more structure than any batch of payloads.',
    );
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [nested(PACKED_DEPTH_MAX - 1)] }).issues?.[0].message).not.toBe(
      'The batch holds more structure than any batch of payloads.',
    );
  });

  it('is refused, before its lists are copied or checked, when it holds anything beside them', () => {
    const batch = `{"payloads":[],"where":[],${Array.from({ length: 1000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const result = v.safeParse(PackedBatchSchema, { namespace: 'default', batch: ['{"payloads":[],"where":[]}', batch] });
    expect(result.issues?.[0].message).toBe('The batch holds more than payloads, their places and what they are about.');
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: ['{"payloads":[],"where":[],"about":[]}'] }).success).toBe(true);
  });

  it('is refused before it is parsed when it holds more, however short', () => {
    const emptyObjects = `{"payloads":[],"where":[],"junk":[${'{},'.repeat(PACKED_STRUCTURE_MAX / 2)}{}]}`;
    const result = v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [emptyObjects] });
    expect(result.success).toBe(false);
    expect(result.issues?.[0].message).toBe('The batch holds more structure than any batch of payloads.');
  });

  it('is refused by its number of texts before any is looked at: a cloned list can claim billions in a few bytes', () => {
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: claimedList('a text') }).issues?.[0].message).toBe('The batch is in more texts than any batch is packed into.');
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [] }).success).toBe(false);
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: '{"payloads":[],"where":[]}' }).success).toBe(false);
  });

  it('is refused before any of its texts is parsed when they hold more together, each within the bound', () => {
    const halfObjects = `{"payloads":[],"where":[],"junk":[${'{},'.repeat(PACKED_STRUCTURE_MAX / 4)}{}]}`;
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [halfObjects] }).issues?.[0].message).toBe(
      'The batch holds more than payloads, their places and what they are about.',
    );
    expect(v.safeParse(PackedBatchSchema, { namespace: 'default', batch: [halfObjects, halfObjects] }).issues?.[0].message).toBe(
      'The batch holds more structure than any batch of payloads.',
    );
  });
});
