/**
 * The background's stores as index.ts builds them, kept in memory: the same secret store,
 * settings store and at-rest key, over maps the tests can read and tamper with.
 */
import { createAtRestKey } from '../storage/at-rest-key';
import { memoryStore } from '../storage/key-value';
import { createSecretStore } from '../storage/secret-store';
import { createSettingsStore, type SettingsStore } from '../storage/settings-store';
import { createAccessRelease } from '../unused-access';

export function memorySecrets(onChange?: () => void) {
  const session = memoryStore<unknown>();
  const remembered = memoryStore<unknown>();
  const sessionMarks = memoryStore<unknown>();
  const atRestKey = createAtRestKey(memoryStore<CryptoKey>());
  const secrets = createSecretStore({ session, remembered, sessionMarks, atRestKey, ...(onChange ? { onChange } : {}) });
  return { secrets, session, remembered, sessionMarks, atRestKey };
}

export function memorySettings(onChange?: () => void) {
  const store = memoryStore<unknown>();
  return { settings: createSettingsStore(store, onChange), store };
}

/** The release of unused host access (unused-access.ts) over `settings`, with the match patterns it gave back, in order. */
export function recordingAccessRelease(settings: SettingsStore) {
  const givenBack: string[] = [];
  const access = createAccessRelease(settings, { remove: async ({ origins }) => (givenBack.push(...origins), true) }, (origin) => `${origin}/*`);
  return { access, givenBack };
}

/** Has `store` refuse its `nth` write from now on, as a full storage quota does; returns how to make it writable again. */
export function refusingWrite(store: { set(key: string, value: unknown): Promise<void> }, nth = 1): () => void {
  const set = store.set;
  let writes = 0;
  store.set = async (key, value) => {
    if (++writes === nth) throw new Error('QUOTA_BYTES quota exceeded');
    return set.call(store, key, value);
  };
  return () => {
    store.set = set;
  };
}
