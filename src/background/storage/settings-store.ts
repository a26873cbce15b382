/**
 * The settings record, in the extension's own IndexedDB where no content script can read or
 * write it. Every reader goes through readSettings, so a damaged part is set aside instead
 * of spreading; every write carries what was set aside, so nothing is ever lost.
 */
import { readSettings, settingsRecord, type SettingsReading } from '../../core/settings/stored-settings';
import type { Settings } from '../../core/settings/schema';
import { frozen } from '../../core/frozen';
import type { KeyValueStore } from './key-value';

const RECORD = 'settings';

export interface SettingsStore {
  /** A copy of the settings of its own, which the caller may change (an update's change is given one). */
  read(): Promise<SettingsReading>;
  /**
   * The settings as last stored, one reading shared by every caller and frozen: for what looks them up on every
   * request (a decode's rule), which a copy and a fresh check of the whole record per request would slow down.
   */
  current(): Promise<SettingsReading>;
  /**
   * The settings once every update asked for so far has been stored or refused: for a decision a save under way must
   * not miss, such as whether an address is still used. Never from within an update's change or steps, nor from work
   * `inTurn`, which it would wait for (read() there: nothing else changes them meanwhile).
   */
  settled(): Promise<SettingsReading>;
  /** Read-modify-write, one at a time, so two quick edits cannot undo each other. */
  update(change: (settings: Settings) => Settings | Promise<Settings>, steps?: UpdateSteps): Promise<Settings>;
  /**
   * Runs `work` between two updates, never during one (an update's `written` step included): for a change to the
   * secrets alone (forgetting a token), which an update's `undo` would otherwise write over. Never from within an
   * update's change or steps, nor from other work in turn, which it would wait for.
   */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
  /** Whether any record is stored (false on a fresh install and after an upgrade from storage.local). */
  hasRecord(): Promise<boolean>;
  /** Stores exactly this record (used once, to move version 1 settings here). */
  write(settings: Settings): Promise<void>;
}

/** What an update does besides the settings, before the next update starts. */
export interface UpdateSteps {
  /** The change wrote more than the settings (secrets): puts that back should the settings' own write fail. */
  undo?: () => Promise<void>;
  /**
   * Follows the settings' write: what must go only once they no longer need it (the secrets of a rule removed). Should
   * it fail, the update is reported failed although the settings were written.
   */
  written?: () => Promise<void>;
}

export function createSettingsStore(store: KeyValueStore<unknown>, onChange?: () => void): SettingsStore {
  let queue: Promise<unknown> = Promise.resolve();
  // An IndexedDB transaction per decode request cost the background more than routing it. The background is the
  // record's one writer (another version of the extension writes it only across a restart of the background), so what
  // it read last stays true until it writes; read() gives each reader a copy of its own, as IndexedDB would.
  let record: Promise<unknown> | undefined;
  const stored = async () => {
    const reading = (record ??= store.get(RECORD));
    try {
      return structuredClone(await reading);
    } catch (error) {
      // Not kept: the next reader asks IndexedDB again.
      if (record === reading) record = undefined;
      throw error;
    }
  };
  const read = async () => readSettings(await stored());
  // Kept, as the record is, until the background writes; frozen, so that no caller can change what the next one reads.
  let shared: Promise<SettingsReading> | undefined;
  const current = () => {
    if (shared !== undefined) return shared;
    const reading = read().then(frozen);
    // Not kept once it fails: the next lookup asks IndexedDB again.
    reading.catch(() => {
      if (shared === reading) shared = undefined;
    });
    return (shared = reading);
  };
  const write = async (settings: Settings) => {
    try {
      await store.set(RECORD, settingsRecord(settings));
    } finally {
      // A read that began while the record was being written may hold either version.
      record = undefined;
      shared = undefined;
    }
    onChange?.();
  };
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    read,
    current,
    settled: () => queue.then(read),
    write,
    hasRecord: async () => (await stored()) !== undefined,
    update: (change, { undo, written } = {}) =>
      inTurn(async () => {
        const updated = await change((await read()).settings);
        try {
          await write(updated);
        } catch (error) {
          await undo?.();
          throw error;
        }
        await written?.();
        return updated;
      }),
    inTurn,
  };
}
