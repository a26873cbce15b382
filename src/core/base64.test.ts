import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from './base64';

describe('base64', () => {
  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
        expect(decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('refuses what is not base64 instead of guessing', () => {
    for (const bad of ['%%%not base64%%%', 'QUJD RA==', 'QUJDRA=', 'Q', 'QUJDR', 'QU=JD', 'QUJD\n']) expect(decodeBase64(bad), bad).toBeNull();
  });

  it('encodes large data without blowing the argument limit', () => {
    const big = new Uint8Array(3_000_000).map((_, i) => i * 7);
    const text = encodeBase64(big);
    expect(text).toBe(Buffer.from(big).toString('base64'));
    expect(Buffer.from(decodeBase64(text)!).equals(Buffer.from(big))).toBe(true);
  });
});
