// Decodes payloads in the background with keys that never leave the browser: peels codec layers by
// `encoding` until one the Web UI renders itself. The Go sample nests zlib inside encryption, so one
// layer is not enough; the cap stops a payload that claims to be wrapped forever.
import { decodeError, type DecodeResult } from '../errors';
import { MAX_CODEC_LAYERS } from '../limits';
import { STANDARD_ENCODINGS, isPayload, payloadEncoding, type Payload } from '../payload';
import { aesGcmLayer } from './aes-gcm';
import { createAnswerBudget } from './decompression-budget';
import { gzipLayer } from './gzip';
import { createKeyRing, type KeyRingOptions, type LocalKey } from './key-ring';
import type { LocalContext, PayloadLayer } from './layer';
import { snappyLayer } from './snappy';
import { zlibLayer } from './zlib';

export { encryptPayload } from './aes-gcm';
export { NO_KEY_ID } from './key-ring';
export type { KeyRingOptions, LocalKey } from './key-ring';
export type { LocalContext, PayloadLayer } from './layer';

const LAYERS: ReadonlyMap<string, PayloadLayer> = new Map([aesGcmLayer, zlibLayer, gzipLayer, snappyLayer].map((l) => [l.encoding, l]));

export interface LocalDecoder {
  decode(payloads: Payload[]): Promise<DecodeResult[]>;
}

export function createLocalDecoder(keys: LocalKey[], options?: KeyRingOptions): LocalDecoder {
  const keyRing = createKeyRing(keys, options);
  return {
    // One call is one API answer: its payloads share one decompression budget. All payloads at once:
    // WebCrypto runs decrypts off the main thread, so concurrency is what makes it fast.
    decode(payloads) {
      const answer = createAnswerBudget();
      return Promise.all(payloads.map((p) => (isPayload(p) ? peel(p, { keys: keyRing, budget: answer.forPayload() }, 0) : decodeError('malformed', 'not a payload'))));
    },
  };
}

// Written with then() rather than async/await: over a long history the extra promise per layer shows up
// next to the decrypt itself.
function peel(payload: Payload, ctx: LocalContext, depth: number): DecodeResult | Promise<DecodeResult> {
  const encoding = payloadEncoding(payload);
  if (encoding === undefined) return decodeError('malformed', 'no readable encoding metadata');
  if (STANDARD_ENCODINGS.has(encoding)) return { ok: true, payload };
  if (depth === MAX_CODEC_LAYERS) return decodeError('malformed', `more than ${MAX_CODEC_LAYERS} codec layers`);
  const layer = LAYERS.get(encoding);
  if (layer === undefined) return decodeError('unsupported-encoding', encoding);
  let opened: Promise<DecodeResult>;
  try {
    opened = layer.open(payload, ctx);
  } catch (e) {
    return thrown(e);
  }
  return opened.then((r) => (r.ok ? peel(r.payload, ctx, depth + 1) : r), thrown);
}

// Layers return error values; this only guards against a platform API throwing where it should not.
function thrown(e: unknown): DecodeResult {
  return decodeError('malformed', e instanceof Error ? e.message : String(e));
}
