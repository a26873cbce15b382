import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPayload, type Payload } from '../payload';
import { fuzzSettings } from '../test-support/fuzz';
import { parseCodecAnswer } from './codec-answer';

const base64ish = fc.base64String({ maxLength: 40 });
const payload: fc.Arbitrary<Payload> = fc.record(
  { metadata: fc.dictionary(fc.string({ maxLength: 12 }), base64ish, { maxKeys: 3 }), data: base64ish },
  { requiredKeys: ['metadata'] },
);
const payloadList = fc.array(payload, { maxLength: 8 });

/** The answer must hold exactly the expected count, and only payloads. */
function acceptsOnlyWhatItShould(text: string, expected: number): void {
  const answer = parseCodecAnswer(text, expected);
  if (!answer.ok) {
    expect(answer.error.kind).toBe('codec-bad-answer');
    return;
  }
  expect(answer.payloads).toHaveLength(expected);
  expect(answer.payloads.every(isPayload)).toBe(true);
}

/** Ways a server (or a proxy in front of it) gets an answer wrong. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip-char' as const), at: fc.nat(), char: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }) }),
  fc.record({ kind: fc.constant('rename-list' as const), name: fc.string({ maxLength: 10 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(payloads: Payload[], m: Mutation): string {
  const list: unknown[] = [...payloads];
  const pick = (at: number) => (list.length === 0 ? 0 : at % list.length);
  switch (m.kind) {
    case 'drop':
      list.splice(pick(m.at), 1);
      return JSON.stringify({ payloads: list });
    case 'duplicate':
      list.splice(pick(m.at), 0, list[pick(m.at)] ?? {});
      return JSON.stringify({ payloads: list });
    case 'replace':
      list[pick(m.at)] = m.value;
      return JSON.stringify({ payloads: list });
    case 'rename-list':
      return JSON.stringify({ [m.name]: list });
    case 'truncate': {
      const text = JSON.stringify({ payloads: list });
      return text.slice(0, m.at % (text.length + 1));
    }
    case 'flip-char': {
      const text = JSON.stringify({ payloads: list });
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
  }
}

describe('parseCodecAnswer', () => {
  it('accepts a well-formed answer of the expected count, in order', () => {
    fc.assert(
      fc.property(payloadList, (payloads) => {
        expect(parseCodecAnswer(JSON.stringify({ payloads }), payloads.length)).toEqual({ ok: true, payloads });
      }),
      fuzzSettings(),
    );
  });

  it('keeps only what a payload is of what the server returned beside it', () => {
    const returned = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==', padding: 'x'.repeat(1000), externalPayloads: [{ sizeBytes: '1024', extra: 'x'.repeat(1000) }] };
    const answer = parseCodecAnswer(JSON.stringify({ payloads: [returned] }), 1);
    expect(answer).toEqual({ ok: true, payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==', externalPayloads: [{ sizeBytes: '1024' }] }] });
  });

  it('reads the external-storage references the Go SDK writes in its own JSON names, and hands them on in the Web UI’s', () => {
    const returned = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==', external_payloads: [{ size_bytes: 12345 }, {}] };
    expect(parseCodecAnswer(JSON.stringify({ payloads: [returned] }), 1)).toEqual({
      ok: true,
      payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==', externalPayloads: [{ sizeBytes: '12345' }, {}] }],
    });
  });

  it('writes base64 a server gave URL-safe or unpadded as the Web UI reads it, standard and padded', () => {
    const returned = { metadata: { encoding: 'anNvbi9wbGFpbg', 'x-raw': '-_8' }, data: 'eyJhIjoi_-8ifQ' };
    expect(parseCodecAnswer(JSON.stringify({ payloads: [returned] }), 1)).toEqual({
      ok: true,
      payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg==', 'x-raw': '+/8=' }, data: 'eyJhIjoi/+8ifQ==' }],
    });
  });

  it('refuses a payload with more metadata entries than any SDK writes, so that the payload at fault is looked for', () => {
    const crowded = { metadata: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, ''])) };
    expect(parseCodecAnswer(JSON.stringify({ payloads: [crowded] }), 1)).toEqual({ ok: false, error: { kind: 'codec-bad-answer', detail: 'an element is not a payload' }, splittable: true });
    crowded.metadata = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`m${i}`, '']));
    expect(parseCodecAnswer(JSON.stringify({ payloads: [crowded] }), 1).ok).toBe(true);
  });

  it('refuses unparsed an answer with more structure, or deeper, than the payloads sent could hold', () => {
    const full = { metadata: Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`m${i}`, ''])), data: '', externalPayloads: Array(64).fill({ sizeBytes: '1' }) };
    expect(parseCodecAnswer(JSON.stringify({ payloads: [full, full] }), 2).ok).toBe(true);
    const refused = { ok: false, error: { kind: 'codec-bad-answer', detail: 'more than the payloads sent could hold' }, splittable: false };
    expect(parseCodecAnswer(`{"payloads":[${'{},'.repeat(400)}{}]}`, 1)).toEqual(refused);
    expect(parseCodecAnswer(JSON.stringify({ payloads: [{ metadata: {}, extra: [[[{}]]] }] }), 1)).toEqual(refused);
  });

  it('never throws and never accepts a wrong count or a non-payload, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), fc.nat({ max: 10 }), (text, expected) => {
        acceptsOnlyWhatItShould(text, expected);
      }),
      fuzzSettings(),
    );
  });

  it('never accepts a mutated answer that lost the count or an element', () => {
    fc.assert(
      fc.property(payloadList, mutation, (payloads, m) => {
        acceptsOnlyWhatItShould(mutate(payloads, m), payloads.length);
      }),
      fuzzSettings(),
    );
  });

  it('tells apart the ways an answer is wrong', () => {
    const one: Payload = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'MQ==' };
    // And whether fewer payloads may fare better: not when the answer is no payload list at all.
    const detail = (text: string, expected: number) => {
      const answer = parseCodecAnswer(text, expected);
      return answer.ok ? 'ok' : [answer.error.detail, answer.splittable];
    };
    expect(detail('<html>502</html>', 1)).toEqual(['not JSON', false]);
    expect(detail('{"result": []}', 1)).toEqual(['no "payloads" list', false]);
    expect(detail('null', 1)).toEqual(['no "payloads" list', false]);
    expect(detail(JSON.stringify({ payloads: [one] }), 2)).toEqual(['not one payload for each sent', true]);
    expect(detail(JSON.stringify({ payloads: [one, { metadata: 5 }] }), 2)).toEqual(['an element is not a payload', true]);
    expect(detail(JSON.stringify({ payloads: [one, ['not', 'a', 'payload']] }), 2)).toEqual(['an element is not a payload', true]);
  });
});
