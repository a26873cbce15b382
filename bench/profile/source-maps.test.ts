import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSourceMaps } from './source-maps';

const SCRIPT = 'function hello() { return 1; }\n';
// One segment: the script's first line and column are the source's.
const MAP = { version: 3, sources: ['../src/hello.ts'], sourcesContent: ['function hello(): number {\n  return 1;\n}\n'], names: [], mappings: 'AAAA' };

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A build and its mapped twin, each with `assets/hello.js`. */
function builds(): { buildDir: string; mapsDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'source-maps-'));
  made.push(root);
  const buildDir = path.join(root, 'build');
  const mapsDir = path.join(root, 'maps');
  for (const dir of [buildDir, mapsDir]) {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'assets/hello.js'), SCRIPT);
  }
  writeFileSync(path.join(mapsDir, 'assets/hello.js.map'), JSON.stringify(MAP));
  return { buildDir, mapsDir };
}

describe("a profile's positions in the extension's scripts", () => {
  it('are named after the source function they map to', () => {
    const { buildDir, mapsDir } = builds();
    expect(loadSourceMaps(buildDir, mapsDir).locate('chrome-extension://id/assets/hello.js', 0, 0)).toEqual({ file: 'src/hello.ts', line: 1, name: 'hello' });
  });

  it('are left unnamed where V8 gives none, instead of ending the run', () => {
    const { buildDir, mapsDir } = builds();
    const maps = loadSourceMaps(buildDir, mapsDir);
    expect(maps.locate('chrome-extension://id/assets/hello.js', -1, -1)).toBeUndefined();
    expect(maps.locate('chrome-extension://id/assets/hello.js', -1, 0)).toBeUndefined();
  });
});
