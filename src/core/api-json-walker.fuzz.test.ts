import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64, encodeBase64Text } from './base64';
import { applyResults, findPayloads, formatPath, type PathSegment } from './api-json-walker';
import { MAX_WALK_DEPTH } from './limits';
import { STANDARD_ENCODINGS, isPayload, needsCodec, type Payload } from './payload';
import { FUZZ_RUNS, fuzzSettings } from './test-support/fuzz';

type Json = unknown;

const at = (root: Json, location: readonly PathSegment[]): Json =>
  location.reduce<Json>((node, key) => (node as Record<PathSegment, unknown>)[key], root);

/** Where the walker should find payloads, by a plain recursion over the same rules: the oracle the walker must match. */
function expectedLocations(value: Json, location: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  if (typeof value !== 'object' || value === null) return out;
  if (isPayload(value)) {
    if (needsCodec(value)) out.push(location);
    return out;
  }
  if (location.length === MAX_WALK_DEPTH) return out;
  const entries: Array<[PathSegment, Json]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    if (key !== 'searchAttributes' && key !== 'typedSearchAttributes') expectedLocations(child, [...location, key], out);
  }
  return out;
}

const payload = (encoding: string, text: string): Payload => ({ metadata: { encoding: encodeBase64Text(encoding) }, data: encodeBase64Text(text) });
const marker = (i: number) => payload('binary/plain', `marker ${i}`);

// Random API-like JSON: codec payloads, standard payloads, encoded failures and search attributes sprinkled in.
const base64 = fc.uint8Array({ maxLength: 24 }).map(encodeBase64);
const codecPayload = fc.record({ metadata: fc.record({ encoding: fc.constantFrom('binary/encrypted', 'binary/zlib', 'my/codec').map(encodeBase64Text) }), data: base64 });
const standardPayload = fc.record({ metadata: fc.record({ encoding: fc.constantFrom(...STANDARD_ENCODINGS).map(encodeBase64Text) }), data: base64 });
const searchAttributes = fc.record({ searchAttributes: fc.record({ indexedFields: fc.dictionary(fc.string(), fc.oneof(codecPayload, standardPayload)) }) });
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    codecPayload,
    standardPayload,
    searchAttributes,
    fc.record({ message: fc.constant('Encoded failure'), encodedAttributes: codecPayload, cause: tie('tree') }, { requiredKeys: ['message', 'encodedAttributes'] }),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('tree'), { maxKeys: 4 }),
  ),
}));

// Any JSON, with objects that look like payloads or nearly do (metadata that is not all strings, data that is not a
// string, an encoding that is not base64): the walker must take no wrong turn on them.
const encodingValue = fc.oneof(fc.constantFrom('binary/encrypted', 'json/plain', 'my/codec').map(encodeBase64Text), fc.string({ maxLength: 4 }), fc.integer());
const payloadLike = fc.record(
  { metadata: fc.oneof(fc.record({ encoding: encodingValue }), fc.dictionary(fc.string({ maxLength: 4 }), encodingValue, { maxKeys: 2 }), fc.jsonValue({ maxDepth: 1 })), data: fc.oneof(base64, fc.jsonValue({ maxDepth: 1 })) },
  { requiredKeys: ['metadata'] },
);
const { anyJson } = fc.letrec((tie) => ({
  anyJson: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    payloadLike,
    fc.array(tie('anyJson'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('anyJson'), { maxKeys: 4 }),
  ),
}));

// A generous bound per test, growing with the number of cases, so a loaded machine does not fail a run.
describe('walker properties', { timeout: FUZZ_RUNS * 60 }, () => {
  it('finds exactly the codec payloads outside search attributes, in document order, where it says they are', () => {
    fc.assert(
      fc.property(tree, (answer) => {
        const slots = findPayloads(answer);
        expect(slots.map((s) => s.location)).toEqual(expectedLocations(answer));
        for (const slot of slots) {
          expect(at(answer, slot.location)).toBe(slot.payload);
          expect(slot.path).toBe(formatPath(slot.location));
        }
      }),
      fuzzSettings(),
    );
  });

  it('replaces the payloads it found and nothing else, and restores the failure messages they carried', () => {
    fc.assert(
      fc.property(tree, (answer) => {
        const before = structuredClone(answer);
        const slots = findPayloads(answer);
        const decoded = slots.map((_, i) => payload('json/plain', JSON.stringify({ message: `m${i}`, stack_trace: `s${i}` })));
        // The expected answer, built without the walker: each place set by hand, and a failure's message beside it.
        const expected = structuredClone(answer);
        slots.forEach((slot, i) => {
          if (slot.location.length === 0) return;
          const parent = at(expected, slot.location.slice(0, -1)) as Record<PathSegment, unknown>;
          const key = slot.location.at(-1)!;
          parent[key] = decoded[i];
          if (key === 'encodedAttributes') Object.assign(parent, { message: `m${i}`, stackTrace: `s${i}` });
        });
        applyResults(answer, slots, decoded);
        expect(answer).toEqual(expected);
        // Payloads that are not failures' put back the other way round give the answer it started from.
        const again = structuredClone(before);
        const againSlots = findPayloads(again);
        applyResults(again, againSlots, againSlots.map((_, i) => marker(i)));
        applyResults(again, againSlots, againSlots.map((s) => s.payload));
        expect(again).toEqual(before);
      }),
      fuzzSettings(),
    );
  });

  it('on any JSON at all, finds what the oracle finds and changes only those places', () => {
    fc.assert(
      fc.property(anyJson, (answer) => {
        const before = structuredClone(answer);
        const slots = findPayloads(answer);
        const locations = expectedLocations(answer);
        expect(slots.map((s) => s.location)).toEqual(locations);
        applyResults(answer, slots, slots.map((_, i) => marker(i)));
        locations.forEach((location, i) => location.length > 0 && expect(at(answer, location)).toEqual(marker(i)));
        applyResults(answer, slots, slots.map((s) => s.payload));
        expect(answer).toEqual(before);
      }),
      fuzzSettings(),
    );
  });

  it('writes only where a payload still is, whatever stale or invented slots it is given', () => {
    const segment = fc.oneof(fc.constantFrom<PathSegment>('metadata', 'data', 'payloads', 'encodedAttributes', 'cause', 0, 1, 2), fc.string({ maxLength: 3 }));
    const slot = fc.array(segment, { maxLength: 5 }).map((location) => ({ path: formatPath(location), location, payload: {} as Payload }));
    fc.assert(
      fc.property(tree, fc.array(slot, { maxLength: 6 }), (answer, slots) => {
        const before = structuredClone(answer);
        const markers = slots.map((_, i) => marker(i));
        applyResults(answer, slots, markers);
        // Every difference is a marker standing where the answer held a payload.
        for (const location of differences(before, answer)) {
          expect(isPayload(at(before, location))).toBe(true);
          expect(markers).toContainEqual(at(answer, location));
        }
      }),
      fuzzSettings(),
    );
  });
});

/** The places where two JSON values first differ. */
function differences(a: Json, b: Json, location: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null || Array.isArray(a) !== Array.isArray(b)) {
    if (!Object.is(a, b)) out.push(location);
    return out;
  }
  if (isPayload(a) !== isPayload(b) || (isPayload(a) && JSON.stringify(a) !== JSON.stringify(b))) {
    out.push(location);
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const segment = Array.isArray(a) ? Number(key) : key;
    differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], [...location, segment], out);
  }
  return out;
}
