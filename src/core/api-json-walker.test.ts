import { describe, expect, it } from 'vitest';
import { encodeBase64Text } from './base64';
import { STANDARD_ENCODINGS, type Payload } from './payload';
import { applyResults, findPayloads } from './api-json-walker';
import { MAX_WALK_DEPTH } from './limits';

const payload = (encoding: string, data = 'AAEC'): Payload => ({ metadata: { encoding: encodeBase64Text(encoding) }, data });
const jsonPlain = (value: unknown): Payload => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(JSON.stringify(value)) });

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

  it('finds memo and header entries named as search attributes are: those names are the user’s there', () => {
    const enc = payload('binary/encrypted');
    const answer = {
      memo: { fields: { searchAttributes: enc } },
      header: { fields: { typedSearchAttributes: enc } },
      searchAttributes: { indexedFields: { searchAttributes: enc } },
    };
    expect(findPayloads(answer).map((s) => s.path)).toEqual(['memo.fields.searchAttributes', 'header.fields.typedSearchAttributes']);
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

  it('writes a failure’s text only into a failure an SDK encoded, not into a memo with an entry named encodedAttributes', () => {
    const memo = { fields: { encodedAttributes: payload('binary/encrypted', 'AAAA'), message: payload('binary/encrypted', 'BBBB') } };
    const answer = { workflowExecutionInfo: { memo } };
    const slots = findPayloads(answer);
    const decoded = [jsonPlain({ message: 'injected', stack_trace: 'x' }), jsonPlain('the user’s own message')];
    applyResults(answer, slots, decoded);
    expect(memo.fields).toEqual({ encodedAttributes: decoded[0], message: decoded[1] });
  });

  it('keeps "Encoded failure" when the attributes could not be decoded or are not {message, stack_trace}', () => {
    const answer = { failure: { message: 'Encoded failure', encodedAttributes: payload('binary/encrypted') }, other: { message: 'x', encodedAttributes: payload('binary/encrypted') } };
    applyResults(answer, findPayloads(answer), [null, jsonPlain(['not', 'an', 'object'])]);
    expect(answer.failure.message).toBe('Encoded failure');
    expect(answer.other.message).toBe('x');
  });
});
