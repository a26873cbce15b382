/**
 * What the CPU time of the whole-history loads (full-history.ts) says about their wall time: on N CPUs no load takes
 * less time than the CPU time all processes spend for it ÷ N. Every figure is worked out per round, then spread over
 * the rounds like every other figure of the benchmark.
 */
import { MODES, type Mode } from './full-history';
import { ROLES, totalCpu, type CpuByRole, type LoadCpu, type Role } from './process-cpu';
import { spread, type Spread } from './stats';

export interface LoadCpuFigures {
  /** Median CPU time (ms) over the rounds, per mode and kind of process. */
  byRole: Record<Mode, CpuByRole>;
  /** CPU time of all processes, per mode. */
  total: Record<Mode, Spread>;
  /** The share of the CPUs' time the load kept busy (0 to 1), per mode. */
  busy: Record<Mode, Spread>;
  /** CPU time the CPUs had idle during the load without decoding. */
  idleWithout: Spread;
  /** CPU time a decoded load took more than the load without decoding: all processes, and the extension's own. */
  added: Record<'local' | 'remote', Spread>;
  /** …of which the web pages' renderers (the Web UI tab, with the page hook and bridge) and the extension's. */
  addedByPagesAndExtension: Record<'local' | 'remote', Spread>;
  /** The codec server's own work and the network service's, over the load with a local key. */
  codecWork: Spread;
  /** The shortest the codec server's load could take on these CPUs, over the load without decoding (0.25 = +25 %). */
  codecFloor: Spread;
  /** CPU time that fits beside the load without decoding within the time a local key is allowed to add. */
  localRoom: Spread;
  /**
   * The shortest a local key's load could take on these CPUs, over the load without decoding, were decoding only the
   * bare carrying of every payload out of the tab and back, decrypted (carriage-floor.ts).
   */
  localFloor: Spread;
  /** Kinds of processes that ended during a load, whose time is missing: none, as a page load ends no process. */
  ended: Role[];
}

const pagesAndExtension = (cpu: CpuByRole) => cpu['web pages'] + cpu.extension;
/** What the codec server (in the benchmark's own process) and the network service do. */
const codecSide = (cpu: CpuByRole) => cpu['fixture servers and driver'] + cpu['network service'];

/**
 * `localAllowed`: the share of time a local key may add to the load (0.1 = 10 %); `carriageCpuMs`: the CPU time a
 * bare script takes to carry every payload of the history out of the tab and back, decrypted.
 */
export function loadCpuFigures(rounds: ReadonlyArray<Record<Mode, LoadCpu>>, cpus: number, localAllowed: number, carriageCpuMs: number): LoadCpuFigures {
  const over = (figure: (round: Record<Mode, LoadCpu>) => number) => spread(rounds.map(figure));
  const perMode = (figure: (load: LoadCpu) => number) => Object.fromEntries(MODES.map((mode) => [mode, over((round) => figure(round[mode]))])) as Record<Mode, Spread>;
  const decoded = (figure: (round: Record<Mode, LoadCpu>, mode: 'local' | 'remote') => number) => ({ local: over((r) => figure(r, 'local')), remote: over((r) => figure(r, 'remote')) });
  return {
    byRole: Object.fromEntries(MODES.map((mode) => [mode, Object.fromEntries(ROLES.map((role) => [role, over((r) => r[mode].byRole[role]).median]))])) as Record<Mode, CpuByRole>,
    total: perMode((load) => totalCpu(load.byRole)),
    busy: perMode((load) => totalCpu(load.byRole) / (cpus * load.windowMs)),
    idleWithout: over((r) => cpus * r.without.windowMs - totalCpu(r.without.byRole)),
    added: decoded((r, mode) => totalCpu(r[mode].byRole) - totalCpu(r.without.byRole)),
    addedByPagesAndExtension: decoded((r, mode) => pagesAndExtension(r[mode].byRole) - pagesAndExtension(r.without.byRole)),
    codecWork: over((r) => codecSide(r.remote.byRole) - codecSide(r.local.byRole)),
    codecFloor: over((r) => (totalCpu(r.without.byRole) + codecSide(r.remote.byRole) - codecSide(r.local.byRole)) / cpus / r.without.windowMs - 1),
    localRoom: over((r) => cpus * (1 + localAllowed) * r.without.windowMs - totalCpu(r.without.byRole)),
    localFloor: over((r) => (totalCpu(r.without.byRole) + carriageCpuMs) / cpus / r.without.windowMs - 1),
    ended: [...new Set(rounds.flatMap((round) => MODES.flatMap((mode) => round[mode].ended)))],
  };
}
