/** Where the distribution's browsers are; tests never download their own. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../test-data/test-data';

function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function chromiumPath(): string {
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? which('chromium-browser');
  if (!found) throw new Error('Chromium is not installed: run `npm run setup` (Debian: apt-get install chromium).');
  return found;
}

export function firefoxPath(): string {
  const found = process.env.FIREFOX_PATH ?? which('firefox-esr') ?? which('firefox');
  if (!found) throw new Error('Firefox ESR is not installed: run `npm run setup` (Debian: apt-get install firefox-esr).');
  return found;
}

export const chromeBuild = path.join(repoRoot, 'dist/chrome');
export const firefoxBuild = path.join(repoRoot, 'dist/firefox');

/** Flags for a quiet, root-friendly Chromium on a machine without network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
];
