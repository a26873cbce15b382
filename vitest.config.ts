import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'e2e/fixtures/**/*.test.ts', 'e2e/support/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Worker threads start each test file faster than child processes: about three quarters of the time for the
    // whole run on two cores. Every file still gets a fresh module graph of its own.
    pool: 'threads',
    // A worker per core. Vitest's default keeps one core for its own process, which does little here: on two cores
    // that is one worker, and the whole run took about twice as long.
    maxWorkers: availableParallelism(),
    // Time is measured by the benchmark, not here: a test's timeout only catches one that hangs. Vitest's 5 s failed
    // tests of a second or two on a machine busy with other work.
    testTimeout: 30_000,
  },
});
