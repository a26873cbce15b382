import { describe, expect, it } from 'vitest';
import { parseKeyInput, readKeyInput, type KeyReading } from './key-input';

const SAMPLE_KEY = 'test-key-test-key-test-key-test!';
const bytesOf = (text: string) => Array.from(new TextEncoder().encode(text));
const counting = (n: number) => Array.from({ length: n }, (_, i) => i);

function summary(reading: KeyReading) {
  return reading.ok ? reading.candidates.map((c) => [c.form, c.bytes.length, c.aes]) : reading.kind;
}

describe('readKeyInput', () => {
  it('reads the TypeScript sample key as 32 bytes of text', () => {
    const reading = readKeyInput(SAMPLE_KEY);
    expect(reading).toMatchObject({ ok: true, sentence: 'Read as 32 bytes of text: an AES-256 key.' });
    expect(reading.ok && Array.from(reading.candidates[0]!.bytes)).toEqual(bytesOf(SAMPLE_KEY));
    expect(summary(reading)).toEqual([['text', 32, 256]]);
  });

  it('reads the sample key pasted with the quotes around it in the sample code', () => {
    for (const quoted of [`'${SAMPLE_KEY}'`, `"${SAMPLE_KEY}"`, ` \`${SAMPLE_KEY}\`\n`]) {
      const reading = readKeyInput(quoted);
      expect(reading.ok && Array.from(reading.candidates[0]!.bytes)).toEqual(bytesOf(SAMPLE_KEY));
      expect(reading.sentence).toBe('Read as 32 bytes of text (inside the quotes): an AES-256 key.');
    }
  });

  it('reads standard and URL-safe base64, with or without padding', () => {
    const standard = readKeyInput('3q2+7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=');
    expect(summary(standard)).toEqual([['base64', 32, 256]]);
    expect(standard.sentence).toBe('Read as 32 bytes of base64: an AES-256 key.');
    const urlSafe = readKeyInput('3q2-7w0HBwcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8');
    expect(urlSafe.ok && Array.from(urlSafe.candidates[0]!.bytes)).toEqual(standard.ok && Array.from(standard.candidates[0]!.bytes));
    const r128 = readKeyInput('AAECAwQFBgcICQoLDA0ODw');
    expect(r128.ok && Array.from(r128.candidates[0]!.bytes)).toEqual(counting(16));
  });

  it('reads 64 hex digits as the only AES-256 reading', () => {
    const reading = readKeyInput('000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F');
    expect(summary(reading)).toEqual([['hex', 32, 256]]);
    expect(reading.ok && Array.from(reading.candidates[0]!.bytes)).toEqual(counting(32));
  });

  it('returns both readings of 32 hex digits, hex first, and says the first payload decides', () => {
    const reading = readKeyInput('000102030405060708090a0b0c0d0e0f');
    expect(summary(reading)).toEqual([['hex', 16, 128], ['text', 32, 256]]);
    expect(reading.sentence).toBe('Could be 16 bytes of hex (AES-128) or 32 bytes of text (AES-256); the first payload decoded decides.');
    expect(reading.ok && Array.from(reading.candidates[0]!.bytes)).toEqual(counting(16));
    expect(reading.ok && Array.from(reading.candidates[1]!.bytes)).toEqual(bytesOf('000102030405060708090a0b0c0d0e0f'));
  });

  it('returns text and base64 readings when white space makes both a valid size', () => {
    // 32 characters as typed; without its spaces, 22 base64 characters (16 bytes).
    const input = 'AAECAwQFBgcICQoLDA0ODw'.match(/../g)!.join(' ');
    expect(input).toHaveLength(32);
    expect(summary(readKeyInput(input))).toEqual([['base64', 16, 128], ['text', 32, 256]]);
  });

  it('ignores white space from copy and paste in base64 and hex', () => {
    expect(summary(readKeyInput('  AAECAwQFBgcI\nCQoLDA0ODw==  '))).toEqual([['base64', 16, 128]]);
    expect(summary(readKeyInput('00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f'))).toEqual([['hex', 32, 256]]);
  });

  it('says what is wrong and what size is needed, in the form the user most likely meant', () => {
    expect(readKeyInput(' ')).toEqual({ ok: false, kind: 'empty', sentence: 'Paste the key.' });
    expect(readKeyInput('AAECAwQFBgcICQoLDA0ODxAREhM=')).toEqual({
      ok: false,
      kind: 'wrong-size',
      sentence: 'This is 20 bytes as base64 or 28 bytes as text; AES-GCM keys are 16 or 32 bytes.',
    });
    expect(readKeyInput('000102030405060708090a0b0c0d0e0f10').sentence).toBe('This is 34 hex digits; AES-GCM keys are 32 or 64 hex digits (16 or 32 bytes).');
    expect(readKeyInput('test-key-test-key-test-key-test').sentence).toBe('This is 23 bytes as base64 or 31 bytes as text; AES-GCM keys are 16 or 32 bytes.');
    expect(readKeyInput('"test key, test key, test key!"').sentence).toBe('This is 29 bytes as text; AES-GCM keys are 16 or 32 bytes.');
  });

  it('says why 32 base64 characters were read as text', () => {
    const reading = readKeyInput('AAECAwQFBgcICQoLDA0ODxAREhMUFRYX');
    expect(summary(reading)).toEqual([['text', 32, 256]]);
    expect(reading.sentence).toBe('Read as 32 bytes of text: an AES-256 key (as base64 it would be 24 bytes, which AES-GCM does not take).');
  });

  it('counts text in UTF-8 bytes, not characters', () => {
    expect(summary(readKeyInput('ключ-ключ-ключ!!'))).toBe('wrong-size');
    expect(readKeyInput('ключ-ключ-ключ!!').sentence).toBe('This is 28 bytes as text; AES-GCM keys are 16 or 32 bytes.');
  });
});

describe('parseKeyInput', () => {
  it('gives the first reading, hex before text', () => {
    const result = parseKeyInput('000102030405060708090a0b0c0d0e0f');
    expect(result.ok && Array.from(result.bytes)).toEqual(counting(16));
    const sample = parseKeyInput(SAMPLE_KEY);
    expect(sample.ok && Array.from(sample.bytes)).toEqual(bytesOf(SAMPLE_KEY));
  });

  it('explains a key it cannot read', () => {
    expect(parseKeyInput('')).toEqual({ ok: false, reason: 'Paste the key.' });
    expect(parseKeyInput('AAECAwQ=')).toEqual({ ok: false, reason: 'This is 5 bytes as base64 or 8 bytes as text; AES-GCM keys are 16 or 32 bytes.' });
  });
});
