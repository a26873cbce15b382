// binary/encrypted as every official sample writes it (docs/protocol.md §3):
// data = 12-byte nonce ‖ ciphertext ‖ 16-byte tag, no AAD, plaintext = the whole serialized inner Payload.
// And as the TypeScript sample wrote it before October 2022: the bare AES-CTR ciphertext of the length-delimited
// inner Payload, with GCM's counter under an all-zero nonce, nothing authenticated.
import { decodeBase64, encodeBase64, encodeBase64Text, withBase64Bytes } from '../base64';
import { decodeError, type DecodeResult } from '../errors';
import { metadataText, type Payload } from '../payload';
import { OVER_CAPS, delimitedStart, readDelimitedPayload, serializePayloadProto } from '../payload-proto';
import { innerPayloadResult } from './inner-payload';
import type { KeyLookup, LocalKey } from './key-ring';
import type { PayloadLayer } from './layer';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
// The Java sample names its cipher; the others imply this one.
const SUPPORTED_CIPHER = 'aes/gcm/nopadding';

export const aesGcmLayer: PayloadLayer = {
  encoding: 'binary/encrypted',
  open(payload, ctx) {
    const cipher = metadataText(payload, 'encryption-cipher');
    if (cipher !== undefined && cipher.toLowerCase() !== SUPPORTED_CIPHER) return resolved(decodeError('unsupported-cipher', cipher));
    const data = payload.data ?? '';
    const opened = withBase64Bytes(data, (sealed) => {
      const lookup = ctx.keys.lookup(metadataText(payload, 'encryption-key-id'));
      // `sealed` is good only until this returns: a key still to come gets a copy.
      if (lookup instanceof Promise) {
        const kept = sealed.slice();
        return lookup.then((found) => open(kept, found, () => kept));
      }
      return open(sealed, lookup, () => decodeBase64(data)!);
    });
    return opened ?? resolved(decodeError('malformed', 'data is not base64'));
  },
};

const resolved = (r: DecodeResult) => Promise.resolve(r);

/**
 * Decrypts with the found keys in turn, the first with `sealed` at once (WebCrypto copies its input when called, so
 * `sealed` may be reused as soon as this returns); a later key gets the bytes `again` gives.
 */
function open(sealed: Uint8Array<ArrayBuffer>, found: KeyLookup, again: () => Uint8Array<ArrayBuffer>): Promise<DecodeResult> {
  if (!found.ok) return resolved(found);
  // Too short for nonce and tag: only the old format could have written it.
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return openLegacy(found, again(), decodeError('malformed', 'encrypted data is shorter than nonce and tag'));
  // Several keys (an empty key id, or several readings of one key input) are tried in turn; GCM's tag tells
  // the right one, and the ring remembers it for the next payloads.
  const attempt = (k: number, bytes: Uint8Array<ArrayBuffer>): Promise<DecodeResult> => {
    const key = found.keys[k];
    if (key === undefined) return openLegacy(found, again(), decodeError('decrypt-failed'));
    return crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES) }, key, bytes.subarray(NONCE_BYTES)).then(
      (plaintext) => {
        found.opened(k);
        return toPayload(plaintext);
      },
      () => attempt(k + 1, again()),
    );
  };
  return attempt(0, sealed);
}

/** GCM's first counter block for a 12-byte nonce of zeros: where the old sample's keystream began. */
const LEGACY_COUNTER = Uint8Array.from([...new Array<number>(NONCE_BYTES).fill(0), 0, 0, 0, 2]);

/**
 * The TypeScript sample's format before October 2022 (docs/protocol.md §3): no tag says which key is right, so a key
 * opens it only when what comes out is a well-formed length-delimited Payload. `failed` when none does.
 */
async function openLegacy(found: Extract<KeyLookup, { ok: true }>, ciphertext: Uint8Array<ArrayBuffer>, failed: DecodeResult): Promise<DecodeResult> {
  const keys = await found.counterKeys();
  for (const [k, key] of keys.entries()) {
    if (key === null) continue;
    const decrypt = (bytes: Uint8Array<ArrayBuffer>) => crypto.subtle.decrypt({ name: 'AES-CTR', counter: LEGACY_COUNTER, length: 32 }, key, bytes).catch(() => null);
    // The first block says whether the rest is worth decrypting: its length prefix must cover exactly what follows,
    // which a wrong key's (or another format's) keystream all but never gives. A mistyped key then costs one block.
    const head = await decrypt(ciphertext.slice(0, 16));
    if (head === null || delimitedStart(new Uint8Array(head), ciphertext.length) === null) continue;
    const plaintext = await decrypt(ciphertext);
    const inner = plaintext === null ? null : readDelimitedPayload(new Uint8Array(plaintext));
    if (inner !== null) {
      found.opened(k);
      return inner === OVER_CAPS ? decodeError('payload-over-limits') : { ok: true, payload: inner };
    }
  }
  return failed;
}

function toPayload(buffer: ArrayBuffer): DecodeResult {
  return innerPayloadResult(new Uint8Array(buffer), 'decrypted', true);
}

const encryptKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/** The samples' format, for payloads the UI sends (start, signal). Rejects when the inner payload is not valid base64. */
export async function encryptPayload(inner: Payload, key: LocalKey): Promise<Payload> {
  const plaintext = serializePayloadProto(inner);
  if (plaintext === null) throw new Error('payload metadata or data is not base64');
  let cryptoKey = encryptKeys.get(key.key);
  if (cryptoKey === undefined) {
    cryptoKey = crypto.subtle.importKey('raw', key.key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['encrypt']);
    encryptKeys.set(key.key, cryptoKey);
  }
  const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await cryptoKey, plaintext as Uint8Array<ArrayBuffer>));
  const sealed = new Uint8Array(NONCE_BYTES + ciphertext.length);
  sealed.set(iv);
  sealed.set(ciphertext, NONCE_BYTES);
  return {
    metadata: { encoding: encodeBase64Text('binary/encrypted'), 'encryption-key-id': encodeBase64Text(key.id) },
    data: encodeBase64(sealed),
  };
}
