import { describe, expect, it } from 'vitest';
import type { WirePayload } from '../../shared/messages/payloads';
import { ENTRY_CHARS, createDecodedCache } from './decoded-cache';

const encrypted = (data: string): WirePayload => ({ metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data });
const plain = (data: string): WirePayload => ({ metadata: { encoding: 'anNvbi9wbGFpbg==' }, data });
/** What an entry of `encrypted` in namespace `default` counts besides its data and plaintext: the names and values. */
const HEAD_CHARS = 'default'.length + 'encoding'.length + 'YmluYXJ5L2VuY3J5cHRlZA=='.length;
/** What an entry counts of `plain` besides its data: its metadata's name and value. */
const PLAIN_CHARS = 'encoding'.length + 'anNvbi9wbGFpbg=='.length;

describe('what the page was already given decoded', () => {
  it('is found again for the same payload in the same namespace, as a copy the page may change', () => {
    const cache = createDecodedCache();
    cache.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    const first = cache.get('default', encrypted('c2VhbGVk'))!;
    expect(first).toEqual(plain('eyJhIjoxfQ=='));
    first.metadata!['encoding'] = 'changed';
    first.data = 'changed';
    expect(cache.get('default', encrypted('c2VhbGVk'))).toEqual(plain('eyJhIjoxfQ=='));
  });

  it('is not found under another namespace, other metadata or other data', () => {
    const cache = createDecodedCache();
    cache.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    expect(cache.get('payments', encrypted('c2VhbGVk'))).toBeUndefined();
    expect(cache.get('default', { ...encrypted('c2VhbGVk'), metadata: { encoding: 'YmluYXJ5L3psaWI=' } })).toBeUndefined();
    expect(cache.get('default', { data: 'c2VhbGVk' })).toBeUndefined();
    expect(cache.get('default', encrypted('b3RoZXI='))).toBeUndefined();
  });

  it('keeps within its characters, dropping what was used longest ago', () => {
    // Each entry: its objects, 8 characters of data, its namespace and metadata, and 12 of plaintext with its metadata.
    const entryChars = ENTRY_CHARS + 8 + HEAD_CHARS + 12 + PLAIN_CHARS;
    const cache = createDecodedCache(3 * entryChars);
    for (const data of ['YWFhYWFh', 'YmJiYmJi', 'Y2NjY2Nj']) cache.set('default', encrypted(data), plain('eyJhIjoxfQ=='));
    // Used again: no longer the oldest.
    expect(cache.get('default', encrypted('YWFhYWFh'))).toBeDefined();
    cache.set('default', encrypted('ZGRkZGRk'), plain('eyJhIjoxfQ=='));
    expect(cache.get('default', encrypted('YmJiYmJi'))).toBeUndefined();
    for (const kept of ['YWFhYWFh', 'Y2NjY2Nj', 'ZGRkZGRk']) expect(cache.get('default', encrypted(kept))).toBeDefined();
  });

  it('keeps nothing larger than all it may hold, nor a payload without data', () => {
    const cache = createDecodedCache(16);
    cache.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    expect(cache.get('default', encrypted('c2VhbGVk'))).toBeUndefined();
    // Room for one entry: a payload without data taking a place would push the other out.
    const one = createDecodedCache(ENTRY_CHARS + 8 + HEAD_CHARS + 12 + PLAIN_CHARS);
    one.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    one.set('default', { metadata: { encoding: 'YmluYXJ5L251bGw=' } }, plain('eyJhIjoxfQ=='));
    expect(one.get('default', encrypted('c2VhbGVk'))).toBeDefined();
  });

  it('counts what it keeps of the decoded payload, its metadata and references too, not only its data', () => {
    // Room for two entries of `plain`; a codec server's answer with long metadata or references takes more.
    const entryChars = ENTRY_CHARS + 8 + HEAD_CHARS + 12 + PLAIN_CHARS;
    const long = 'x'.repeat(Math.ceil(entryChars / 2));
    const withMetadata = { ...plain('eyJhIjoxfQ=='), metadata: { encoding: 'anNvbi9wbGFpbg==', note: long } };
    const withReferences = { ...plain('eyJhIjoxfQ=='), externalPayloads: [{ sizeBytes: long }] };
    for (const decoded of [withMetadata, withReferences]) {
      const cache = createDecodedCache(2 * entryChars);
      cache.set('default', encrypted('YWFhYWFh'), plain('eyJhIjoxfQ=='));
      cache.set('default', encrypted('YmJiYmJi'), decoded);
      expect(cache.get('default', encrypted('YWFhYWFh'))).toBeUndefined();
      expect(cache.get('default', encrypted('YmJiYmJi'))).toEqual(decoded);
    }
  });

  it('keeps counting when a decoded payload holds metadata that is not text', () => {
    const cache = createDecodedCache();
    const odd = { ...plain('eyJhIjoxfQ=='), metadata: { encoding: 'anNvbi9wbGFpbg==', odd: 5 as unknown as string } };
    cache.set('default', encrypted('YWFhYWFh'), odd);
    cache.set('default', encrypted('YmJiYmJi'), plain('eyJhIjoxfQ=='));
    expect(cache.get('default', encrypted('YWFhYWFh'))).toEqual(odd);
    expect(cache.get('default', encrypted('YmJiYmJi'))).toEqual(plain('eyJhIjoxfQ=='));
  });

  it('is found whatever order the metadata names come in, but not with a name more or less, nor other references', () => {
    const cache = createDecodedCache();
    const sealed = { metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'a2V5' }, data: 'c2VhbGVk' };
    cache.set('default', sealed, plain('eyJhIjoxfQ=='));
    expect(cache.get('default', { metadata: { 'encryption-key-id': 'a2V5', encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' }, data: 'c2VhbGVk' })).toEqual(plain('eyJhIjoxfQ=='));
    expect(cache.get('default', encrypted('c2VhbGVk'))).toBeUndefined();
    expect(cache.get('default', { metadata: { ...sealed.metadata, extra: 'eA==' }, data: 'c2VhbGVk' })).toBeUndefined();
    expect(cache.get('default', { ...sealed, externalPayloads: [{ sizeBytes: 10 }] })).toBeUndefined();

    const referring = { ...sealed, data: 'b3RoZXI=', externalPayloads: [{ sizeBytes: 10 }] };
    cache.set('default', referring, plain('eyJiIjoyfQ=='));
    expect(cache.get('default', { ...referring, externalPayloads: [{ sizeBytes: 10 }] })).toEqual(plain('eyJiIjoyfQ=='));
    expect(cache.get('default', { ...referring, externalPayloads: [{ sizeBytes: 11 }] })).toBeUndefined();
    expect(cache.get('default', { metadata: sealed.metadata, data: 'b3RoZXI=' })).toBeUndefined();
  });

  it('keeps nothing of a payload whose metadata is not all text, and finds no such payload', () => {
    const cache = createDecodedCache();
    const odd = { metadata: { encoding: ['YmluYXJ5L2VuY3J5cHRlZA=='] }, data: 'c2VhbGVk' } as unknown as WirePayload;
    cache.set('default', odd, plain('eyJhIjoxfQ=='));
    expect(cache.get('default', odd)).toBeUndefined();
    cache.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    expect(cache.get('default', odd)).toBeUndefined();
  });

  it('does not take metadata that is a list or text for the names and values it would read as', () => {
    const cache = createDecodedCache();
    const indexed = { metadata: { 0: 'YQ==', 1: 'Yg==' }, data: 'c2VhbGVk' } as unknown as WirePayload;
    cache.set('default', indexed, plain('eyJhIjoxfQ=='));
    expect(cache.get('default', { ...indexed, metadata: ['YQ==', 'Yg=='] } as unknown as WirePayload)).toBeUndefined();
    expect(cache.get('default', { ...indexed, metadata: 'YQ==Yg==' } as unknown as WirePayload)).toBeUndefined();
    const listed = { metadata: ['YQ=='], data: 'b3RoZXI=' } as unknown as WirePayload;
    cache.set('default', listed, plain('eyJiIjoyfQ=='));
    expect(cache.get('default', listed)).toBeUndefined();
  });

  it('keeps a metadata name "__proto__" as a name, as the background does', () => {
    const cache = createDecodedCache();
    const odd = JSON.parse('{"metadata":{"encoding":"YmluYXJ5L2VuY3J5cHRlZA==","__proto__":"eA=="},"data":"c2VhbGVk"}') as WirePayload;
    cache.set('default', odd, plain('eyJhIjoxfQ=='));
    expect(cache.get('default', encrypted('c2VhbGVk'))).toBeUndefined();
    expect(cache.get('default', JSON.parse(JSON.stringify(odd)) as WirePayload)).toEqual(plain('eyJhIjoxfQ=='));
  });

  it('is found for the same payload after the page changed the one it was kept for', () => {
    const cache = createDecodedCache();
    const payload = encrypted('c2VhbGVk');
    cache.set('default', payload, plain('eyJhIjoxfQ=='));
    payload.metadata!['encoding'] = 'YmluYXJ5L3psaWI=';
    expect(cache.get('default', encrypted('c2VhbGVk'))).toEqual(plain('eyJhIjoxfQ=='));
    expect(cache.get('default', payload)).toBeUndefined();
  });

  it('forgets everything when cleared', () => {
    const cache = createDecodedCache();
    cache.set('default', encrypted('c2VhbGVk'), plain('eyJhIjoxfQ=='));
    cache.clear();
    expect(cache.get('default', encrypted('c2VhbGVk'))).toBeUndefined();
  });
});

describe('payloads kept in the same place', () => {
  // Every payload has the same sketch: only the data itself tells them apart.
  const samePlace = () => 0;

  it('are never answered for one another', () => {
    const cache = createDecodedCache(undefined, samePlace);
    cache.set('default', encrypted('b25lb25l'), plain('b25l'));
    expect(cache.get('default', encrypted('dHdvdHdv'))).toBeUndefined();
    expect(cache.get('default', encrypted('b25lb25l'))).toEqual(plain('b25l'));
  });

  it('take each other’s place, counting only the one kept', () => {
    const entryChars = ENTRY_CHARS + 8 + HEAD_CHARS + 4 + PLAIN_CHARS;
    const cache = createDecodedCache(3 * entryChars, samePlace);
    cache.set('default', encrypted('b25lb25l'), plain('b25l'));
    cache.set('default', encrypted('dHdvdHdv'), plain('dHdv'));
    expect(cache.get('default', encrypted('dHdvdHdv'))).toEqual(plain('dHdv'));
    expect(cache.get('default', encrypted('b25lb25l'))).toBeUndefined();
    // In its own place, a payload fits beside two more: the one put out counts for nothing.
    const apart = createDecodedCache(3 * entryChars, (data) => (data === 'dHdvdHdv' ? 1 : data === 'dGhyZWUh' ? 2 : 0));
    for (const data of ['b25lb25l', 'dHdvdHdv', 'b25lb25l', 'dGhyZWUh']) apart.set('default', encrypted(data), plain('eA=='));
    for (const data of ['b25lb25l', 'dHdvdHdv', 'dGhyZWUh']) expect(apart.get('default', encrypted(data))).toBeDefined();
  });
});

describe('where payloads are kept', () => {
  /** Base64 of `count` payloads of one length that differ only where `differ` puts their number. */
  const family = (count: number, differ: (text: string, n: string) => string) => Array.from({ length: count }, (_, n) => Buffer.from(differ('x'.repeat(600), String(n).padStart(4, '0'))).toString('base64'));

  it.each([
    ['end alike, as snappy’s and a fixed trailer’s do', (text: string, n: string) => n + text],
    ['begin alike, as an envelope’s fixed header does', (text: string, n: string) => text + n],
  ])('tells apart payloads that %s', (_, differ) => {
    const cache = createDecodedCache();
    const datas = family(300, differ);
    for (const data of datas) cache.set('default', encrypted(data), plain(data.slice(0, 8)));
    const found = datas.filter((data) => cache.get('default', encrypted(data))?.data === data.slice(0, 8));
    expect(found.length).toBeGreaterThanOrEqual(295);
  });
});
