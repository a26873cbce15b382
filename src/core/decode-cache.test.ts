import { describe, expect, it } from 'vitest';
import { encodeBase64Text } from './base64';
import { cacheKey, createDecodeCache } from './decode-cache';
import type { DecodeResult } from './errors';

const ok = (data: string): DecodeResult => ({ ok: true, payload: { metadata: { encoding: encodeBase64Text('json/plain') }, data } });

describe('decode cache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const cache = createDecodeCache({ maxEntries: 2 });
    const key = (data: string) => ({ head: 'h', data });
    cache.set(key('a'), ok('A'));
    cache.set(key('b'), ok('B'));
    cache.get(key('a'));
    cache.set(key('c'), ok('C'));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toEqual(ok('A'));
    expect(cache.size).toBe(2);
  });

  it('keeps entries that share data but differ in namespace apart', () => {
    const cache = createDecodeCache({ maxEntries: 10 });
    cache.set({ head: 'ns1', data: 'd' }, ok('one'));
    cache.set({ head: 'ns2', data: 'd' }, ok('two'));
    expect(cache.get({ head: 'ns1', data: 'd' })).toEqual(ok('one'));
    expect(cache.get({ head: 'ns2', data: 'd' })).toEqual(ok('two'));
    expect(cache.size).toBe(2);
  });

  it('bounds memory as well as entries', () => {
    const cache = createDecodeCache({ maxChars: 1000 });
    for (let i = 0; i < 10; i++) cache.set({ head: 'h', data: `k${i}` }, ok('x'.repeat(300)));
    expect(cache.size).toBeLessThanOrEqual(3);
    expect(cache.get({ head: 'h', data: 'k9' })).toBeDefined();
  });

  it('keys by namespace, codec and payload bytes, not by metadata order', () => {
    const p1 = { metadata: { encoding: 'ZQ==', k: 'aw==' }, data: 'AA==' };
    const p2 = { metadata: { k: 'aw==', encoding: 'ZQ==' }, data: 'AA==' };
    expect(cacheKey('ns', 'c', p1)).toEqual(cacheKey('ns', 'c', p2));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns2', 'c', p1));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c2', p1));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c', { ...p1, data: 'AQ==' }));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c', { ...p1, metadata: { ...p1.metadata, k: 'bA==' } }));
  });
});
