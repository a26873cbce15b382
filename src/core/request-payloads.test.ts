import { describe, expect, it } from 'vitest';
import { encodeBase64Text } from './base64';
import { findPayloadsToEncode, mayCarryPayloads } from './request-payloads';

const plain = (json: string) => ({ metadata: { encoding: encodeBase64Text('json/plain') }, data: encodeBase64Text(json) });
const encrypted = { metadata: { encoding: encodeBase64Text('binary/encrypted') }, data: 'AAAA' };

describe('payloads in requests the Web UI sends', () => {
  it('are the unencoded ones of a start-workflow body, not search attributes or encoded ones', () => {
    const body = {
      workflowId: 'order-99',
      input: { payloads: [plain('{"orderId":"order-99"}'), encrypted] },
      memo: { fields: { note: plain('"hi"') } },
      searchAttributes: { indexedFields: { CustomerId: plain('"c-1"') } },
    };
    expect(findPayloadsToEncode(body)?.map((slot) => slot.path)).toEqual(['input.payloads[0]', 'memo.fields.note']);
  });

  it('include one with no encoding, or one not base64: no codec wrote it, and it would otherwise be stored as it is', () => {
    const bare = { metadata: {}, data: encodeBase64Text('"secret"') };
    const unreadable = { metadata: { encoding: 'json/plain' }, data: encodeBase64Text('"secret"') };
    expect(findPayloadsToEncode({ input: { payloads: [bare, unreadable, encrypted] } })?.map((slot) => slot.path)).toEqual(['input.payloads[0]', 'input.payloads[1]']);
  });

  it('include query arguments and signal input', () => {
    expect(findPayloadsToEncode({ query: { queryType: 'getStatus', queryArgs: { payloads: [plain('1')] } } })).toHaveLength(1);
    expect(findPayloadsToEncode({ signalName: 'approve', input: { payloads: [plain('true')] } })).toHaveLength(1);
  });

  it('are not given at all for a body nested deeper than the walk looks: a payload there could leave unencoded', () => {
    let body: unknown = { input: { payloads: [plain('"deep"')] } };
    for (let i = 0; i < 3000; i++) body = { nested: body };
    expect(findPayloadsToEncode(body)).toBeNull();
    expect(findPayloadsToEncode({ nested: { input: { payloads: [plain('"shallow"')] } } })).toHaveLength(1);
  });

  it('come only with writing methods', () => {
    expect(mayCarryPayloads('post')).toBe(true);
    expect(mayCarryPayloads('GET')).toBe(false);
  });
});
