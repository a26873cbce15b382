/**
 * The key that encrypts remembered secrets in storage.local. It is a non-extractable
 * CryptoKey kept in the extension's own IndexedDB: storage.local can be read by content
 * scripts and copied off the disk as plain JSON, the key cannot be exported at all.
 */
const DB_NAME = 'payload-lens';
const STORE = 'keys';
const KEY_NAME = 'secrets-at-rest';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB did not open.'));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = act(db.transaction(STORE, mode).objectStore(STORE));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed.'));
  });
}

let pending: Promise<CryptoKey> | undefined;

async function loadOrCreate(): Promise<CryptoKey> {
  const db = await openDb();
  try {
    const existing = await run<unknown>(db, 'readonly', (store) => store.get(KEY_NAME));
    if (existing instanceof CryptoKey) return existing;
    const created = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await run(db, 'readwrite', (store) => store.put(created, KEY_NAME));
    return created;
  } finally {
    db.close();
  }
}

/** One key per profile, created on first use; concurrent first uses share one creation. */
export function atRestKey(): Promise<CryptoKey> {
  pending ??= loadOrCreate().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
