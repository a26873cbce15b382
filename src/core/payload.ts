// The Payload as the Web UI's HTTP API carries it (proto3 JSON). Light on purpose: the page hook bundles it.
import { decodeBase64Text } from './base64';

/** metadata values and data are base64; data is absent when empty (binary/null). */
export interface Payload {
  metadata?: Record<string, string>;
  data?: string;
  [extra: string]: unknown;
}

/** Encodings the Web UI renders itself: they never go to a codec. */
export const STANDARD_ENCODINGS: ReadonlySet<string> = new Set([
  'json/plain',
  'json/protobuf',
  'binary/plain',
  'binary/protobuf',
  'binary/null',
]);

/** Characters a payload's data and metadata hold: what it costs to keep. */
export function payloadTextChars(p: Payload): number {
  let chars = p.data?.length ?? 0;
  for (const name in p.metadata) chars += name.length + p.metadata[name]!.length;
  return chars;
}

// A history repeats the same few metadata values (encodings, key ids) thousands of times; decoding
// each once saves a base64 and a UTF-8 pass per payload. Losing this memo costs nothing but time.
const MEMO_LIMIT = 512;
const MEMO_MAX_CHARS = 256;
const memo = new Map<string, string | null>();

function metadataValueText(raw: string): string | null {
  if (raw.length > MEMO_MAX_CHARS) return decodeBase64Text(raw, true);
  let text = memo.get(raw);
  if (text === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    text = decodeBase64Text(raw, true);
    memo.set(raw, text);
  }
  return text;
}

/** The decoded `encoding` metadata, or undefined when absent or not base64 UTF-8. */
export function payloadEncoding(p: Payload): string | undefined {
  return metadataText(p, 'encoding');
}

/** A payload without a readable encoding is left alone: no codec could be chosen for it anyway. */
export function needsCodec(p: Payload): boolean {
  const encoding = payloadEncoding(p);
  return encoding !== undefined && !STANDARD_ENCODINGS.has(encoding);
}

/** Already in a standard encoding: a codec's /decode gives it back unchanged, its /encode would still encode it. */
export function hasStandardEncoding(p: Payload): boolean {
  const encoding = payloadEncoding(p);
  return encoding !== undefined && STANDARD_ENCODINGS.has(encoding);
}

/**
 * A payload a codec's `/encode` handed back that Temporal would store readable: still in a standard encoding, with
 * something in it (a `binary/null` holds nothing to read).
 */
export function leftReadable(p: Payload): boolean {
  return hasStandardEncoding(p) && (p.data ?? '') !== '';
}

/**
 * A payload that held something, handed back by a codec's `/encode` holding nothing: no codec makes nothing of
 * something (encryption adds a nonce, compression a header), and the Web UI's input would reach Temporal as nothing.
 */
export function cameBackEmpty(returned: Payload, sent: Payload): boolean {
  return (returned.data ?? '') === '' && (sent.data ?? '') !== '';
}

/**
 * Shape check strict enough that ordinary API objects (a memo map whose key happens to be "metadata",
 * say) are not mistaken for payloads: metadata must be a map of strings and data, if present, a string.
 */
export function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { metadata, data } = value as Record<string, unknown>;
  if (data !== undefined && typeof data !== 'string') return false;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return false;
  for (const v of Object.values(metadata)) if (typeof v !== 'string') return false;
  return true;
}

/** A metadata value as UTF-8 text; undefined when absent, not base64, or not UTF-8. */
export function metadataText(p: Payload, key: string): string | undefined {
  const metadata = (p as Payload | null)?.metadata;
  if (typeof metadata !== 'object' || metadata === null || !Object.hasOwn(metadata, key)) return undefined;
  const raw = metadata[key];
  return typeof raw === 'string' ? (metadataValueText(raw) ?? undefined) : undefined;
}

/**
 * A short identity for counting distinct payloads (history and history-reverse carry the
 * same ones). Encrypted data starts with a random nonce, so its ends tell payloads apart.
 */
export function payloadFingerprint(p: Payload): string {
  const data = p.data ?? '';
  return `${data.length}:${data.slice(0, 24)}:${data.slice(-24)}`;
}
