// binary/encrypted as every official sample writes it (docs/protocol.md §3):
// data = 12-byte nonce ‖ ciphertext ‖ 16-byte tag, no AAD, plaintext = the whole serialized inner Payload.
import { decodeBase64, encodeBase64, encodeBase64Text, withBase64Bytes } from '../base64';
import { decodeError, type DecodeResult } from '../errors';
import { metadataText, type Payload } from '../payload';
import { parseDelimitedPayloadProto, parsePayloadProto, serializePayloadProto } from '../payload-proto';
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
    if (cipher !== undefined && cipher.toLowerCase() !== SUPPORTED_CIPHER) return resolved(decodeError('unsupported-encoding', `binary/encrypted with ${cipher}`));
    const data = payload.data ?? '';
    const opened = withBase64Bytes(data, (sealed) => {
      if (sealed.length < NONCE_BYTES + TAG_BYTES) return resolved(decodeError('malformed', 'encrypted data is shorter than nonce and tag'));
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
  // Several keys (an empty key id, or several readings of one key input) are tried in turn; GCM's tag tells
  // the right one, and the ring remembers it for the next payloads.
  const attempt = (k: number, bytes: Uint8Array<ArrayBuffer>): Promise<DecodeResult> => {
    const key = found.keys[k];
    if (key === undefined) return resolved(decodeError('decrypt-failed'));
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

function toPayload(buffer: ArrayBuffer): DecodeResult {
  const plaintext = new Uint8Array(buffer);
  const inner = parsePayloadProto(plaintext) ?? parseDelimitedPayloadProto(plaintext);
  return inner === null ? decodeError('malformed', 'the decrypted data is not a Temporal Payload') : { ok: true, payload: inner };
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
