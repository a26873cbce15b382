/**
 * Names for the minified extension code in a CPU profile. `npm run bench` builds the Chrome extension a second time
 * with hidden source maps (SOURCE_MAPS_DIR, see package.json `prebench`): its scripts are byte for byte the ones in
 * dist/chrome, which is checked here, so a position in the measured build is a position in the mapped one.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TraceMap, originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';
import { chromeBuild } from '../../e2e/support/browsers';
import { repoRoot } from '../../test-data/test-data';

export const SOURCE_MAPS_DIR = path.join(repoRoot, '.cache/bench-sourcemaps');

export interface SourceLocation {
  /** e.g. src/core/local/aes-gcm.ts */
  file: string;
  line: number;
  /** The function's name in the source, as well as one line can tell it. */
  name: string;
}

const NAMED = [
  /\bfunction\s*\*?\s*([A-Za-z_$][\w$]*)/, // function name(
  /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=/, // const name = (…) =>
  /^\s*(?:async\s+|static\s+|get\s+|set\s+)*([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{]*)?\{/, // method(…) {
  /^\s*'?([A-Za-z_$][\w$-]*)'?\s*:\s*(?:async\s*)?(?:\(|function|[A-Za-z_$][\w$]*\s*=>)/, // key: (…) =>
];
const CALLBACK = /\.(then|catch|finally|map|forEach|filter|some|every|reduce)\(/;

/** The name a function gets on the line where it starts: declarations, methods, properties, or the call it is passed to. */
export function nameOnLine(line: string): string | undefined {
  for (const pattern of NAMED) {
    const match = pattern.exec(line);
    if (match) return match[1];
  }
  const callback = CALLBACK.exec(line);
  return callback ? `(callback of .${callback[1]})` : undefined;
}

export interface SourceMaps {
  /** The source location of a script position (0-based line and column, as the DevTools protocol gives them). */
  locate(url: string, line: number, column: number): SourceLocation | undefined;
  /** Why positions cannot be mapped, when they cannot. */
  problem?: string;
}

/** `url` is chrome-extension://<id>/<path>: the path inside the build. */
export function loadSourceMaps(buildDir = chromeBuild, mapsDir = SOURCE_MAPS_DIR): SourceMaps {
  const maps = new Map<string, TraceMap | null>();
  const mapFor = (relative: string): TraceMap | null => {
    let map = maps.get(relative);
    if (map !== undefined) return map;
    map = null;
    const script = path.join(mapsDir, relative);
    const built = path.join(buildDir, relative);
    if (existsSync(script + '.map') && existsSync(built) && readFileSync(script).equals(readFileSync(built))) {
      map = new TraceMap(readFileSync(script + '.map', 'utf8'));
    }
    maps.set(relative, map);
    return map;
  };
  const problem = existsSync(mapsDir) ? undefined : `no source maps in ${path.relative(repoRoot, mapsDir)} (run \`npm run bench\`, whose prebench step builds them)`;
  return {
    problem,
    locate(url, line, column) {
      // V8 gives no position (-1) for some frames, such as a script's own top level in a few profiles.
      if (!url.startsWith('chrome-extension://') || line < 0 || column < 0) return undefined;
      const relative = new URL(url).pathname.slice(1);
      const map = mapFor(relative);
      if (!map) return undefined;
      const original = originalPositionFor(map, { line: line + 1, column });
      if (original.source === null || original.line === null) return undefined;
      const source = original.source.replace(/^(\.\.\/)+/, '');
      const text = sourceContentFor(map, original.source)?.split('\n')[original.line - 1] ?? '';
      return { file: source, line: original.line, name: original.name ?? nameOnLine(text) ?? '(anonymous)' };
    },
  };
}
