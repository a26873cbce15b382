import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_VERSION, type Rule } from '../../core/settings/schema';
import { memorySettings } from '../test-support/stores';
import { memoryStore } from './key-value';
import { createSettingsStore } from './settings-store';

const rule = (id: string, namespace: string): Rule => ({ id, addresses: ['http://localhost:8233'], namespace, enabled: true, mode: 'local', encodeRequests: true, privateView: false, local: { keyIds: [''], activeKeyId: '' } });

/** Lets every other pending step run first, as a slow storage read would. */
const later = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the settings store', () => {
  it('applies quick edits one after the other, so none undoes another', async () => {
    const { settings } = memorySettings();
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((namespace) =>
        settings.update(async (current) => {
          await later();
          return { ...current, rules: [...current.rules, rule(namespace, namespace)] };
        }),
      ),
    );
    expect((await settings.read()).settings.rules.map((r) => r.namespace)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('writes nothing for an edit that fails, and goes on with the next one', async () => {
    const onChange = vi.fn();
    const { settings, store } = memorySettings(onChange);
    const failing = settings.update(() => Promise.reject(new Error('refused')));
    const next = settings.update((current) => ({ ...current, origins: ['https://temporal.example.com'] }));
    await expect(failing).rejects.toThrow('refused');
    await next;
    expect((await settings.read()).settings.origins).toEqual(['https://temporal.example.com']);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(store.data.size).toBe(1);
  });

  it('undoes what an edit wrote besides the settings when their write fails, before the next edit starts', async () => {
    const { settings, store } = memorySettings();
    const steps: string[] = [];
    const write = store.set;
    store.set = async () => {
      store.set = write;
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const failing = settings.update((current) => current, {
      undo: async () => {
        await later();
        steps.push('undone');
      },
    });
    const next = settings.update((current) => {
      steps.push('next edit');
      return current;
    });
    await expect(failing).rejects.toThrow('quota');
    await next;
    expect(steps).toEqual(['undone', 'next edit']);
  });

  it('runs work in turn between edits, never during one, and after an edit’s own follow-up', async () => {
    const { settings } = memorySettings();
    const steps: string[] = [];
    const edit = settings.update(
      async (current) => {
        await later();
        steps.push('edit');
        return current;
      },
      { written: async () => (await later(), void steps.push('after the edit')) },
    );
    const work = settings.inTurn(async () => (steps.push('in turn'), 'done'));
    const next = settings.update((current) => (steps.push('next edit'), current));
    expect(await work).toBe('done');
    await Promise.all([edit, next]);
    expect(steps).toEqual(['edit', 'after the edit', 'in turn', 'next edit']);
  });

  it('keeps what was set aside through every write, and reads it back verbatim', async () => {
    const damaged = { id: 'r2', mode: 'telepathy' };
    const { settings, store } = memorySettings();
    store.data.set('settings', { version: SETTINGS_VERSION, origins: [], rules: [rule('r1', 'payments'), damaged], preferences: { statusChip: true }, setAside: [] });

    await settings.update((current) => ({ ...current, preferences: { statusChip: false } }));
    await settings.update((current) => ({ ...current, rules: [...current.rules, rule('r3', 'orders')] }));
    await settings.write((await settings.read()).settings);

    const stored = store.data.get('settings') as { setAside: Array<{ raw: unknown }> };
    expect(stored.setAside.map((entry) => entry.raw)).toEqual([damaged]);
    const { settings: read } = await settings.read();
    expect(read.setAside.map((entry) => entry.raw)).toEqual([damaged]);
    expect(read.rules.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(read.preferences.statusChip).toBe(false);
  });

  it('keeps a whole record it cannot read, and writes the user’s next edit beside it instead of over it', async () => {
    const future = { version: 9, rules: [{ id: 'x', hologram: true }] };
    const { settings, store } = memorySettings();
    store.data.set('settings', future);
    await settings.update((current) => ({ ...current, origins: ['https://temporal.example.com'] }));
    const { settings: read } = await settings.read();
    expect(read.origins).toEqual(['https://temporal.example.com']);
    expect(read.setAside.map((entry) => entry.raw)).toEqual([future]);
  });

  it('reads, settled, what every update asked for before is storing, and goes on past one refused', async () => {
    const { settings } = memorySettings();
    const refused = settings.update(async () => {
      await later();
      throw new Error('refused');
    });
    const adding = settings.update(async (current) => {
      await later();
      return { ...current, origins: ['https://temporal.example.com'] };
    });
    const settled = settings.settled();
    expect((await settings.read()).settings.origins).toEqual([]);
    expect((await settled).settings.origins).toEqual(['https://temporal.example.com']);
    await expect(refused).rejects.toThrow('refused');
    await adding;
  });

  it('knows whether a record was ever written', async () => {
    const { settings } = memorySettings();
    expect(await settings.hasRecord()).toBe(false);
    await settings.update((current) => current);
    expect(await settings.hasRecord()).toBe(true);
  });
});

describe('reading the settings again', () => {
  /** A memory store that counts its reads and can be made to fail the next one. */
  function countingStore() {
    const inner = memoryStore<unknown>();
    let failNext = false;
    const store = {
      ...inner,
      reads: 0,
      failNextRead: () => void (failNext = true),
      get: async (key: string) => {
        store.reads++;
        if (failNext) {
          failNext = false;
          throw new Error('IndexedDB is unavailable');
        }
        return inner.get(key);
      },
    };
    return store;
  }

  it('reads storage once for many readers, and again after each write', async () => {
    const store = countingStore();
    const settings = createSettingsStore(store);
    await Promise.all([settings.read(), settings.read(), settings.hasRecord()]);
    await settings.read();
    expect(store.reads).toBe(1);

    await settings.update((current) => ({ ...current, origins: ['https://temporal.example.com'] }));
    const reads = store.reads;
    expect((await settings.read()).settings.origins).toEqual(['https://temporal.example.com']);
    await settings.read();
    expect(store.reads).toBe(reads + 1);
  });

  it('gives each reader a copy of its own, as a read from storage would', async () => {
    const store = countingStore();
    store.data.set('settings', { version: SETTINGS_VERSION, origins: [], rules: [{ id: 'r2', mode: 'telepathy' }], preferences: { statusChip: true }, setAside: [] });
    const settings = createSettingsStore(store);
    const first = await settings.read();
    (first.settings.setAside[0]!.raw as { mode: string }).mode = 'changed by a reader';
    expect((await settings.read()).settings.setAside[0]!.raw).toEqual({ id: 'r2', mode: 'telepathy' });
  });

  it.each([
    ['a read', 'read'],
    ['a shared reading', 'current'],
  ] as const)('asks storage again after %s that failed', async (_, reader) => {
    const store = countingStore();
    store.data.set('settings', { version: SETTINGS_VERSION, origins: ['https://temporal.example.com'], rules: [], preferences: { statusChip: true }, setAside: [] });
    const settings = createSettingsStore(store);
    store.failNextRead();
    await expect(settings[reader]()).rejects.toThrow('IndexedDB is unavailable');
    expect((await settings[reader]()).settings.origins).toEqual(['https://temporal.example.com']);
  });

  it('shares one frozen reading among lookups until the next write, which they then see', async () => {
    const store = countingStore();
    store.data.set('settings', { version: SETTINGS_VERSION, origins: [], rules: [rule('r1', 'payments')], preferences: { statusChip: true }, setAside: [] });
    const settings = createSettingsStore(store);
    const [first, second] = await Promise.all([settings.current(), settings.current()]);
    expect(second).toBe(first);
    expect(() => first.settings.rules[0]!.namespace = 'changed by a reader').toThrow(TypeError);
    expect(() => first.settings.origins.push('https://temporal.example.com')).toThrow(TypeError);
    const copy = await settings.read();
    copy.settings.rules[0]!.namespace = 'changed in a copy';
    expect((await settings.current()).settings.rules[0]!.namespace).toBe('payments');
    expect(store.reads).toBe(1);

    await settings.update((current) => ({ ...current, origins: ['https://temporal.example.com'] }));
    expect((await settings.current()).settings.origins).toEqual(['https://temporal.example.com']);
  });

  it('shares a reading of a record that holds bytes, kept as found from another version', async () => {
    const store = countingStore();
    const future = { version: 9, origins: [], rules: [rule('r1', 'payments')], preferences: { statusChip: true }, sealed: new Uint8Array([1, 2, 3]) };
    store.data.set('settings', future);
    const settings = createSettingsStore(store);
    const reading = await settings.current();
    expect(await settings.current()).toBe(reading);
    expect(reading.settings.rules.map((r) => r.namespace)).toEqual(['payments']);
    expect(reading.settings.setAside.map((entry) => entry.raw)).toEqual([future]);
    expect(Object.isFrozen(reading.settings.setAside[0]!.raw)).toBe(true);
  });

  it('does not keep what a read made while the record was being written found', async () => {
    const inner = memoryStore<unknown>();
    let finishWrite: () => void = () => {};
    const writing = new Promise<void>((resolve) => (finishWrite = resolve));
    // The write lands only when let: a read meanwhile finds the old record.
    const store = { ...inner, set: async (key: string, value: unknown) => { await writing; await inner.set(key, value); } };
    const settings = createSettingsStore(store);
    const written = settings.write({ ...(await settings.read()).settings, origins: ['https://temporal.example.com'] });
    expect((await settings.read()).settings.origins).toEqual([]);
    expect((await settings.current()).settings.origins).toEqual([]);
    finishWrite();
    await written;
    expect((await settings.read()).settings.origins).toEqual(['https://temporal.example.com']);
    expect((await settings.current()).settings.origins).toEqual(['https://temporal.example.com']);
  });
});
