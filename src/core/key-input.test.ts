import { describe, expect, it } from 'vitest';
import { parseKeyInput } from './key-input';

describe('parseKeyInput', () => {
  it('reads base64 and base64url keys of 16 and 32 bytes', () => {
    const r256 = parseKeyInput('3q2+7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    expect(r256.ok && r256.bytes.length).toBe(32);
    const r128 = parseKeyInput('AAECAwQFBgcICQoLDA0ODw==');
    expect(r128.ok && Array.from(r128.bytes)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const url = parseKeyInput('3q2-7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
    expect(url.ok && url.bytes[1]).toBe(0xad);
  });

  it('reads hex keys', () => {
    const result = parseKeyInput('000102030405060708090a0b0c0d0e0f');
    expect(result.ok && Array.from(result.bytes)).toEqual(Array.from({ length: 16 }, (_, i) => i));
  });

  it('ignores surrounding and inner white space from copy and paste', () => {
    expect(parseKeyInput('  AAECAwQFBgcI\nCQoLDA0ODw==  ').ok).toBe(true);
  });

  it('explains keys of the wrong size or form', () => {
    expect(parseKeyInput('')).toEqual({ ok: false, reason: 'Paste the key.' });
    expect(parseKeyInput('AAECAwQ=')).toEqual({ ok: false, reason: 'The key is 5 bytes; AES-GCM keys are 16 or 32 bytes.' });
    expect(parseKeyInput('not a key!')).toEqual({ ok: false, reason: 'The key must be base64 or hex.' });
  });
});
