/**
 * CPU time spent by every process of the benchmark while something runs: the browser's processes, each sorted by
 * what Chromium runs in it, and this Node process, which serves the fixture Web UI and codec servers and drives the
 * browser. Wall time alone cannot tell an extension that waits from a machine that is full: on N CPUs a load takes at
 * least its CPU time ÷ N, whatever runs it. Read from /proc, so Linux only, as the benchmark's machine is.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where CPU time goes, in the order the report lists it. */
export const ROLES = ['web pages', 'extension', 'browser process', 'network service', 'GPU and other helpers', 'fixture servers and driver'] as const;
export type Role = (typeof ROLES)[number];
export type CpuByRole = Record<Role, number>;

export const noCpu = (): CpuByRole => Object.fromEntries(ROLES.map((role) => [role, 0])) as CpuByRole;

/** CPU time spent while something ran, and over how long. */
export interface LoadCpu {
  byRole: CpuByRole;
  windowMs: number;
  /** Processes that ended meanwhile, whose time is missing from `byRole`. */
  ended: Role[];
}

/**
 * The CPUs this process may use: those its affinity allows, fewer if its cgroup's quota (cgroup v2 `cpu.max`, "quota
 * period" or "max period") gives it less time than that.
 */
export function usableCpus(): number {
  const allowed = availableParallelism();
  try {
    const [quota, period] = readFileSync('/sys/fs/cgroup/cpu.max', 'utf8').trim().split(' ');
    const share = Number(quota) / Number(period);
    return quota !== 'max' && share > 0 ? Math.min(allowed, share) : allowed;
  } catch {
    return allowed;
  }
}

interface ProcessCpu {
  ppid: number;
  started: string;
  /** user + system time so far, in ms */
  cpuMs: number;
  cmdline: string;
}

/** What one process runs, from its command line (Chromium names each child process's job in `--type`). */
export function roleOf(cmdline: string, isBenchmark: boolean): Role {
  if (isBenchmark) return 'fixture servers and driver';
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (type === undefined) return 'browser process';
  // Extension pages and the service worker share the extension's renderer; web pages never run in it. The others
  // are the Web UI tab's and any spare renderer Chromium keeps ready: they cannot be told apart from here.
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'web pages';
  if (type === 'utility' && cmdline.includes('network.mojom.NetworkService')) return 'network service';
  return 'GPU and other helpers';
}

/**
 * /proc/<pid>/stat: the parent and the CPU time so far. The command name (field 2) can hold spaces and
 * parentheses, so fields are counted from its last closing one: state (3rd), ppid (4th), …, utime (14th), stime
 * (15th), …, starttime (22nd), which tells a process from a later one given the same pid.
 */
export function parseStat(stat: string, ticksPerSecond: number): { ppid: number; cpuMs: number; started: string } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { ppid: Number(fields[1]), cpuMs: (ticks * 1000) / ticksPerSecond, started: fields[19] ?? '' };
}

let ticks: number | undefined;
function ticksPerSecond(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100; // Linux's USER_HZ everywhere it runs today
    }
  }
  return ticks;
}

function readProcesses(): Map<number, ProcessCpu> {
  const hz = ticksPerSecond();
  const all = new Map<number, ProcessCpu>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const { ppid, cpuMs, started } = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'), hz);
      all.set(Number(name), { ppid, cpuMs, started, cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ') });
    } catch {
      // It ended while the others were read.
    }
  }
  return all;
}

/**
 * `root` and everything it started, however deep (Chromium's renderers are children of its zygote), keyed by pid and
 * start time.
 */
function ownProcesses(root: number): Map<string, { role: Role; cpuMs: number }> {
  const all = readProcesses();
  const own = new Map<string, { role: Role; cpuMs: number }>();
  const isOwn = (pid: number): boolean => {
    // Up the parents to the root, or to the top (0); bounded in case /proc changed under the walk.
    for (let at: number | undefined = pid, depth = 0; at !== undefined && at > 0 && depth < 64; at = all.get(at)?.ppid, depth++) {
      if (at === root) return true;
    }
    return false;
  };
  for (const [pid, info] of all) {
    if (isOwn(pid)) own.set(`${pid} ${info.started}`, { role: roleOf(info.cmdline, pid === process.pid), cpuMs: info.cpuMs });
  }
  return own;
}

/**
 * CPU time per role while `run` runs, of this process and everything it started, or of `root` and everything it
 * started (a test that must not count the processes other tests start beside it). A process that starts during it
 * counts from its start.
 */
export async function cpuDuring<T>(run: () => Promise<T>, { root = process.pid }: { root?: number } = {}): Promise<{ result: T; cpu: LoadCpu }> {
  const before = ownProcesses(root);
  const start = performance.now();
  const result = await run();
  const windowMs = performance.now() - start;
  const after = ownProcesses(root);
  const byRole = noCpu();
  for (const [id, { role, cpuMs }] of after) byRole[role] += cpuMs - (before.get(id)?.cpuMs ?? 0);
  const ended = [...before].filter(([id]) => !after.has(id)).map(([, { role }]) => role);
  return { result, cpu: { byRole, windowMs, ended } };
}

export const totalCpu = (cpu: CpuByRole): number => ROLES.reduce((sum, role) => sum + cpu[role], 0);
