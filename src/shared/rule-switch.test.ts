import { describe, expect, it } from 'vitest';
import { unencodedWhenOff } from './rule-switch';

describe('what switching a rule off does besides decoding', () => {
  it('is said for a rule that encodes what the Web UI sends, and only then', () => {
    expect(unencodedWhenOff({ encodeRequests: true }, '“payments”')).toBe('what the Web UI sends in “payments” goes unencoded');
    expect(unencodedWhenOff({ encodeRequests: false }, '“payments”')).toBeUndefined();
  });
});
