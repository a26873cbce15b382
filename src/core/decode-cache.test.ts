import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64Text } from './base64';
import { DEFAULT_CACHE_CHARS, cacheKey, createDecodeCache } from './decode-cache';
import type { DecodeResult } from './errors';
import type { Payload } from './payload';

const ok = (data: string): DecodeResult => ({ ok: true, payload: { metadata: { encoding: encodeBase64Text('json/plain') }, data } });
const key = (data: string, head = 'h') => ({ head, data });

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
    const cache = createDecodeCache({ maxChars: 1000 });
    cache.set(key('d1', 'partition 1'), ok('x'.repeat(300)));
    cache.set(key('d1', 'partition 2'), ok('x'.repeat(300)));
    cache.set(key('d2'), ok('x'.repeat(300)));
    expect(cache.size).toBe(3);
    // Four results of about 310 characters pass 1000: the oldest payload data goes, with both of its results.
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
