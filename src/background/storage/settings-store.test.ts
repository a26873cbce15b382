import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_VERSION, type Rule } from '../../core/settings/schema';
import { memorySettings } from '../test-support/stores';

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

  it('knows whether a record was ever written', async () => {
    const { settings } = memorySettings();
    expect(await settings.hasRecord()).toBe(false);
    await settings.update((current) => current);
    expect(await settings.hasRecord()).toBe(true);
  });
});
