/**
 * A program run in a process group of its own, so that ending it ends every process in the group: Chromium's
 * renderers and helpers go with their browser instead of writing on into a profile being removed.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { within } from '../../e2e/support/within';

export interface ProcessGroup {
  child: ChildProcess;
  /** Settles once the program exited, or could not start (then with the error). */
  exited: Promise<Error | undefined>;
  /**
   * Asks the program to end with `ask`, waits at most `timeoutMs` for it to exit, then kills the whole group and waits
   * as long again; lets go of its streams, so nothing of it keeps this process running.
   */
  end(ask: () => Promise<unknown>, timeoutMs: number): Promise<void>;
}

export function startGroup(command: string, args: string[], stdio: StdioOptions): ProcessGroup {
  const child = spawn(command, args, { stdio, detached: true });
  const exited = new Promise<Error | undefined>((resolve) => {
    child.once('exit', () => resolve(undefined));
    // Not started at all (no such program): nothing will exit.
    child.once('error', (error) => resolve(error));
  });
  const killAll = () => {
    try {
      // Never 0 or less: -0 would be this process's own group.
      if (child.pid !== undefined && child.pid > 0) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  };
  // Should this process exit on an error nobody catches, the group does not outlive it. (A signal runs no exit hook:
  // the benchmark ends its browser first (bench/run.ts, on-signal.ts), and Chromium quits once its pipe closes.)
  process.once('exit', killAll);
  return {
    child,
    exited,
    async end(ask, timeoutMs) {
      await within(
        ask().then(() => exited),
        timeoutMs,
        'The program did not end when asked',
      ).catch(() => undefined);
      killAll();
      await within(exited, timeoutMs, 'The program did not end once killed').catch(() => undefined);
      for (const stream of child.stdio) stream?.destroy();
      process.off('exit', killAll);
    },
  };
}
