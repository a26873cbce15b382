/**
 * The extension's service worker's JavaScript heap while something runs: sampled through the DevTools protocol
 * (`Runtime.getHeapUsage` on the worker target), against the idle heap after a full collection just before.
 */
import type { ExtensionBrowser } from './browser/extension-browser';

const SAMPLE_EVERY_MS = 50;

export interface HeapPeak {
  idleBytes: number;
  peakBytes: number;
  /** peak − idle */
  aboveIdleBytes: number;
  samples: number;
}

export async function workerHeapDuring<T>(browser: ExtensionBrowser, run: () => Promise<T>): Promise<{ result: T; heap: HeapPeak }> {
  const worker = await browser.workerSession();
  try {
    await worker.send('HeapProfiler.collectGarbage');
    const used = async () => ((await worker.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    const idleBytes = await used();
    let peakBytes = idleBytes;
    let samples = 0;
    let running = true;
    const sampler = (async () => {
      while (running) {
        peakBytes = Math.max(peakBytes, await used());
        samples += 1;
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      }
    })();
    try {
      const result = await run();
      return { result, heap: { idleBytes, peakBytes, aboveIdleBytes: peakBytes - idleBytes, samples } };
    } finally {
      running = false;
      await sampler;
    }
  } finally {
    await worker.detach();
  }
}
