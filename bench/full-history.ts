/**
 * The fixture Web UI loading every event of a 20,000-event history (both directions until they meet, the server's
 * page size), from navigation to the last page: in a namespace without a rule, decoded with the local key, and decoded by the codec
 * server; in rotating order, each decoded round in a namespace of its own (its rule saved just before, which also
 * empties the extension's cache). The service worker's heap is sampled during every load (and read for the decoded
 * ones), and every process's CPU time taken.
 *
 * One more load per round, without decoding, has the server hold every history page one codec request's latency,
 * right after the load without decoding (so the two are compared side by side, and the three loads above keep their
 * rotation): the least a decoder through that codec server could make the load take, if it hands each page over
 * decoded and asks the server for nothing the page did not ask for. Each direction asks for its next page only once
 * the last one has come, with its token, so every page whose payloads such a decoder does not hold already waits at
 * least one request's latency, however many requests go at once.
 */
import { FIXTURE_KEY_BASE64, FIXTURE_KEY_ID } from '../test-data/test-data';
import { UNDECODED_NAMESPACE } from './answers';
import { loadBigHistory, setUiCodec, withHistoryHeld, type BigHistoryState, type HoldHistoryPages } from './big-history-page';
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

/** Round `r`'s loads in order: the modes rotated, so that each goes first once in three rounds, the held one after `without`. */
const loadsOfRound = (r: number): Load[] => [...MODES.slice(r % MODES.length), ...MODES.slice(0, r % MODES.length)].flatMap((mode): Load[] => (mode === 'without' ? ['without', 'held'] : [mode]));

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
  /** held ÷ without − 1, per round: the least a decoder through the codec server allows (the module's comment). */
  heldAdded: Spread;
  heapLocal: Spread;
  heapRemote: Spread;
}

export async function measureFullHistory(
  browser: ExtensionBrowser,
  ui: string,
  codec: { url: string; latencyMs: number },
  events: number,
  holdHistoryPages: HoldHistoryPages,
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
    for (const load of loadsOfRound(r)) {
      const namespace = load === 'without' || load === 'held' ? UNDECODED_NAMESPACE : `full-${load}-${r}`;
      if (load === 'local' || load === 'remote') {
        await browser.saveRule(
          load === 'local' ? { namespace, mode: 'local', keyId: FIXTURE_KEY_ID, key: FIXTURE_KEY_BASE64 } : { namespace, mode: 'remote', endpoint: codec.url },
        );
      }
      // The heap is sampled during the loads without decoding too, though nothing is read of it there: sampling costs
      // CPU time, and each load's CPU time is compared with the others'.
      const { result, heap } = await withHistoryHeld(holdHistoryPages, load === 'held' ? codec.latencyMs : 0, () =>
        workerHeapDuring(browser, () => cpuDuring<BigHistoryState>(() => loadBigHistory(browser, ui, namespace, events))),
      );
      round.loadedMs[load] = result.result.loadedMs;
      if (load === 'held') continue;
      round.cpu[load] = result.cpu;
      if (load === 'without') continue;
      round.heapAboveIdle[load] = heap.aboveIdleBytes;
      round.leftEncoded[load] = result.result.payloadsEncoded;
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
