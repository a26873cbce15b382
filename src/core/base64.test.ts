import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

describe('base64 where the browser decodes it itself', () => {
  // A stand-in for Uint8Array.fromBase64 as the proposal has it, with the last chunk loose: ASCII whitespace is
  // skipped, anything else outside the standard alphabet (the URL-safe letters too) and '=' before the end throw.
  // Whatever it accepts that strict decoding refuses would show below.
  const handed: string[] = [];
  const nativeLike = (text: string) => {
    handed.push(text);
    const letters = text.replace(/[\t\n\f\r ]/g, '');
    if (/[^A-Za-z0-9+/=]/.test(letters) || /=[^=]/.test(letters) || /={3}/.test(letters) || letters.replace(/=+$/, '').length % 4 === 1) throw new SyntaxError('not base64');
    return new Uint8Array(Buffer.from(letters, 'base64'));
  };
  // And Uint8Array.prototype.setFromBase64, which writes into a buffer that exists: as many bytes as fit.
  const setLike = function (this: Uint8Array, text: string) {
    const bytes = nativeLike(text);
    const written = Math.min(bytes.length, this.length);
    this.set(bytes.subarray(0, written));
    return { read: text.length, written };
  };
  let withNative: typeof import('./base64');
  beforeAll(async () => {
    Object.defineProperty(Uint8Array, 'fromBase64', { value: nativeLike, configurable: true });
    Object.defineProperty(Uint8Array.prototype, 'setFromBase64', { value: setLike, configurable: true });
    vi.resetModules();
    withNative = await import('./base64');
  });
  afterAll(() => {
    Reflect.deleteProperty(Uint8Array, 'fromBase64');
    Reflect.deleteProperty(Uint8Array.prototype, 'setFromBase64');
    vi.resetModules();
  });

  it('hands it text whose length is a multiple of four, and reads the rest itself, the unpadded and URL-safe forms too', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        const standard = Buffer.from(bytes).toString('base64');
        handed.length = 0;
        expect(withNative.decodeBase64(standard)).toEqual(bytes);
        expect(handed).toEqual([standard]);
        expect(withNative.decodeBase64(standard.replace(/=+$/, ''))).toEqual(bytes);
        expect(withNative.decodeBase64(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
    );
  });

  it('decodes any text of the alphabet, padding and whitespace as decoding without it does', () => {
    const letter = fc.constantFrom(...'AQgw+/=-_ \n'.split(''));
    fc.assert(
      fc.property(fc.array(letter, { maxLength: 24 }).map((letters) => letters.join('')), (text) => {
        expect(withNative.decodeBase64(text)).toEqual(decodeBase64(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('is as strict as without it', () => {
    const bad = ['%%%not base64%%%', 'QUJD RA==', 'QUJDRA=', 'Q', 'QUJDR', 'QU=JD', 'QUJD\n', ' QUJD', 'QQ=', 'QUJDRA===', 'QU==RA==', 'QUJ=RA==', 'QUJDR=A='];
    // Of a length it is handed: whitespace it would skip, where padding could be, and letters it would drop.
    bad.push('QUJD\nRA=', ' QUJDRA=', 'QUJDRA=\n', 'QUJDRA\n\n', 'QUJDRA==    ', 'QU*DRA==', '!!!!');
    for (const text of bad) expect(withNative.decodeBase64(text), JSON.stringify(text)).toBeNull();
  });

  it('lends the bytes of any text in memory it reuses, as strictly decoded as decodeBase64 would', () => {
    const letter = fc.constantFrom(...'AQgw+/=-_ \n'.split(''));
    fc.assert(
      fc.property(fc.array(letter, { maxLength: 24 }).map((letters) => letters.join('')), (text) => {
        expect(withNative.withBase64Bytes(text, (bytes) => Uint8Array.from(bytes))).toEqual(decodeBase64(text));
      }),
      { numRuns: 5000 },
    );
    const lent: Uint8Array[] = [];
    for (const text of ['QUJD', 'REVGRw==']) withNative.withBase64Bytes(text, (bytes) => lent.push(bytes));
    expect(lent[0]!.buffer).toBe(lent[1]!.buffer);
  });

  it('lends a call made while the reused memory is lent, or for data larger than it, memory of its own', () => {
    const outer = Buffer.from('outer bytes').toString('base64');
    const inner = Buffer.from('inner bytes!').toString('base64');
    const seen = withNative.withBase64Bytes(outer, (bytes) => {
      const nested = withNative.withBase64Bytes(inner, (innerBytes) => Buffer.from(innerBytes).toString());
      return [Buffer.from(bytes).toString(), nested];
    });
    expect(seen).toEqual(['outer bytes', 'inner bytes!']);
    const large = new Uint8Array(withNative.REUSED_BYTES_MAX + 3).map((_, i) => i);
    const small = withNative.withBase64Bytes('QUJD', (bytes) => bytes.buffer);
    const own = withNative.withBase64Bytes(Buffer.from(large).toString('base64'), (bytes) => bytes);
    expect(own!.buffer).not.toBe(small);
    expect(Buffer.from(own!).equals(Buffer.from(large))).toBe(true);
  });
});
