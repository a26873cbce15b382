// zlib and gzip through the platform's DecompressionStream, with an output cap.
import { decodeBase64 } from '../base64';
import { decodeError, type DecodeResult } from '../errors';
import type { Payload } from '../payload';
import { parsePayloadProto } from '../payload-proto';
import { MAX_INNER_BYTES } from './layer';

export async function inflate(bytes: Uint8Array<ArrayBuffer>, format: CompressionFormat, limit = MAX_INNER_BYTES): Promise<Uint8Array | null> {
  try {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(format)).getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        return null;
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch {
    return null; // corrupt or truncated stream
  }
}

/** Compression layers wrap the whole serialized inner Payload, like encryption does. */
export async function openCompressed(payload: Payload, format: CompressionFormat): Promise<DecodeResult> {
  const compressed = decodeBase64(payload.data ?? '');
  if (compressed === null) return decodeError('malformed', 'data is not base64');
  const raw = await inflate(compressed, format);
  if (raw === null) return decodeError('malformed', `not valid ${format} data`);
  const inner = parsePayloadProto(raw);
  return inner === null ? decodeError('malformed', `the ${format} data is not a Temporal Payload`) : { ok: true, payload: inner };
}
