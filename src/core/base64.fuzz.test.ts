import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Text, encodeBase64, encodeBase64Text } from './base64';
import { FUZZ_RUNS, fuzzSettings } from './test-support/fuzz';

/**
 * What decodeBase64 promises, written another way: standard or URL-safe letters, then at most two '=' and only
 * when they complete a group of four, never a single letter left over.
 */
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

// Mostly base64 letters, with the characters a lenient decoder would let through.
const base64ish = fc.string({ unit: fc.constantFrom(...'AQgw+/-_=', ' ', '\n', '%', '.', 'é'), maxLength: 40 });

// A generous bound per test, growing with the number of cases, so a loaded machine does not fail a run.
describe('base64 properties', { timeout: FUZZ_RUNS * 60 }, () => {
  it('round-trips any bytes, and reads what Node writes in both alphabets, with and without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const node = Buffer.from(bytes);
        expect(encodeBase64(bytes)).toBe(node.toString('base64'));
        for (const text of [node.toString('base64'), node.toString('base64url'), node.toString('base64').replace(/=+$/, '')]) {
          expect(node.equals(decodeBase64(text)!)).toBe(true);
        }
      }),
      fuzzSettings(),
    );
  });

  it('accepts exactly the strict form, and then agrees with Node', () => {
    fc.assert(
      fc.property(base64ish, (text) => {
        const bytes = decodeBase64(text);
        expect(bytes !== null).toBe(STRICT_BASE64.test(text));
        if (bytes !== null) expect(Buffer.from(text, 'base64').equals(bytes)).toBe(true);
      }),
      fuzzSettings(),
    );
  });

  it('gives text only for valid UTF-8 when strict, and the same text as TextDecoder otherwise', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    const lenient = new TextDecoder();
    const utf8 = new TextEncoder();
    fc.assert(
      // Random bytes are rarely UTF-8, so half the cases are text: code points from the whole range, encoded.
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 20 })), (input) => {
        const bytes = input instanceof Uint8Array ? input : utf8.encode(String.fromCodePoint(...input));
        const encoded = encodeBase64(bytes);
        let expected: string | null;
        try {
          expected = fatal.decode(bytes);
        } catch {
          expected = null;
        }
        expect(decodeBase64Text(encoded, true)).toBe(expected);
        expect(decodeBase64Text(encoded)).toBe(lenient.decode(bytes));
        if (expected !== null) expect(encodeBase64Text(expected)).toBe(encoded);
      }),
      fuzzSettings(),
    );
  });
});
