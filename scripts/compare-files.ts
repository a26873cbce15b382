/** Where two sets of files differ, path by path, for the reproducible-build check. */
import type { Files } from './zip-files.ts';

export interface FileDifference {
  path: string;
  /** missing: only in the expected files; extra: only in the actual ones; changed: in both, other bytes. */
  kind: 'missing' | 'extra' | 'changed';
}

export function compareFiles(expected: Files, actual: Files): FileDifference[] {
  const differences: FileDifference[] = [];
  for (const [name, bytes] of expected) {
    const other = actual.get(name);
    if (other === undefined) differences.push({ path: name, kind: 'missing' });
    else if (Buffer.compare(bytes, other) !== 0) differences.push({ path: name, kind: 'changed' });
  }
  for (const name of actual.keys()) {
    if (!expected.has(name)) differences.push({ path: name, kind: 'extra' });
  }
  return differences.sort((a, b) => a.path.localeCompare(b.path));
}

/** One line per difference, naming the two sides as the caller calls them. */
export function describeDifference({ path, kind }: FileDifference, names: { expected: string; actual: string }): string {
  switch (kind) {
    case 'missing':
      return `${path}: in ${names.expected}, not in ${names.actual}`;
    case 'extra':
      return `${path}: in ${names.actual}, not in ${names.expected}`;
    case 'changed':
      return `${path}: other bytes in ${names.actual} than in ${names.expected}`;
  }
}
