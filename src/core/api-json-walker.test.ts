import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeBase64, encodeBase64Text } from './base64';
import { STANDARD_ENCODINGS, needsCodec, type Payload } from './payload';
import { applyResults, findPayloads, formatPath, type PathSegment } from './api-json-walker';
import { MAX_WALK_DEPTH } from './limits';

const payload = (encoding: string, data = 'AAEC'): Payload => ({ metadata: { encoding: encodeBase64Text(encoding) }, data });
const jsonPlain = (value: unknown): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(JSON.stringify(value)) });

function at(root: unknown, location: readonly PathSegment[]): unknown {
  return location.reduce<unknown>((node, key) => (node as Record<PathSegment, unknown>)[key], root);
}

describe('findPayloads', () => {
  it('finds codec payloads in inputs, memos, marker details, Nexus and user metadata, with readable paths', () => {
    const enc = payload('binary/encrypted');
    const answer = {
      history: {
        events: [
          { workflowExecutionStartedEventAttributes: { input: { payloads: [enc, payload('json/plain')] }, memo: { fields: { 'a.b': enc } } } },
          { markerRecordedEventAttributes: { details: { data: { payloads: [enc] } } } },
          { nexusOperationScheduledEventAttributes: { input: enc }, userMetadata: { summary: enc } },
        ],
      },
    };
    expect(findPayloads(answer).map((s) => s.path)).toEqual([
      'history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0]',
      'history.events[0].workflowExecutionStartedEventAttributes.memo.fields["a.b"]',
      'history.events[1].markerRecordedEventAttributes.details.data.payloads[0]',
      'history.events[2].nexusOperationScheduledEventAttributes.input',
      'history.events[2].userMetadata.summary',
    ]);
  });

  it('leaves standard encodings and everything under searchAttributes alone', () => {
    const answer = {
      executions: [
        {
          memo: { fields: Object.fromEntries([...STANDARD_ENCODINGS].map((e) => [e, payload(e)])) },
          searchAttributes: { indexedFields: { Odd: payload('binary/encrypted') } },
        },
      ],
    };
    expect(findPayloads(answer)).toEqual([]);
  });

  it('does not mistake a memo entry named "metadata" for a payload', () => {
    const enc = payload('binary/encrypted');
    const answer = { memo: { fields: { metadata: enc, data: enc } } };
    expect(findPayloads(answer).map((s) => s.path)).toEqual(['memo.fields.metadata', 'memo.fields.data']);
  });

  it(`finds payloads down to ${MAX_WALK_DEPTH} levels and leaves deeper ones alone, in an answer nested 3,000 levels`, () => {
    // Each level holds a payload beside the next level: { p: payload, next: { p: payload, next: … } }.
    let deep: Record<string, unknown> = { p: payload('binary/encrypted', encodeBase64Text('level 3000')) };
    for (let level = 2999; level >= 0; level--) deep = { p: payload('binary/encrypted', encodeBase64Text(`level ${level}`)), next: deep };
    const slots = findPayloads(deep);
    // The payload of level n sits n + 1 keys down (n times "next", then "p").
    expect(slots).toHaveLength(MAX_WALK_DEPTH);
    expect(slots.map((s) => s.location.length)).toEqual(Array.from({ length: MAX_WALK_DEPTH }, (_, n) => n + 1));
    applyResults(deep, slots, slots.map(() => jsonPlain('decoded')));
    let node = deep;
    for (let level = 0; level <= 3000; level++, node = node['next'] as Record<string, unknown>) {
      expect(node['p']).toEqual(level < MAX_WALK_DEPTH ? jsonPlain('decoded') : payload('binary/encrypted', encodeBase64Text(`level ${level}`)));
    }
  });

  it('stops at the cap in arrays nested 50,000 levels, without overflowing the call stack', () => {
    let deep: unknown = payload('binary/encrypted');
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findPayloads([payload('binary/encrypted'), deep])).toHaveLength(1);
  });
});

describe('applyResults', () => {
  it('puts decoded payloads back and leaves failed ones (null) as they were', () => {
    const a = payload('binary/encrypted', 'AAAA');
    const b = payload('binary/encrypted', 'BBBB');
    const answer = { result: { payloads: [a, b] } };
    const slots = findPayloads(answer);
    applyResults(answer, slots, [jsonPlain(1), null]);
    expect(answer.result.payloads).toEqual([jsonPlain(1), b]);
  });

  it('restores message and stack trace of an encoded failure and of its cause', () => {
    const failure = {
      message: 'Encoded failure',
      stackTrace: '',
      encodedAttributes: payload('binary/encrypted', 'AAAA'),
      cause: { message: 'Encoded failure', encodedAttributes: payload('binary/encrypted', 'BBBB'), applicationFailureInfo: { type: 'E' } },
    };
    const answer = { activityTaskFailedEventAttributes: { failure } };
    const slots = findPayloads(answer);
    applyResults(answer, slots, [
      jsonPlain({ message: 'Card declined', stack_trace: 'at charge()' }),
      jsonPlain({ message: 'Gateway said no', stack_trace: 'at gateway()' }),
    ]);
    expect(failure.message).toBe('Card declined');
    expect(failure.stackTrace).toBe('at charge()');
    expect(failure.cause).toMatchObject({ message: 'Gateway said no', stackTrace: 'at gateway()', applicationFailureInfo: { type: 'E' } });
  });

  it('keeps "Encoded failure" when the attributes could not be decoded or are not {message, stack_trace}', () => {
    const answer = { failure: { message: 'Encoded failure', encodedAttributes: payload('binary/encrypted') }, other: { message: 'x', encodedAttributes: payload('binary/encrypted') } };
    applyResults(answer, findPayloads(answer), [null, jsonPlain(['not', 'an', 'object'])]);
    expect(answer.failure.message).toBe('Encoded failure');
    expect(answer.other.message).toBe('x');
  });
});

// Random API-like JSON with codec payloads, standard payloads and search attributes sprinkled in.
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
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('tree'), { maxKeys: 4 }),
  ),
}));

describe('walker properties', () => {
  it('changes nothing but the payloads it found, and finds every codec payload outside search attributes', () => {
    fc.assert(
      fc.property(tree, (answer) => {
        const before = structuredClone(answer);
        const slots = findPayloads(answer);
        for (const slot of slots) {
          expect(needsCodec(slot.payload)).toBe(true);
          expect(at(answer, slot.location)).toBe(slot.payload);
          expect(slot.location).not.toContain('searchAttributes');
          expect(slot.path).toBe(formatPath(slot.location));
        }
        const markers = slots.map((_, i) => payload('binary/plain', encodeBase64Text(`marker ${i}`)));
        applyResults(answer, slots, markers);
        slots.forEach((slot, i) => slot.location.length > 0 && expect(at(answer, slot.location)).toBe(markers[i]));
        // Every codec payload was found: none is left after replacing the found ones.
        expect(findPayloads(answer).filter((s) => s.location.length > 0)).toEqual([]);
        // Nothing else moved: putting the originals back gives the answer we started from.
        applyResults(answer, slots, slots.map((s) => s.payload));
        expect(answer).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves random JSON without codec payloads exactly as it was', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (answer) => {
        const before = JSON.stringify(answer);
        const slots = findPayloads(answer);
        applyResults(answer, slots, slots.map(() => jsonPlain({ message: 'm', stack_trace: 's' })));
        if (slots.length === 0) expect(JSON.stringify(answer)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});
