// Local AES-GCM keys by id, imported into WebCrypto once: importKey per payload would cost more than decrypting.
//
// A key input can mean several byte strings (32 hex digits are also 32 characters of text, key-input.ts). Each
// reading is one LocalKey under the same id, and GCM's tag decides: the reading that opens a payload is
// remembered, tried first from then on, and reported through `onKeyConfirmed`. Encoding cannot ask a tag, so it
// takes the key `encodingKey` chooses and refuses to guess between readings nothing has confirmed.
import { decodeError, type DecodeResult } from '../errors';
import { aesSizeOf, type KeyCandidate, type KeyForm } from '../key-input';

export interface LocalKey {
  id: string;
  /** 16 or 32 bytes (AES-128 / AES-256). */
  key: Uint8Array;
  /** How the user's input was read into these bytes; several LocalKeys with one id are the readings of one input. */
  form?: KeyForm;
}

/** Every reading of one key input, in the order to try them. */
export function candidateKeys(id: string, candidates: readonly KeyCandidate[]): LocalKey[] {
  return candidates.map((c) => ({ id, key: c.bytes, form: c.form }));
}

export type KeyLookup =
  | {
      ok: true;
      /** In the order to try them: readings that opened a payload first. */
      keys: readonly CryptoKey[];
      /** Tells the ring which of `keys` opened a payload. Synchronous and cheap once that key is remembered. */
      opened(index: number): void;
      /** The same keys, in the same order, for AES-CTR: the TypeScript sample's format before October 2022 (aes-gcm.ts). */
      counterKeys(): Promise<ReadonlyArray<CryptoKey | null>>;
    }
  | Extract<DecodeResult, { ok: false }>;

/** The detail of a payload without a key id that no key opened. */
export const NO_KEY_ID = '(no key id)';

export interface KeyRing {
  /**
   * Key id as written in `encryption-key-id`; empty or missing means "try every key" (GCM authenticates).
   * Synchronous once a key is imported: a promise per payload is measurable over a long history.
   */
  lookup(keyId: string | undefined): KeyLookup | Promise<KeyLookup>;
}

export interface KeyRingOptions {
  /** A reading of key `id` opened a payload: called the first time, and again only if another reading later does. */
  onKeyConfirmed?(id: string, form: KeyForm | undefined): void;
}

interface Entry {
  key: LocalKey;
  imported?: Promise<CryptoKey | null>;
  /** Imported for AES-CTR only when a payload no key opens as AES-GCM asks for it. */
  importedForCounter?: Promise<CryptoKey | null>;
}

export function createKeyRing(keys: readonly LocalKey[], options: KeyRingOptions = {}): KeyRing {
  const entries: Entry[] = keys.map((key) => ({ key }));
  const byId = new Map<string, Entry[]>();
  for (const entry of entries) byId.set(entry.key.id, [...(byId.get(entry.key.id) ?? []), entry]);
  const ready = new Map<string, KeyLookup>();
  const confirmed = new Map<string, Entry>();

  const importOnce = (entry: Entry): Promise<CryptoKey | null> => {
    const { key } = entry.key;
    entry.imported ??= aesSizeOf(key) !== undefined
      ? crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, ['decrypt', 'encrypt']).catch(() => null)
      : Promise.resolve(null);
    return entry.imported;
  };

  const importForCounterOnce = (entry: Entry): Promise<CryptoKey | null> => {
    entry.importedForCounter ??= crypto.subtle.importKey('raw', entry.key.key as Uint8Array<ArrayBuffer>, 'AES-CTR', false, ['decrypt']).catch(() => null);
    return entry.importedForCounter;
  };

  const confirm = (entry: Entry, cacheKey: string) => {
    const { id, form } = entry.key;
    if (confirmed.get(id) === entry) return;
    confirmed.set(id, entry);
    // Opened through another lookup (the empty key id): the id's own lookup is rebuilt with this reading first.
    if (cacheKey !== id) ready.delete(id);
    options.onKeyConfirmed?.(id, form);
  };

  /** A lookup whose `opened` moves the winner to the front of the cached order for the next payloads. */
  const lookupOf = (cacheKey: string, order: readonly { entry: Entry; cryptoKey: CryptoKey }[]): KeyLookup => ({
    ok: true,
    keys: order.map((o) => o.cryptoKey),
    opened(index) {
      const winner = order[index];
      if (winner === undefined) return;
      confirm(winner.entry, cacheKey);
      if (index > 0) ready.set(cacheKey, lookupOf(cacheKey, [winner, ...order.filter((_, i) => i !== index)]));
    },
    counterKeys: () => Promise.all(order.map((o) => importForCounterOnce(o.entry))),
  });

  return {
    lookup(keyId) {
      return ready.get(keyId ?? '') ?? resolve(keyId ?? '');
    },
  };

  async function resolve(keyId: string): Promise<KeyLookup> {
    const found = await find(keyId);
    if (found.ok) ready.set(keyId, found);
    return found;
  }

  async function find(keyId: string): Promise<KeyLookup> {
    const candidates = keyId === '' ? entries : byId.get(keyId);
    if (candidates === undefined) return decodeError('unknown-key-id', keyId);
    const imported = await Promise.all(candidates.map(async (entry) => ({ entry, cryptoKey: await importOnce(entry) })));
    const usable = imported.filter((i): i is { entry: Entry; cryptoKey: CryptoKey } => i.cryptoKey !== null);
    if (usable.length === 0) {
      if (keyId === '') return decodeError('unknown-key-id', NO_KEY_ID);
      return decodeError('decrypt-failed', `key "${keyId}" is ${candidates[0]!.key.key.length} bytes, not 16 or 32`);
    }
    // Payloads decoded while this lookup was being built may already have confirmed a reading.
    const isConfirmed = (i: { entry: Entry }) => confirmed.get(i.entry.key.id) === i.entry;
    return lookupOf(keyId, [...usable.filter(isConfirmed), ...usable.filter((i) => !isConfirmed(i))]);
  }
}

export type EncodingKeyChoice =
  | { ok: true; key: LocalKey }
  | { ok: false; kind: 'unknown-key-id' | 'key-form-unconfirmed'; sentence: string };

/**
 * The key to encode with under `id`: its only reading, or the reading a decode confirmed (`confirmedForm`, as
 * reported by `onKeyConfirmed`). With several readings and none confirmed it refuses rather than guess: a payload
 * encrypted under the wrong reading could never be decrypted by the workers.
 */
export function encodingKey(keys: readonly LocalKey[], id: string, confirmedForm?: KeyForm): EncodingKeyChoice {
  const readings = keys.filter((k) => k.id === id);
  if (readings.length === 0) return { ok: false, kind: 'unknown-key-id', sentence: `No local key has the id “${id}”.` };
  if (readings.length === 1) return { ok: true, key: readings[0]! };
  const chosen = readings.find((k) => k.form !== undefined && k.form === confirmedForm);
  if (chosen) return { ok: true, key: chosen };
  const forms = readings.map((k) => `${k.key.length} bytes of ${k.form ?? 'an unknown form'}`);
  return {
    ok: false,
    kind: 'key-form-unconfirmed',
    sentence: `Key “${id}” could be ${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}; open a payload encrypted with it first, or paste the key as base64, before anything is encoded with it.`,
  };
}
