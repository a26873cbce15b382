/**
 * Self time per function in a V8 CPU profile (DevTools protocol `Profiler`), named after the extension's sources
 * where a source map knows the position, and sorted into the context the code runs in.
 */
import type { SourceMaps } from './source-maps';

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  /** Where the code runs: page hook (page world), bridge (isolated world), background, Web UI page, or native. */
  context: string;
  /** src/core/api-json-walker.ts:35 findPayloads, or a native entry such as (garbage collector). */
  name: string;
  ms: number;
}

/** Native entries V8 reports with no script: time in C++ (builtins, bindings, serialisation, GC). */
const NATIVE = 'browser built-ins';

function contextOf(url: string, worker: boolean): string {
  if (url === '') return NATIVE;
  if (url.includes('/page-hook.iife.js')) return 'page hook (page world)';
  if (url.includes('/bridge.iife.js')) return 'bridge (isolated world)';
  if (url.startsWith('chrome-extension://')) return worker ? 'background (service worker)' : 'extension';
  return 'Web UI page';
}

/** Self time of every function, in ms, keyed by context and name. */
export function functionTimes(profile: CpuProfile, maps: SourceMaps, { worker }: { worker: boolean }): Map<string, FunctionTime> {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const sourceName = (frame: CallFrame): string | undefined => {
    const located = maps.locate(frame.url, frame.lineNumber, frame.columnNumber);
    return located ? `${located.file}:${located.line} ${located.name}` : undefined;
  };
  /**
   * A built-in is named after the script function that called it, when there is one: V8 gives the C++ behind
   * extension messaging names of unrelated bindings, and "(program)" says nothing on its own.
   */
  const calledFrom = (id: number): string => {
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) {
      const frame = byNode.get(at)!;
      if (frame.url !== '') return ` ← ${sourceName(frame) ?? `${frame.url.split('/').pop()} ${frame.functionName || '(anonymous)'}`}`;
    }
    return '';
  };
  const times = new Map<string, FunctionTime>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]!);
    // A sample's time is the gap to the next sample.
    const us = deltas[i + 1] ?? 0;
    // Idle is waiting, not work: it shows as wall time nobody spent.
    if (!frame || us <= 0 || frame.functionName === '(idle)') continue;
    const context = contextOf(frame.url, worker);
    const name =
      frame.url === ''
        ? `${frame.functionName || '(anonymous)'}${calledFrom(samples[i]!)}`
        : (sourceName(frame) ?? `${frame.url.split('/').pop()} ${frame.functionName || '(anonymous)'}`);
    const key = `${context}|${name}`;
    const entry = times.get(key) ?? { context, name, ms: 0 };
    entry.ms += us / 1000;
    times.set(key, entry);
  }
  return times;
}

/** (with − without) ÷ answers, for every function that cost more with the extension. */
export function addedTimes(withExtension: Map<string, FunctionTime>, without: Map<string, FunctionTime>, answers: number): FunctionTime[] {
  const added: FunctionTime[] = [];
  for (const [key, entry] of withExtension) {
    const ms = (entry.ms - (without.get(key)?.ms ?? 0)) / answers;
    if (ms > 0) added.push({ ...entry, ms });
  }
  return added.sort((a, b) => b.ms - a.ms);
}
