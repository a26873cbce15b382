/** A browser storage area (storage.local, storage.session) in memory, for code that takes one as an argument. */
import type { Storage } from 'webextension-polyfill';

export function fakeStorageArea(initial: Record<string, unknown> = {}): Storage.StorageArea & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(structuredClone(initial)));
  const pick = (names: string[]) => Object.fromEntries(names.filter((name) => data.has(name)).map((name) => [name, structuredClone(data.get(name))]));
  return {
    data,
    async get(keys) {
      if (keys === null || keys === undefined) return pick([...data.keys()]);
      if (typeof keys === 'string') return pick([keys]);
      if (Array.isArray(keys)) return pick(keys);
      return { ...keys, ...pick(Object.keys(keys)) };
    },
    async set(items) {
      for (const [name, value] of Object.entries(items)) data.set(name, structuredClone(value));
    },
    async remove(keys) {
      for (const name of typeof keys === 'string' ? [keys] : keys) data.delete(name);
    },
    async clear() {
      data.clear();
    },
    getKeys: async () => [...data.keys()],
    async getBytesInUse(keys) {
      const names = keys === null || keys === undefined ? [...data.keys()] : typeof keys === 'string' ? [keys] : keys;
      return names.reduce((bytes, name) => bytes + (data.has(name) ? name.length + JSON.stringify(data.get(name)).length : 0), 0);
    },
    onChanged: { addListener() {}, removeListener() {}, hasListener: () => false },
  };
}
