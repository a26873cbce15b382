/**
 * Turns the key a user pastes into AES key bytes. Teams keep keys as base64 or hex, and the official samples
 * use text: the TypeScript and Go samples' key is the 32 characters `test-key-test-key-test-key-test!`, used as
 * its UTF-8 bytes. Some inputs are valid in more than one form (32 hex digits are also 32 characters of text);
 * then every reading is returned and the GCM tag of the first payload decides (see local/key-ring.ts).
 */
import { decodeBase64 } from './base64';

export type KeyForm = 'hex' | 'base64' | 'text';
export type AesSize = 128 | 256;

export interface KeyCandidate {
  form: KeyForm;
  bytes: Uint8Array<ArrayBuffer>;
  aes: AesSize;
}

export type KeyReading =
  /** `candidates` is never empty; in the order to try them before a payload has decided. */
  | { ok: true; candidates: KeyCandidate[]; sentence: string }
  | { ok: false; kind: 'empty' | 'wrong-size'; sentence: string };

const AES_BY_LENGTH: ReadonlyMap<number, AesSize> = new Map([[16, 128], [32, 256]]);

/** The key sizes taken: AES-128 and AES-256, what the official samples use (none uses AES-192). */
export function aesSizeOf(bytes: Uint8Array): AesSize | undefined {
  return AES_BY_LENGTH.get(bytes.length);
}
const QUOTES = new Set(['"', "'", '`']);
const utf8 = new TextEncoder();

interface Reading {
  /** The text as typed, surrounding white space removed. */
  text: string;
  /** Inside a pair of quotes, as the key stands in source code or a JSON file. */
  unquoted: boolean;
}

/** Every way the input can be read as a 16- or 32-byte key, and one sentence to show as the user types. */
export function readKeyInput(input: string): KeyReading {
  const trimmed = input.trim();
  if (!trimmed) return { ok: false, kind: 'empty', sentence: 'Paste the key.' };
  const readings: Reading[] = [{ text: trimmed, unquoted: false }];
  const inner = trimmed.slice(1, -1);
  if (QUOTES.has(trimmed[0]!) && trimmed.at(-1) === trimmed[0] && inner.trim()) readings.push({ text: inner, unquoted: true });

  const found: { candidate: KeyCandidate; unquoted: boolean }[] = [];
  const misfits: [KeyForm, number][] = [];
  for (const reading of readings) {
    for (const [form, bytes] of forms(reading.text)) {
      const aes = aesSizeOf(bytes);
      if (aes !== undefined) found.push({ candidate: { form, bytes, aes }, unquoted: reading.unquoted });
      else if (form !== 'text') misfits.push([form, bytes.length]);
    }
  }
  if (found.length === 0) return { ok: false, kind: 'wrong-size', sentence: wrongSize(readings.at(-1)!.text) };
  const candidates = found.map((f) => f.candidate);
  if (found.length > 1) {
    const options = candidates.map((c) => `${c.bytes.length} bytes of ${c.form} (AES-${c.aes})`);
    return { ok: true, candidates, sentence: `Could be ${options.slice(0, -1).join(', ')} or ${options.at(-1)}; the first payload decoded decides.` };
  }
  const [{ candidate, unquoted }] = found as [(typeof found)[0]];
  const where = unquoted ? ' (inside the quotes)' : '';
  // 32 base64 characters are 24 bytes: someone who meant base64 must learn why it was taken as text.
  const misfit = candidate.form === 'text' ? misfits[0] : undefined;
  const aside = misfit ? ` (as ${misfit[0]} it would be ${misfit[1]} bytes, which AES-GCM does not take)` : '';
  return { ok: true, candidates, sentence: `Read as ${candidate.bytes.length} bytes of ${candidate.form}${where}: an AES-${candidate.aes} key${aside}.` };
}

/** The forms a text is valid in, whatever their size. White space inside is a line break from copying, except in text. */
function forms(text: string): [KeyForm, Uint8Array<ArrayBuffer>][] {
  const compact = text.replace(/\s+/g, '');
  const out: [KeyForm, Uint8Array<ArrayBuffer>][] = [];
  const hex = fromHex(compact);
  if (hex) out.push(['hex', hex]);
  const base64 = decodeBase64(compact);
  if (base64 && compact) out.push(['base64', base64]);
  out.push(['text', utf8.encode(text)]);
  return out;
}

function fromHex(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Hex digits are taken for hex; otherwise the size as base64 (when it is base64: dashes make the samples' text
 * key valid base64) and as text, so that either can be fixed.
 */
function wrongSize(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (/^[0-9a-fA-F]+$/.test(compact)) {
    return `This is ${compact.length} hex digits; AES-GCM keys are 32 or 64 hex digits (16 or 32 bytes).`;
  }
  const base64 = decodeBase64(compact);
  const asText = `${utf8.encode(text).length} bytes as text`;
  return `This is ${base64 ? `${base64.length} bytes as base64 or ${asText}` : asText}; AES-GCM keys are 16 or 32 bytes.`;
}

export type KeyParse = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: string };

/**
 * The first reading only (hex before base64 before text), for callers that keep one byte string per key id.
 * An input valid in several forms is better handed to the key ring whole: `readKeyInput(...).candidates`.
 */
export function parseKeyInput(input: string): KeyParse {
  const reading = readKeyInput(input);
  return reading.ok ? { ok: true, bytes: reading.candidates[0]!.bytes } : { ok: false, reason: reading.sentence };
}
