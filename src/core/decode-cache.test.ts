import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64Text } from './base64';
import { sketchOf } from './data-sketch';
import { DEFAULT_CACHE_CHARS, KeyedMap, SKETCH_SHARERS, cacheKey, createDecodeCache } from './decode-cache';
import type { DecodeResult } from './errors';
import type { Payload } from './payload';

const ok = (data: string): DecodeResult => ({ ok: true, payload: { metadata: { encoding: encodeBase64Text('json/plain') }, data } });
const key = (data: string, head = 'h', sketch = sketchOf(data)) => ({ head, data, sketch });

describe('decode cache', () => {
  it('evicts the least recently used results once keys and results pass the budget', () => {
    const cache = createDecodeCache({ maxChars: 1000 });
    cache.set(key('a'), ok('A'.repeat(300)));
    cache.set(key('b'), ok('B'.repeat(300)));
    cache.set(key('c'), ok('C'.repeat(300)));
    cache.get(key('a'));
    cache.set(key('d'), ok('D'.repeat(300)));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toEqual(ok('A'.repeat(300)));
    expect(cache.get(key('d'))).toEqual(ok('D'.repeat(300)));
    expect(cache.size).toBe(3);
  });

  it('weighs every result kept under one payload data, not only the first', () => {
    const cache = createDecodeCache({ maxChars: 1100 });
    cache.set(key('d1', 'partition 1'), ok('x'.repeat(300)));
    cache.set(key('d1', 'partition 2'), ok('x'.repeat(300)));
    cache.set(key('d2'), ok('x'.repeat(300)));
    expect(cache.size).toBe(3);
    // A result with its key is some 330 characters: four pass 1100, and the oldest payload data goes, with both of its
    // results.
    cache.set(key('d3'), ok('x'.repeat(300)));
    expect(cache.get(key('d1', 'partition 1'))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('counts the payload data it keeps as keys toward the budget, not only the results', () => {
    const cache = createDecodeCache({ maxChars: 1000 });
    for (const data of ['a', 'b', 'c']) cache.set(key(data.repeat(400)), ok('small'));
    expect(cache.get(key('a'.repeat(400)))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('keeps results that share data but differ in partition apart', () => {
    const cache = createDecodeCache();
    cache.set(key('d', 'ns1'), ok('one'));
    cache.set(key('d', 'ns2'), ok('two'));
    expect(cache.get(key('d', 'ns1'))).toEqual(ok('one'));
    expect(cache.get(key('d', 'ns2'))).toEqual(ok('two'));
    expect(cache.size).toBe(2);
  });

  it('bounds the number of distinct payloads too, when asked to', () => {
    const cache = createDecodeCache({ maxEntries: 2 });
    for (const data of ['a', 'b', 'c']) cache.set(key(data), ok(data));
    expect(cache.get(key('a'))).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('holds a 10,000-event history of typical payloads with the default budget', () => {
    const cache = createDecodeCache();
    const partition = 'http://localhost:8233 default';
    // One encrypted payload per event, plaintexts of 100 B to 4 KB (ciphertext 28 B longer), all base64.
    const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
    const events = Array.from({ length: 10_000 }, (_, i) => {
      const plaintext = 100 + ((i * 7919) % 3901);
      const ciphertext = `${i}:`.padEnd(base64Length(plaintext + 28 + 40), 'C');
      const payload: Payload = { metadata: { encoding: encodeBase64Text('binary/encrypted'), 'encryption-key-id': encodeBase64Text('key-2026') }, data: ciphertext };
      return { key: cacheKey(partition, 'remote:https://codec.example.com:0123456789abcdef', payload), result: ok('P'.repeat(base64Length(plaintext))) };
    });
    for (const e of events) cache.set(e.key, e.result);
    expect(cache.size).toBe(10_000);
    expect(events.every((e) => cache.get(e.key) === e.result)).toBe(true);
    expect(DEFAULT_CACHE_CHARS).toBeLessThanOrEqual(100 * 1024 * 1024);
  });
});

describe('payloads that share a sketch', () => {
  // Every key in the same place: only the data and the head tell them apart.
  const shared = (data: string, head = 'h') => key(data, head, 7);

  it('are each answered with their own result, in the cache and in a plain map', () => {
    const cache = createDecodeCache();
    const map = new KeyedMap<string>();
    for (const data of ['one', 'two', 'three']) {
      cache.set(shared(data), ok(data.toUpperCase()));
      map.set(shared(data), data.toUpperCase());
    }
    cache.set(shared('one', 'another partition'), ok('ONE ELSEWHERE'));
    expect(['one', 'two', 'three'].map((data) => cache.get(shared(data)))).toEqual([ok('ONE'), ok('TWO'), ok('THREE')]);
    expect(cache.get(shared('one', 'another partition'))).toEqual(ok('ONE ELSEWHERE'));
    expect(cache.get(shared('four'))).toBeUndefined();
    expect(cache.size).toBe(4);
    map.delete(shared('two'));
    expect(['one', 'two', 'three'].map((data) => map.get(shared(data)))).toEqual(['ONE', undefined, 'THREE']);
  });

  it('are no more than SKETCH_SHARERS in one place, the oldest let go first', () => {
    const cache = createDecodeCache();
    const map = new KeyedMap<number>();
    const datas = Array.from({ length: SKETCH_SHARERS + 2 }, (_, i) => `payload ${i}`);
    datas.forEach((data, i) => {
      cache.set(shared(data), ok(data));
      map.set(shared(data), i);
    });
    expect(datas.map((data) => cache.get(shared(data)) !== undefined)).toEqual(datas.map((_, i) => i >= 2));
    expect(datas.map((data) => map.get(shared(data)))).toEqual(datas.map((_, i) => (i >= 2 ? i : undefined)));
    expect(cache.size).toBe(SKETCH_SHARERS);
  });

  it('keep their place when given a new result', () => {
    const cache = createDecodeCache();
    const datas = Array.from({ length: SKETCH_SHARERS }, (_, i) => `payload ${i}`);
    for (const data of datas) cache.set(shared(data), ok(data));
    cache.set(shared(datas[3]!), ok('again'));
    expect(cache.get(shared(datas[3]!))).toEqual(ok('again'));
    expect(datas.every((data) => cache.get(shared(data)) !== undefined)).toBe(true);
    expect(cache.size).toBe(SKETCH_SHARERS);
  });
});

describe('cache keys', () => {
  it('key by partition, codec and payload bytes, not by metadata order', () => {
    const p1 = { metadata: { encoding: 'ZQ==', k: 'aw==' }, data: 'AA==' };
    const p2 = { metadata: { k: 'aw==', encoding: 'ZQ==' }, data: 'AA==' };
    expect(cacheKey('ns', 'c', p1)).toEqual(cacheKey('ns', 'c', p2));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns2', 'c', p1));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c2', p1));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c', { ...p1, data: 'AQ==' }));
    expect(cacheKey('ns', 'c', p1)).not.toEqual(cacheKey('ns', 'c', { ...p1, metadata: { ...p1.metadata, k: 'bA==' } }));
  });

  it('never let two partitions share an entry, even when a partition ends the way a codec id begins', () => {
    const payload = fc.record({ metadata: fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), data: fc.string() });
    fc.assert(
      fc.property(fc.string(), fc.string(), payload, (partition, codec, p) => {
        // Without a length before the partition these two keys would be equal: "p" + "5:" + "3:abc" and "p5:" + "3:" + "abc".
        const codecA = `${codec.length}:${codec}`;
        const a = cacheKey(partition, codecA, p);
        const b = cacheKey(`${partition}${codecA.length}:`, codec, p);
        expect(a.head).not.toBe(b.head);
        const cache = createDecodeCache();
        cache.set(a, ok('for A'));
        expect(cache.get(b)).toBeUndefined();
      }),
    );
  });

  it('give different partitions different keys for the same payload', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (partitionA, partitionB, codecA, codecB) => {
        fc.pre(partitionA !== partitionB);
        const p = { metadata: { encoding: 'ZQ==' }, data: 'AA==' };
        expect(cacheKey(partitionA, codecA, p).head).not.toBe(cacheKey(partitionB, codecB, p).head);
      }),
    );
  });
});
