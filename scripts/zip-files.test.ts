import { afterEach, describe, expect, it, vi } from 'vitest';
import { unzipFiles, zipFiles } from './zip-files';

const text = (value: string) => new TextEncoder().encode(value);

describe('zipFiles', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the same bytes for the same files, whatever their order and whenever it runs', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const first = zipFiles(new Map([['b.js', text('b')], ['a/c.js', text('c')]]));
    vi.setSystemTime(new Date('2027-07-15T23:59:59Z'));
    const second = zipFiles(new Map([['a/c.js', text('c')], ['b.js', text('b')]]));
    expect(Buffer.compare(first, second)).toBe(0);
  });

  it('unzips to the same paths and bytes, without folder entries', () => {
    const files = new Map([['manifest.json', text('{}')], ['src/popup/index.html', text('<html>')]]);
    expect(unzipFiles(zipFiles(files))).toEqual(files);
  });
});
