/**
 * `npm run package` (after `npm run build`): what goes to the stores, in dist/:
 * - payload-lens-chrome-<version>.zip and payload-lens-firefox-<version>.zip, each built folder zipped;
 * - payload-lens-source-<version>.zip, the source archive AMO reviewers build from (see source-archive.ts).
 * Every zip is reproducible (zip-files.ts); `npm run package:verify` rebuilds from the source archive and compares.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BROWSERS, projectInfo, releaseFiles } from './release-files.ts';
import { sourceArchiveFiles, uncommittedBuildSources } from './source-archive.ts';
import { readFolder, zipFiles, type Files } from './zip-files.ts';

const root = process.cwd();
const { version, nodeRange, bundledDependencies } = projectInfo(root);
const paths = releaseFiles(root, version);

function write(file: string, files: Files): void {
  const zip = zipFiles(files);
  writeFileSync(file, zip);
  console.log(`${path.relative(root, file)}  ${(zip.length / 1024).toFixed(1)} KiB, ${files.size} files`);
}

for (const browser of BROWSERS) {
  const dir = paths.built(browser);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    console.error(`${path.relative(root, dir)} has no manifest.json: run \`npm run build\` first.`);
    process.exit(1);
  }
  write(paths.zip(browser), readFolder(dir));
}

const uncommitted = uncommittedBuildSources(root);
if (uncommitted.length > 0) {
  console.warn(`Note: the source archive holds uncommitted changes to ${uncommitted.join(', ')}; commit before uploading.`);
}
const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
write(
  paths.sourceZip,
  sourceArchiveFiles(root, {
    version,
    nodeRange,
    node: process.version,
    npm: npmVersion,
    platform: `${os.type()} ${os.arch()}`,
    bundledDependencies,
  }),
);
