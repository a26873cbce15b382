/**
 * `npm run package:verify`: does the source archive rebuild the packages exactly? Unpacks
 * dist/payload-lens-source-<version>.zip into a temporary folder, runs `npm ci && npm run
 * build` there as a reviewer would, and compares every built file, byte for byte, with
 * dist/<browser> and with the store zip. Exits 1 on any difference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareFiles, describeDifference } from './compare-files.ts';
import { BROWSERS, projectInfo, releaseFiles } from './release-files.ts';
import { readFolder, unzipFiles, type Files } from './zip-files.ts';

const root = process.cwd();
const { version } = projectInfo(root);
const paths = releaseFiles(root, version);

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function unpack(files: Files, into: string): void {
  for (const [name, bytes] of files) {
    const target = path.join(into, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

/** Runs one npm command in the unpacked source; its output is shown only when it fails. */
function npm(args: string[], cwd: string): void {
  const started = performance.now();
  const run = spawnSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) {
    process.stdout.write(run.stdout ?? '');
    process.stderr.write(run.stderr ?? '');
    throw new Error(`\`npm ${args.join(' ')}\` failed in the unpacked source archive.`);
  }
  console.log(`npm ${args.join(' ')}: ${seconds(started)}`);
}

function main(): number {
  const missing = [paths.sourceZip, ...BROWSERS.map(paths.zip)].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.error(`Missing ${missing.map((file) => path.relative(root, file)).join(', ')}: run \`npm run package\` first.`);
    return 1;
  }
  const started = performance.now();
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'payload-lens-source-'));
  try {
    unpack(unzipFiles(readFileSync(paths.sourceZip)), workdir);
    npm(['ci', '--no-audit', '--no-fund', '--prefer-offline'], workdir);
    npm(['run', 'build'], workdir);

    let differences = 0;
    for (const browser of BROWSERS) {
      const rebuilt = readFolder(path.join(workdir, 'dist', browser));
      const references: Array<[string, Files]> = [
        [path.relative(root, paths.built(browser)), readFolder(paths.built(browser))],
        [path.relative(root, paths.zip(browser)), unzipFiles(readFileSync(paths.zip(browser)))],
      ];
      for (const [name, files] of references) {
        const found = compareFiles(files, rebuilt);
        differences += found.length;
        if (found.length === 0) console.log(`${browser}: the build from source is byte-identical to ${name} (${files.size} files).`);
        for (const difference of found) {
          console.error(`${browser}: ${describeDifference(difference, { expected: name, actual: 'the build from source' })}`);
        }
      }
    }
    console.log(`Checked in ${seconds(started)}.`);
    return differences === 0 ? 0 : 1;
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
