import { describe, expect, it, vi } from 'vitest';
import { fakeStorageArea } from '../test-support/storage-area';
import { storageAreaStore } from './key-value';

const items = { 'tab:1': { decoded: 1 }, 'tab:2': { decoded: 2 }, 'secret:token:a': { origin: 'https://codec.example', value: 'tok' } };

describe('a part of a storage area', () => {
  it('lists its keys without reading the values of the area', async () => {
    const area = fakeStorageArea(items);
    const read = vi.spyOn(area, 'get');
    expect((await storageAreaStore(area, 'tab:').keys()).sort()).toEqual(['1', '2']);
    expect(read).not.toHaveBeenCalled();
  });

  it('lists its keys where the area cannot list keys alone (Firefox before 143), by reading it', async () => {
    const area = fakeStorageArea(items);
    Reflect.deleteProperty(area, 'getKeys');
    expect((await storageAreaStore(area, 'tab:').keys()).sort()).toEqual(['1', '2']);
  });

  it('clears its own keys only, and measures them under its prefix', async () => {
    const area = fakeStorageArea(items);
    const measure = vi.spyOn(area, 'getBytesInUse');
    const tabs = storageAreaStore(area, 'tab:');
    await tabs.bytesInUse(['1']);
    expect(measure).toHaveBeenCalledWith(['tab:1']);
    await tabs.clear();
    expect([...area.data.keys()]).toEqual(['secret:token:a']);
  });
});
