/**
 * Work that must be done before this process ends on an interrupt or a termination (Ctrl-C, a CI job's timeout):
 * Node ends on those without running its exit hooks, and the benchmark's browser profile would stay in the temporary
 * directory.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What the hook needs of a process: this one, but for tests. */
export interface SignalTarget {
  readonly pid: number;
  on(event: string, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: string, listener: (signal: NodeJS.Signals) => void): unknown;
  kill(pid: number, signal: NodeJS.Signals): unknown;
}

/**
 * Runs `cleanUp` on the first of SIGNALS, then ends this process by that signal, as it would have ended without it. A
 * second signal while `cleanUp` runs ends it at once. The returned function takes the hook away again.
 *
 * Only for the script that owns the process (bench/run.ts): where something else listens for these signals too (a
 * test runner's worker), raising one again does not end the process.
 */
export function beforeSignalExit(cleanUp: () => Promise<void>, target: SignalTarget = process): () => void {
  const off = () => {
    for (const signal of SIGNALS) target.off(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals) {
    off();
    // What was under way fails as the clean-up takes its browser away, and would end the process with that error
    // before the clean-up is done (a rejection nobody handles comes here too): the signal says why it ends.
    target.on('uncaughtException', () => undefined);
    // Raised again once nothing of ours listens: Node's default for it ends the process.
    void cleanUp()
      .catch((error: unknown) => console.warn(`Cleaning up before ${signal} failed: ${String(error)}`))
      .finally(() => target.kill(target.pid, signal));
  }
  for (const signal of SIGNALS) target.on(signal, onSignal);
  return off;
}
