/**
 * Reading and writing the extension's own storage from one of its pages (same origin as the
 * background), as the trust tests need: to show what is stored where, to damage the stored
 * settings on purpose, and to lay down what the previous version stored. Expressions for
 * `evaluateInOptions`.
 */

/** The databases and object stores the background keeps (src/background/index.ts). */
export const SETTINGS_DB = { database: 'payload-lens-settings', store: 'settings', key: 'settings' };

const IDB_HELPERS = `
  const open = (name, store) => new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => request.result.createObjectStore(store);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = async (name, store, mode, act) => {
    const db = await open(name, store);
    try {
      return await new Promise((resolve, reject) => {
        const request = act(db.transaction(store, mode).objectStore(store));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  };
  const api = globalThis.browser ?? globalThis.chrome;
`;

/**
 * What the tally the background stored for a tab counts as decoded, and the namespaces it names; null with none stored
 * (the key is src/background/index.ts's prefix and the tab's id).
 */
export const storedTallyOf = (tabId: number) => `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const key = 'tab:${tabId}';
  const stored = (await api.storage.session.get(key))[key];
  return stored ? { decoded: stored.decoded, namespaces: stored.namespaces } : null;
})()`;

/**
 * The endpoints whose body limits the background kept for the session (src/background/index.ts's prefix and key), as
 * "with cookies <request URL>" or "without cookies <request URL>"; none when nothing is kept.
 */
export const STORED_CODEC_LIMIT_KEYS = `(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const kept = (await api.storage.session.get('codec:limits'))['codec:limits'] ?? [];
  return kept.map(([key]) => key);
})()`;

/** Everything the extension stores, as one JSON text: storage.local, storage.session and every IndexedDB record. */
export const DUMP_ALL_STORAGE = `(async () => {
  ${IDB_HELPERS}
  const databases = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const stores = Array.from(db.objectStoreNames);
    db.close();
    for (const store of stores) {
      const keys = await run(name, store, 'readonly', (s) => s.getAllKeys());
      const values = await run(name, store, 'readonly', (s) => s.getAll());
      databases[name + '/' + store] = keys.map((key, i) => [key, values[i] instanceof CryptoKey ? '(CryptoKey)' : values[i]]);
    }
  }
  return JSON.stringify({ local: await api.storage.local.get(null), session: await api.storage.session.get(null), databases });
})()`;

export function readSettingsRecord(): string {
  return `(async () => { ${IDB_HELPERS} return run(${JSON.stringify(SETTINGS_DB.database)}, ${JSON.stringify(SETTINGS_DB.store)}, 'readonly', (s) => s.get(${JSON.stringify(SETTINGS_DB.key)})); })()`;
}

/** Replaces the stored settings record; `undefined` deletes it. */
export function writeSettingsRecord(record: unknown): string {
  const act = record === undefined ? `(s) => s.delete(${JSON.stringify(SETTINGS_DB.key)})` : `(s) => s.put(${JSON.stringify(record)}, ${JSON.stringify(SETTINGS_DB.key)})`;
  return `(async () => { ${IDB_HELPERS} await run(${JSON.stringify(SETTINGS_DB.database)}, ${JSON.stringify(SETTINGS_DB.store)}, 'readwrite', ${act}); return true; })()`;
}

/**
 * Lays down settings as version 1 stored them: the record in storage.local, and remembered
 * secrets in storage.local sealed (AES-GCM, no additional data) under the at-rest key that
 * version 1 kept in the IndexedDB database "payload-lens", store "keys".
 */
export function writeVersion1Settings(settings: unknown, secrets: Record<string, string>): string {
  return `(async () => {
    ${IDB_HELPERS}
    let key = await run('payload-lens', 'keys', 'readonly', (s) => s.get('secrets-at-rest'));
    if (!(key instanceof CryptoKey)) {
      key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await run('payload-lens', 'keys', 'readwrite', (s) => s.put(key, 'secrets-at-rest'));
    }
    const base64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
    const items = { settings: ${JSON.stringify(settings)} };
    for (const [name, value] of Object.entries(${JSON.stringify(secrets)})) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(value));
      items['secret:' + name] = { iv: base64(iv), sealed: base64(sealed) };
    }
    await api.storage.local.set(items);
    return true;
  })()`;
}
