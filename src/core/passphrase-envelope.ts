/**
 * Secrets in an exported settings file, sealed under a passphrase the user types: PBKDF2-SHA-256 turns the
 * passphrase into an AES-256-GCM key. WebCrypto only, so it runs in the extension's pages, its background and
 * Node. The envelope names every parameter, so a later version can raise the work factor and still open old
 * files; on opening, the envelope is untrusted input and every parameter is bounded before any work is done.
 */
import * as v from 'valibot';
import { decodeBase64, encodeBase64 } from './base64';

export const ENVELOPE_FORMAT = 'payload-lens/passphrase-envelope';
// OWASP's figure for PBKDF2-HMAC-SHA-256 (2023). The ceiling keeps a hostile file from making the browser derive
// for minutes: about 5 s at the ~1 million iterations per second WebCrypto manages on a laptop core.
export const MIN_ITERATIONS = 600_000;
export const MAX_ITERATIONS = 5_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds the ciphertext to this format: a GCM ciphertext made for another purpose under the same passphrase
// does not open as an envelope.
const ADDITIONAL_DATA = new TextEncoder().encode(`${ENVELOPE_FORMAT}/1`);

export interface PassphraseEnvelope {
  format: typeof ENVELOPE_FORMAT;
  version: 1;
  kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; length: 256; iv: string };
  /** Base64; the GCM tag at its end. */
  ciphertext: string;
}

const base64Bytes = (name: string, bytes: number) =>
  v.pipe(v.string(`${name} must be a base64 string.`), v.check((text) => decodeBase64(text)?.length === bytes, `${name} must be ${bytes} bytes of base64.`));

const EnvelopeSchema = v.object({
  format: v.literal(ENVELOPE_FORMAT, `This is not a passphrase-sealed section (format must be "${ENVELOPE_FORMAT}").`),
  version: v.literal(1, 'Only version 1 of the sealed section is known.'),
  kdf: v.object({
    name: v.literal('PBKDF2', 'The key derivation must be PBKDF2.'),
    hash: v.literal('SHA-256', 'The key derivation hash must be SHA-256.'),
    iterations: v.pipe(
      v.number('The iteration count must be a number.'),
      v.integer('The iteration count must be a whole number.'),
      v.minValue(MIN_ITERATIONS, `The iteration count must be at least ${MIN_ITERATIONS}; fewer would make the passphrase easy to guess.`),
      v.maxValue(MAX_ITERATIONS, `The iteration count must be at most ${MAX_ITERATIONS}; more would keep the browser busy for minutes.`),
    ),
    salt: base64Bytes('The salt', SALT_BYTES),
  }),
  cipher: v.object({
    name: v.literal('AES-GCM', 'The cipher must be AES-GCM.'),
    length: v.literal(256, 'The cipher key must be 256 bits.'),
    iv: base64Bytes('The IV', IV_BYTES),
  }),
  ciphertext: v.pipe(
    v.string('The ciphertext must be a base64 string.'),
    v.check((text) => (decodeBase64(text)?.length ?? -1) >= TAG_BYTES, `The ciphertext must be base64 of at least ${TAG_BYTES} bytes.`),
  ),
});

export type OpenedEnvelope =
  | { ok: true; plaintext: Uint8Array<ArrayBuffer> }
  /** `problems`: one sentence per wrong field, prefixed with its path (`kdf.iterations: …`). */
  | { ok: false; kind: 'invalid-envelope'; sentence: string; problems: string[] }
  | { ok: false; kind: 'wrong-passphrase'; sentence: string };

/**
 * The shortest passphrase secrets are sealed under. Whoever has the file can try passphrases offline for as long as
 * they like: at 600,000 iterations a guess costs about half a second on one core, which still leaves short ones
 * within reach. Files are opened whatever their passphrase's length.
 */
export const MIN_SEALING_PASSPHRASE_CHARS = 12;

/** Why secrets cannot be sealed under `passphrase`, or undefined. */
export function sealingPassphraseProblem(passphrase: string): string | undefined {
  if (passphrase === '') return 'Type a passphrase to seal the secrets with.';
  if ([...passphrase].length < MIN_SEALING_PASSPHRASE_CHARS) {
    return `Use at least ${MIN_SEALING_PASSPHRASE_CHARS} characters: whoever gets the file can try passphrases against it for as long as they like.`;
  }
  return undefined;
}

/** Seals `plaintext` (text is taken as UTF-8) under `passphrase`, which must not be empty. */
export async function sealWithPassphrase(plaintext: Uint8Array | string, passphrase: string): Promise<PassphraseEnvelope> {
  if (passphrase === '') throw new RangeError('A passphrase is needed to seal secrets.');
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(passphrase, salt, MIN_ITERATIONS);
  const bytes = typeof plaintext === 'string' ? new TextEncoder().encode(plaintext) : plaintext;
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA }, key, bytes as Uint8Array<ArrayBuffer>);
  return {
    format: ENVELOPE_FORMAT,
    version: 1,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: MIN_ITERATIONS, salt: encodeBase64(salt) },
    cipher: { name: 'AES-GCM', length: 256, iv: encodeBase64(iv) },
    ciphertext: encodeBase64(new Uint8Array(ciphertext)),
  };
}

/** Opens what `sealWithPassphrase` made. `envelope` is whatever the file held; it is validated first. */
export async function openWithPassphrase(envelope: unknown, passphrase: string): Promise<OpenedEnvelope> {
  const parsed = v.safeParse(EnvelopeSchema, envelope);
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => {
      const path = v.getDotPath(issue);
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    return { ok: false, kind: 'invalid-envelope', sentence: 'The sealed secrets in this file cannot be read: it is damaged or from another program.', problems };
  }
  const { kdf, cipher, ciphertext } = parsed.output;
  try {
    const key = await deriveKey(passphrase, decodeBase64(kdf.salt)!, kdf.iterations);
    const plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: decodeBase64(cipher.iv)!, additionalData: ADDITIONAL_DATA }, key, decodeBase64(ciphertext)!);
    return { ok: true, plaintext: new Uint8Array(plaintext) };
  } catch {
    // GCM cannot tell a wrong passphrase from a changed file, and neither should the message.
    return { ok: false, kind: 'wrong-passphrase', sentence: 'Wrong passphrase or damaged file.' };
  }
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  // NFC: an accented passphrase can arrive composed or decomposed depending on the system and input method.
  const secret = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, secret, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}
