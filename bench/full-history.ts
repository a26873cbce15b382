/**
 * The fixture Web UI loading every event of a 20,000-event history (both directions until they meet, the server's
 * page size), from navigation to the last page: in a namespace without a rule, decoded with the local key, and decoded by the codec
 * server; in rotating order, each decoded round in a namespace of its own (its rule saved just before, which also
 * empties the extension's cache). The service worker's heap is sampled during every load (and read for the decoded
 * ones), and every process's CPU time taken.
 *
 * One more load per round, without decoding, has the server hold every page one codec request's latency: the least
 * any decoder through that codec server could make the load take. Each direction asks for its next page only once
 * the last one has come, with its token, and a page whose payloads are decoded comes only once they are, so each page
 * waits at least one request's latency, however many requests go at once.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { UNDECODED_NAMESPACE } from './answers';
import { loadBigHistory, setUiCodec, type BigHistoryState } from './big-history-page';
import type { ExtensionBrowser } from './browser/extension-browser';
import { cpuDuring, noCpu, type LoadCpu } from './process-cpu';
import { spread, type Spread } from './stats';
import { workerHeapDuring } from './worker-memory';

// Three, so that the median is one round's figure, not the mean of two: a decoded 20,000-event load takes 6 to 11 s
// here, and each round adds about 25 s to a run of about 3 minutes.
export const FULL_HISTORY_ROUNDS = 3;

export type Mode = 'without' | 'local' | 'remote';
export const MODES: readonly Mode[] = ['without', 'local', 'remote'];
/** The loads of a round: the modes, and the load without decoding whose pages are held (the module's comment). */
type Load = Mode | 'held';
const LOADS: readonly Load[] = ['without', 'held', 'local', 'remote'];

export interface FullHistoryRound {
  loadedMs: Record<Load, number>;
  heapAboveIdle: { local: number; remote: number };
  /** Payloads that arrived still encoded, per decoded mode. */
  leftEncoded: { local: number; remote: number };
  /** CPU time each kind of process spent during the load (see load-cpu.ts for what it says). */
  cpu: Record<Mode, LoadCpu>;
}

export interface FullHistory {
  events: number;
  codecLatencyMs: number;
  rounds: FullHistoryRound[];
  withoutMs: Spread;
  /** local ÷ without − 1, per round */
  localAdded: Spread;
  remoteAdded: Spread;
  /** held ÷ without − 1, per round: the least the codec server's latency allows (the module's comment). */
  heldAdded: Spread;
  heapLocal: Spread;
  heapRemote: Spread;
}

export async function measureFullHistory(
  browser: ExtensionBrowser,
  ui: string,
  codec: { url: string; latencyMs: number },
  events: number,
  holdHistoryPages: (ms: number) => void,
): Promise<FullHistory> {
  await setUiCodec(browser, ui, undefined);
  // The server makes the history on first use: not part of any round.
  await loadBigHistory(browser, ui, UNDECODED_NAMESPACE, events);

  const rounds: FullHistoryRound[] = [];
  for (let r = 0; r < FULL_HISTORY_ROUNDS; r++) {
    const unmeasured = (): LoadCpu => ({ byRole: noCpu(), windowMs: 0, ended: [] });
    const round: FullHistoryRound = {
      loadedMs: { without: 0, held: 0, local: 0, remote: 0 },
      heapAboveIdle: { local: 0, remote: 0 },
      leftEncoded: { local: 0, remote: 0 },
      cpu: { without: unmeasured(), local: unmeasured(), remote: unmeasured() },
    };
    for (const mode of [...LOADS.slice(r % LOADS.length), ...LOADS.slice(0, r % LOADS.length)]) {
      const namespace = mode === 'without' || mode === 'held' ? UNDECODED_NAMESPACE : `full-${mode}-${r}`;
      if (mode === 'local' || mode === 'remote') {
        await browser.saveRule(
          mode === 'local' ? { namespace, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 } : { namespace, mode: 'remote', endpoint: codec.url },
        );
      }
      // The heap is sampled during the load without decoding too, though nothing is read of it there: sampling costs
      // CPU time, and each load's CPU time is compared with the others'.
      holdHistoryPages(mode === 'held' ? codec.latencyMs : 0);
      let measured;
      try {
        measured = await workerHeapDuring(browser, () => cpuDuring<BigHistoryState>(() => loadBigHistory(browser, ui, namespace, events)));
      } finally {
        holdHistoryPages(0);
      }
      const { result, heap } = measured;
      round.loadedMs[mode] = result.result.loadedMs;
      if (mode === 'held') continue;
      round.cpu[mode] = result.cpu;
      if (mode === 'without') continue;
      round.heapAboveIdle[mode] = heap.aboveIdleBytes;
      round.leftEncoded[mode] = result.result.payloadsEncoded;
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
    heldAdded: spread(rounds.map((r) => r.loadedMs.held / r.loadedMs.without - 1)),
    heapLocal: spread(rounds.map((r) => r.heapAboveIdle.local)),
    heapRemote: spread(rounds.map((r) => r.heapAboveIdle.remote)),
  };
}
