import { describe, expect, it, vi } from 'vitest';
import { createSetupReloads } from './setup-reload';
import { memoryStore } from './storage/key-value';

const CODEC = 'https://codec.example.com';

function setup(granted: Set<string>) {
  const reloadTab = vi.fn(async () => {});
  const reloads = createSetupReloads({ waiting: memoryStore<string>(), hasOriginAccess: async (origin) => granted.has(origin), reloadTab });
  return { reloads, reloadTab };
}

describe('reloading a tab whose namespace was set up from the popup', () => {
  it('reloads at once for a local key, or a codec server the browser already lets us reach', async () => {
    const { reloads, reloadTab } = setup(new Set([CODEC]));
    expect(await reloads.saved(3, undefined)).toBe('reloaded');
    expect(await reloads.saved(4, CODEC)).toBe('reloaded');
    expect(reloadTab.mock.calls).toEqual([[3], [4]]);
  });

  it('waits for the browser’s grant, then reloads that tab once', async () => {
    const granted = new Set<string>();
    const { reloads, reloadTab } = setup(granted);
    expect(await reloads.saved(5, CODEC)).toBe('waiting');
    await reloads.granted();
    expect(reloadTab).not.toHaveBeenCalled();

    granted.add(CODEC);
    await reloads.granted();
    await reloads.granted();
    expect(reloadTab.mock.calls).toEqual([[5]]);
  });

  it('does not reload a tab that closed while it waited', async () => {
    const granted = new Set<string>();
    const { reloads, reloadTab } = setup(granted);
    await reloads.saved(6, CODEC);
    await reloads.forget(6);
    granted.add(CODEC);
    await reloads.granted();
    expect(reloadTab).not.toHaveBeenCalled();
  });
});
