/**
 * The key that seals remembered secrets: a non-extractable AES-GCM CryptoKey kept in the
 * extension's own IndexedDB, created on first use. It keeps secrets from web pages, content
 * scripts and other extensions. It does not keep them from someone holding a copy of the
 * browser profile: the key lies in that same profile, and the browser can use it.
 */
import type { KeyValueStore } from './key-value';

const KEY_NAME = 'secrets-at-rest';

export function createAtRestKey(store: KeyValueStore<CryptoKey>): () => Promise<CryptoKey> {
  let pending: Promise<CryptoKey> | undefined;
  async function loadOrCreate(): Promise<CryptoKey> {
    const existing = await store.get(KEY_NAME);
    if (existing instanceof CryptoKey) return existing;
    const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await store.set(KEY_NAME, created);
    return created;
  }
  // Concurrent first uses share one creation; a failure is not kept, so the next use tries again.
  return () =>
    (pending ??= loadOrCreate().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
