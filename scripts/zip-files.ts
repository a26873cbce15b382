/**
 * Zips that depend on nothing but their files: entries sorted by path, one fixed
 * timestamp, no folder entries. Building the same files twice gives the same bytes,
 * which is what lets a reviewer compare a package with their own build.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** Files by their path inside the archive, always with `/` separators. */
export type Files = Map<string, Uint8Array>;

const FIXED_MTIME = new Date('2026-01-01T00:00:00Z');

export function readFolder(dir: string, files: Files = new Map(), prefix = ''): Files {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) readFolder(full, files, `${prefix}${name}/`);
    else files.set(prefix + name, readFileSync(full));
  }
  return files;
}

export function zipFiles(files: Files): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) entries[name] = files.get(name)!;
  return zipSync(entries, { level: 9, mtime: FIXED_MTIME });
}

export function unzipFiles(zip: Uint8Array): Files {
  const files: Files = new Map();
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (!name.endsWith('/')) files.set(name, data);
  }
  return files;
}
