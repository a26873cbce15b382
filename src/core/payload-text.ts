/**
 * A payload as the extension's own pages show it: its encoding and its data as text, JSON
 * laid out for reading without ever turning its numbers into JavaScript numbers.
 */
import { decodeBase64Text } from './base64';
import { indentJson } from './lossless-json';
import { payloadEncoding, type Payload } from './payload';

export interface PayloadText {
  /** The `encoding` metadata, or "unknown encoding". */
  encoding: string;
  text: string;
  /** The text is the payload's data as UTF-8; otherwise it is the data's base64. */
  readable: boolean;
}

const JSON_ENCODINGS = new Set(['json/plain', 'json/protobuf']);

export function payloadText(payload: Payload): PayloadText {
  const encoding = payloadEncoding(payload) ?? 'unknown encoding';
  const data = payload.data ?? '';
  if (encoding === 'binary/null') return { encoding, text: 'null', readable: true };
  // Only encodings that promise text are shown as text: encrypted bytes can happen to be valid UTF-8.
  const utf8 = JSON_ENCODINGS.has(encoding) || encoding.startsWith('text/') ? decodeBase64Text(data, true) : null;
  if (utf8 === null) return { encoding, text: data, readable: false };
  return { encoding, text: JSON_ENCODINGS.has(encoding) ? indentJson(utf8) : utf8, readable: true };
}
