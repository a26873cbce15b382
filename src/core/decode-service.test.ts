import { describe, expect, it } from 'vitest';
import { createDecodeService, type Decoder } from './decode-service';
import { fakeEncoded as encoded } from './test-support/codec-server';

describe('the decode service', () => {
  it('tells its decoder to warm up as each answer comes, before it decodes what its cache does not hold', async () => {
    const events: string[] = [];
    const decoder: Decoder = {
      id: 'remote:test',
      warmUp: () => events.push('warm up'),
      decode: async (payloads) => {
        events.push(`decode ${payloads.length}`);
        return payloads.map((payload) => ({ ok: true, payload }));
      },
    };
    const service = createDecodeService();
    await service.decode('payments', decoder, [encoded('"a"'), encoded('"b"')]);
    await service.decode('payments', decoder, [encoded('"a"'), encoded('"c"')]);
    expect(events).toEqual(['warm up', 'decode 2', 'warm up', 'decode 1']);
  });
});
