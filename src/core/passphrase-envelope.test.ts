import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { MAX_ITERATIONS, openWithPassphrase, sealingPassphraseProblem, sealWithPassphrase, type PassphraseEnvelope } from './passphrase-envelope';

const SECRETS = JSON.stringify({ 'token:rule-1': 'eyJhbGciOi…', 'key:rule-2:k1': 'test-key-test-key-test-key-test!' });
const PASSPHRASE = 'correct horse battery staple';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// Each seal or open derives 600,000 PBKDF2 rounds on purpose: about a second on a loaded machine.
describe('passphrase envelope', { timeout: 60_000 }, () => {
  let sealed: PassphraseEnvelope;
  beforeAll(async () => {
    sealed = await sealWithPassphrase(SECRETS, PASSPHRASE);
  });

  it('opens what it sealed after a trip through a JSON file', async () => {
    const fromFile: unknown = JSON.parse(JSON.stringify(sealed));
    const opened = await openWithPassphrase(fromFile, PASSPHRASE);
    expect(opened.ok && text(opened.plaintext)).toBe(SECRETS);
  });

  it('names PBKDF2-SHA-256 with at least 600,000 iterations and a 16-byte salt, and AES-256-GCM with a 12-byte IV', () => {
    expect(sealed).toMatchObject({ kdf: { name: 'PBKDF2', hash: 'SHA-256' }, cipher: { name: 'AES-GCM', length: 256 } });
    expect(sealed.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    expect(decodeBase64(sealed.kdf.salt)).toHaveLength(16);
    expect(decodeBase64(sealed.cipher.iv)).toHaveLength(12);
    expect(text(decodeBase64(sealed.ciphertext)!)).not.toContain('test-key');
  });

  it('draws a fresh salt and IV for every seal', async () => {
    const again = await sealWithPassphrase(new TextEncoder().encode(SECRETS), PASSPHRASE);
    expect(again.kdf.salt).not.toBe(sealed.kdf.salt);
    expect(again.cipher.iv).not.toBe(sealed.cipher.iv);
    expect(again.ciphertext).not.toBe(sealed.ciphertext);
  });

  it('says "wrong passphrase or damaged file" for a wrong passphrase and for a changed ciphertext', async () => {
    const wrong = { ok: false, kind: 'wrong-passphrase', sentence: 'Wrong passphrase or damaged file.' };
    expect(await openWithPassphrase(sealed, 'correct horse battery stapler')).toEqual(wrong);
    const bytes = decodeBase64(sealed.ciphertext)!;
    bytes[0]! ^= 1;
    expect(await openWithPassphrase({ ...sealed, ciphertext: encodeBase64(bytes) }, PASSPHRASE)).toEqual(wrong);
  });

  it('reads an accented passphrase the same whether typed composed or decomposed', async () => {
    const envelope = await sealWithPassphrase('x', 'caf\u00e9 cr\u00e8me');
    const opened = await openWithPassphrase(envelope, 'cafe\u0301 cre\u0300me');
    expect(opened.ok && text(opened.plaintext)).toBe('x');
  });

  it('refuses to seal without a passphrase', async () => {
    await expect(sealWithPassphrase('x', '')).rejects.toThrow(RangeError);
  });

  it('asks for a passphrase of at least 12 characters to seal secrets under, counting characters, not UTF-16 units', () => {
    expect(sealingPassphraseProblem('')).toBe('Type a passphrase to seal the secrets with.');
    expect(sealingPassphraseProblem('hunter2hunt')).toBe('Use at least 12 characters: whoever gets the file can try passphrases against it for as long as they like.');
    expect(sealingPassphraseProblem('🔑'.repeat(6))).toMatch(/^Use at least 12 characters/);
    expect(sealingPassphraseProblem('hunter2hunte')).toBeUndefined();
    expect(sealingPassphraseProblem(PASSPHRASE)).toBeUndefined();
  });
});

describe('an envelope from an untrusted file', () => {
  const valid: PassphraseEnvelope = {
    format: 'payload-lens/passphrase-envelope',
    version: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: encodeBase64(new Uint8Array(16)) },
    cipher: { name: 'AES-GCM', length: 256, iv: encodeBase64(new Uint8Array(12)) },
    ciphertext: encodeBase64(new Uint8Array(32)),
  };
  const problemsOf = async (envelope: unknown) => {
    const opened = await openWithPassphrase(envelope, PASSPHRASE);
    if (opened.ok || opened.kind !== 'invalid-envelope') throw new Error(`expected an invalid envelope, got ${JSON.stringify(opened)}`);
    return opened.problems;
  };

  it('refuses iteration counts too low to protect the passphrase or high enough to hang the browser', async () => {
    expect(await problemsOf({ ...valid, kdf: { ...valid.kdf, iterations: 1000 } })).toEqual([
      'kdf.iterations: The iteration count must be at least 600000; fewer would make the passphrase easy to guess.',
    ]);
    expect(await problemsOf({ ...valid, kdf: { ...valid.kdf, iterations: 1e12 } })).toEqual([
      `kdf.iterations: The iteration count must be at most ${MAX_ITERATIONS}; more would keep the browser busy for minutes.`,
    ]);
    expect(await problemsOf({ ...valid, kdf: { ...valid.kdf, iterations: 600_000.5 } })).toEqual(['kdf.iterations: The iteration count must be a whole number.']);
  });

  it('refuses salts and IVs of the wrong size', async () => {
    const wrongSizes = { ...valid, kdf: { ...valid.kdf, salt: encodeBase64(new Uint8Array(8)) }, cipher: { ...valid.cipher, iv: encodeBase64(new Uint8Array(16)) } };
    expect(await problemsOf(wrongSizes)).toEqual(['kdf.salt: The salt must be 16 bytes of base64.', 'cipher.iv: The IV must be 12 bytes of base64.']);
  });

  it('refuses algorithms it does not know', async () => {
    const other = { ...valid, kdf: { ...valid.kdf, name: 'scrypt', hash: 'SHA-1' }, cipher: { ...valid.cipher, name: 'AES-CBC', length: 128 } };
    expect(await problemsOf(other)).toEqual([
      'kdf.name: The key derivation must be PBKDF2.',
      'kdf.hash: The key derivation hash must be SHA-256.',
      'cipher.name: The cipher must be AES-GCM.',
      'cipher.length: The cipher key must be 256 bits.',
    ]);
  });

  it('refuses a ciphertext shorter than the GCM tag, and things that are not envelopes at all', async () => {
    expect(await problemsOf({ ...valid, ciphertext: encodeBase64(new Uint8Array(15)) })).toEqual(['ciphertext: The ciphertext must be base64 of at least 16 bytes.']);
    expect(await problemsOf({ ...valid, version: 2 })).toEqual(['version: Only version 1 of the sealed section is known.']);
    expect(await problemsOf('sealed')).toHaveLength(1);
    expect(await problemsOf(null)).toHaveLength(1);
  });
});
