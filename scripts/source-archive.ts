/**
 * The source archive Firefox Add-ons reviewers ask for when an add-on is bundled: the
 * files tracked by git that `npm ci && npm run build` needs, and SOURCE-BUILD.md saying
 * how to build them. Tests, test data, benchmarks and docs stay out; `npm run
 * package:verify` proves that what stays in is enough to rebuild both packages exactly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceBuildNotes, type BuildEnvironment } from './source-build-notes.ts';
import type { Files } from './zip-files.ts';

export const SOURCE_NOTES_FILE = 'SOURCE-BUILD.md';

const ROOT_FILES = new Set([
  'package.json',
  'package-lock.json',
  'manifest.json',
  'vite.config.ts',
  'tsconfig.json',
  'LICENSE',
  'PRIVACY.md',
]);
// vite.config.ts imports these from scripts/; the other scripts are development tools.
const BUILD_SCRIPTS = new Set(['scripts/browser-manifest.ts', 'scripts/markup-sinks.ts']);

/** Whether a tracked file goes into the source archive. */
export function isBuildSource(file: string): boolean {
  if (ROOT_FILES.has(file) || BUILD_SCRIPTS.has(file)) return true;
  if (file.startsWith('public/')) return true;
  if (!file.startsWith('src/')) return false;
  return !/\.test\.tsx?$/.test(file) && !file.startsWith('src/core/test-support/');
}

function trackedFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** Tracked files that differ from the last commit: the archive holds the working tree, as the build did. */
export function uncommittedBuildSources(root: string): string[] {
  const changed = execFileSync('git', ['diff', 'HEAD', '--name-only', '-z'], { cwd: root, encoding: 'utf8' });
  return changed.split('\0').filter((file) => file !== '' && isBuildSource(file));
}

export function sourceArchiveFiles(root: string, environment: BuildEnvironment): Files {
  const files: Files = new Map();
  for (const file of trackedFiles(root).filter(isBuildSource).sort()) {
    files.set(file, readFileSync(path.join(root, file)));
  }
  files.set(SOURCE_NOTES_FILE, new TextEncoder().encode(sourceBuildNotes(environment)));
  return files;
}
