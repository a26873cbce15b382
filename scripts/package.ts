/**
 * Zips each built browser folder for upload to its store:
 * dist/payload-lens-chrome-<version>.zip and dist/payload-lens-firefox-<version>.zip.
 * Run after `npm run build` (`npm run package` does both).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { TargetBrowser } from './browser-manifest.ts';

const BROWSERS: TargetBrowser[] = ['chrome', 'firefox'];

function collect(dir: string, into: Zippable = {}, prefix = ''): Zippable {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const entry = prefix + name;
    if (statSync(full).isDirectory()) collect(full, into, `${entry}/`);
    else into[entry] = readFileSync(full);
  }
  return into;
}

for (const browser of BROWSERS) {
  const dir = path.join('dist', browser);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    console.error(`${dir} has no manifest.json: run \`npm run build\` first.`);
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { version: string };
  const file = path.join('dist', `payload-lens-${browser}-${version}.zip`);
  // A fixed timestamp keeps the archive identical for identical builds.
  const zip = zipSync(collect(dir), { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
  writeFileSync(file, zip);
  console.log(`${file}  ${(zip.length / 1024).toFixed(1)} KiB`);
}
