/**
 * The fixture Web UI loading every page of a 20,000-event history (both directions, the server's page size), from
 * navigation to the last page: in a namespace without a rule, decoded with the local key, and decoded by the codec
 * server; in rotating order, each decoded round in a namespace of its own (its rule saved just before, which also
 * empties the extension's cache). The service worker's heap is sampled during each decoded load, and every
 * process's CPU time during every load.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { UNDECODED_NAMESPACE } from './answers';
import { loadBigHistory, setUiCodec, type BigHistoryState } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';
import { cpuDuring, ROLES, type CpuByRole } from './process-cpu';
import { spread, type Spread } from './stats';
import { workerHeapDuring } from './worker-memory';

// Two: a decoded 20,000-event load takes a minute or more today, and the whole run must stay well under 15 minutes.
export const FULL_HISTORY_ROUNDS = 2;

export type Mode = 'without' | 'local' | 'remote';
const MODES: Mode[] = ['without', 'local', 'remote'];

export interface FullHistoryRound {
  loadedMs: Record<Mode, number>;
  heapAboveIdle: { local: number; remote: number };
  /** Payloads that arrived still encoded, per decoded mode (both directions counted). */
  leftEncoded: { local: number; remote: number };
  /** CPU time (ms) each kind of process spent during the load, and the wall time it was measured over. */
  cpuMs: Record<Mode, CpuByRole>;
  cpuWallMs: Record<Mode, number>;
}

export interface FullHistory {
  events: number;
  codecLatencyMs: number;
  rounds: FullHistoryRound[];
  withoutMs: Spread;
  /** local ÷ without − 1, per round */
  localAdded: Spread;
  remoteAdded: Spread;
  heapLocal: Spread;
  heapRemote: Spread;
  /** Median CPU time (ms) over the rounds, per mode and kind of process. */
  cpuMs: Record<Mode, CpuByRole>;
  /** Median wall time (ms) the CPU time was measured over, per mode: the whole load, a little more than `loadedMs`. */
  cpuWindowMs: Record<Mode, number>;
}

export async function measureFullHistory(
  browser: ExtensionBrowser,
  ui: string,
  codec: { url: string; latencyMs: number },
  events: number,
): Promise<FullHistory> {
  await setUiCodec(browser, ui, undefined);
  // The server makes the history on first use: not part of any round.
  await loadBigHistory(browser, ui, UNDECODED_NAMESPACE, events);

  const rounds: FullHistoryRound[] = [];
  for (let r = 0; r < FULL_HISTORY_ROUNDS; r++) {
    const cpuMs = {} as Record<Mode, CpuByRole>;
    const cpuWallMs = { without: 0, local: 0, remote: 0 };
    const round: FullHistoryRound = {
      loadedMs: { without: 0, local: 0, remote: 0 },
      heapAboveIdle: { local: 0, remote: 0 },
      leftEncoded: { local: 0, remote: 0 },
      cpuMs,
      cpuWallMs,
    };
    for (const mode of [...MODES.slice(r % 3), ...MODES.slice(0, r % 3)]) {
      if (mode === 'without') {
        const { result, cpu, wallMs } = await cpuDuring(() => loadBigHistory(browser, ui, UNDECODED_NAMESPACE, events));
        round.loadedMs.without = result.loadedMs;
        cpuMs.without = cpu;
        cpuWallMs.without = wallMs;
        continue;
      }
      const namespace = `full-${mode}-${r}`;
      await browser.saveRule(
        mode === 'local' ? { namespace, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 } : { namespace, mode: 'remote', endpoint: codec.url },
      );
      const measured = await workerHeapDuring(browser, () => cpuDuring<BigHistoryState>(() => loadBigHistory(browser, ui, namespace, events)));
      const { result, cpu, wallMs } = measured.result;
      const { heap } = measured;
      round.loadedMs[mode] = result.loadedMs;
      cpuMs[mode] = cpu;
      cpuWallMs[mode] = wallMs;
      round.heapAboveIdle[mode] = heap.aboveIdleBytes;
      round.leftEncoded[mode] = result.payloadsEncoded;
    }
    rounds.push(round);
  }
  return {
    events,
    codecLatencyMs: codec.latencyMs,
    rounds,
    withoutMs: spread(rounds.map((r) => r.loadedMs.without)),
    localAdded: spread(rounds.map((r) => r.loadedMs.local / r.loadedMs.without - 1)),
    remoteAdded: spread(rounds.map((r) => r.loadedMs.remote / r.loadedMs.without - 1)),
    heapLocal: spread(rounds.map((r) => r.heapAboveIdle.local)),
    heapRemote: spread(rounds.map((r) => r.heapAboveIdle.remote)),
    cpuMs: Object.fromEntries(
      MODES.map((mode) => [mode, Object.fromEntries(ROLES.map((role) => [role, spread(rounds.map((r) => r.cpuMs[mode][role])).median]))]),
    ) as Record<Mode, CpuByRole>,
    cpuWindowMs: Object.fromEntries(MODES.map((mode) => [mode, spread(rounds.map((r) => r.cpuWallMs[mode])).median])) as Record<Mode, number>,
  };
}
