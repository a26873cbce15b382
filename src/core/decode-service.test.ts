import { describe, expect, it } from 'vitest';
import { createDecodeService, type Decoder } from './decode-service';
import type { Payload } from './payload';
import { fakeEncoded as encoded } from './test-support/codec-server';

/** A decoder that opens every payload, and notes in `events` when it is told to warm up and what it is given. */
function noting(events: string[]): Decoder {
  return {
    id: 'remote:test',
    warmUp: () => events.push('warm up'),
    decode: async (payloads) => {
      events.push(`decode ${payloads.length}`);
      return payloads.map((payload) => ({ ok: true, payload }));
    },
  };
}

/** The payload, noting in `events` each time the service reads its metadata (as it does to look it up). */
function watched(events: string[], name: string, payload: Payload): Payload {
  const { metadata, ...rest } = payload;
  return Object.defineProperty({ ...rest }, 'metadata', {
    get: () => (events.push(`read ${name}`), metadata),
    enumerable: true,
  });
}

describe('the decode service', () => {
  it('tells its decoder to warm up at an answer’s first payload it cannot answer, before it looks the rest up', async () => {
    const events: string[] = [];
    const service = createDecodeService();
    await service.decode('payments', noting([]), [encoded('"cached"')]);
    await service.decode('payments', noting(events), [watched(events, 'cached', encoded('"cached"')), watched(events, 'new', encoded('"new"')), watched(events, 'next', encoded('"next"'))]);
    const warmUp = events.indexOf('warm up');
    expect(warmUp).toBeGreaterThan(events.indexOf('read new'));
    expect(warmUp).toBeLessThan(events.indexOf('read next'));
    expect(events).toContain('decode 2');
  });

  it('does not tell its decoder to warm up for an answer its cache answers whole', async () => {
    const events: string[] = [];
    const service = createDecodeService();
    const decoder = noting(events);
    await service.decode('payments', decoder, [encoded('"a"'), encoded('"b"')]);
    events.length = 0;
    await service.decode('payments', decoder, [encoded('"b"'), encoded('"a"')]);
    expect(events).toEqual([]);
  });
});
