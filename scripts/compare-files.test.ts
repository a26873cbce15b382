import { describe, expect, it } from 'vitest';
import { compareFiles, describeDifference } from './compare-files';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('compareFiles', () => {
  const packaged = new Map([
    ['manifest.json', bytes(1, 2, 3)],
    ['assets/index.js', bytes(4, 5)],
  ]);

  it('finds nothing when every file has the same bytes', () => {
    const rebuilt = new Map([
      ['assets/index.js', bytes(4, 5)],
      ['manifest.json', bytes(1, 2, 3)],
    ]);
    expect(compareFiles(packaged, rebuilt)).toEqual([]);
  });

  it('reports a file whose bytes differ, even by one byte of the same length', () => {
    const rebuilt = new Map([
      ['manifest.json', bytes(1, 2, 4)],
      ['assets/index.js', bytes(4, 5)],
    ]);
    expect(compareFiles(packaged, rebuilt)).toEqual([{ path: 'manifest.json', kind: 'changed' }]);
  });

  it('reports files only on one side, sorted by path', () => {
    const rebuilt = new Map([
      ['manifest.json', bytes(1, 2, 3)],
      ['assets/other.js', bytes(4, 5)],
    ]);
    expect(compareFiles(packaged, rebuilt)).toEqual([
      { path: 'assets/index.js', kind: 'missing' },
      { path: 'assets/other.js', kind: 'extra' },
    ]);
  });

  it('names both sides in each sentence', () => {
    const names = { expected: 'dist/firefox', actual: 'the build from source' };
    expect(describeDifference({ path: 'a.js', kind: 'missing' }, names)).toBe('a.js: in dist/firefox, not in the build from source');
    expect(describeDifference({ path: 'a.js', kind: 'extra' }, names)).toBe('a.js: in the build from source, not in dist/firefox');
    expect(describeDifference({ path: 'a.js', kind: 'changed' }, names)).toBe('a.js: other bytes in the build from source than in dist/firefox');
  });
});
