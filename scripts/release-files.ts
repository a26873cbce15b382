/** Where the packages for the stores are written, and the project facts they carry. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TargetBrowser } from './browser-manifest.ts';

export const BROWSERS: TargetBrowser[] = ['chrome', 'firefox'];

export function releaseFiles(root: string, version: string) {
  const dist = path.join(root, 'dist');
  return {
    /** The folder `npm run build` writes for a browser. */
    built: (browser: TargetBrowser) => path.join(dist, browser),
    zip: (browser: TargetBrowser) => path.join(dist, `payload-lens-${browser}-${version}.zip`),
    sourceZip: path.join(dist, `payload-lens-source-${version}.zip`),
  };
}

export interface ProjectInfo {
  /** manifest.json's version, the one the stores see. */
  version: string;
  /** package.json `engines.node`. */
  nodeRange: string;
  /** package.json `dependencies`: what the bundle may contain from npm. */
  bundledDependencies: Record<string, string>;
}

export function projectInfo(root: string): ProjectInfo {
  const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
  const manifest = readJson('manifest.json') as { version: string };
  const pkg = readJson('package.json') as { engines?: { node?: string }; dependencies?: Record<string, string> };
  return { version: manifest.version, nodeRange: pkg.engines?.node ?? 'any', bundledDependencies: pkg.dependencies ?? {} };
}
