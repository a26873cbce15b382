/** The highest of a memory figure while something runs, against the figure just before. */
import type { BackgroundMemory } from './driver';

const SAMPLE_EVERY_MS = 50;

export async function peakDuring<T>(what: string, read: () => Promise<number>, run: () => Promise<T>): Promise<{ result: T; memory: BackgroundMemory }> {
  const idleBytes = await read();
  let peakBytes = idleBytes;
  let samples = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      // A figure that cannot be read (the background stopped meanwhile) is no sample.
      const bytes = await read().catch(() => undefined);
      if (bytes !== undefined) {
        peakBytes = Math.max(peakBytes, bytes);
        samples += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    }
  })();
  try {
    const result = await run();
    return { result, memory: { what, idleBytes, peakBytes, aboveIdleBytes: peakBytes - idleBytes, samples } };
  } finally {
    running = false;
    await sampler;
  }
}
