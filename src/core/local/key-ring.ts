// Local AES-GCM keys by id, imported into WebCrypto once: importKey per payload would cost more than decrypting.
import { decodeError, type DecodeResult } from '../errors';

export interface LocalKey {
  id: string;
  /** 16 or 32 bytes (AES-128 / AES-256). */
  key: Uint8Array;
}

export type KeyLookup = { ok: true; keys: CryptoKey[] } | Extract<DecodeResult, { ok: false }>;

export interface KeyRing {
  /**
   * Key id as written in `encryption-key-id`; empty or missing means "try every key" (GCM authenticates).
   * Synchronous once a key is imported: a promise per payload is measurable over a long history.
   */
  lookup(keyId: string | undefined): KeyLookup | Promise<KeyLookup>;
}

export function createKeyRing(keys: readonly LocalKey[]): KeyRing {
  const imported = new Map<string, Promise<CryptoKey | null>>();
  const ready = new Map<string, KeyLookup>();
  const byId = new Map<string, LocalKey>();
  for (const k of keys) if (!byId.has(k.id)) byId.set(k.id, k);

  const importOnce = (k: LocalKey): Promise<CryptoKey | null> => {
    let p = imported.get(k.id);
    if (p === undefined) {
      p = k.key.length === 16 || k.key.length === 32
        ? crypto.subtle.importKey('raw', k.key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt', 'encrypt']).catch(() => null)
        : Promise.resolve(null);
      imported.set(k.id, p);
    }
    return p;
  };

  return {
    lookup(keyId) {
      return ready.get(keyId ?? '') ?? resolve(keyId);
    },
  };

  async function resolve(keyId: string | undefined): Promise<KeyLookup> {
    const found = await find(keyId);
    if (found.ok) ready.set(keyId ?? '', found);
    return found;
  }

  async function find(keyId: string | undefined): Promise<KeyLookup> {
    if (keyId === undefined || keyId === '') {
      const all = (await Promise.all([...byId.values()].map(importOnce))).filter((k): k is CryptoKey => k !== null);
      return all.length > 0 ? { ok: true, keys: all } : decodeError('unknown-key-id', '(no key id)');
    }
    const k = byId.get(keyId);
    if (k === undefined) return decodeError('unknown-key-id', keyId);
    const cryptoKey = await importOnce(k);
    if (cryptoKey === null) return decodeError('decrypt-failed', `key "${keyId}" is ${k.key.length} bytes, not 16 or 32`);
    return { ok: true, keys: [cryptoKey] };
  }
}
