/**
 * The extension's service worker's JavaScript heap while something runs: sampled through the DevTools protocol
 * (`Runtime.getHeapUsage` on the worker target), against the idle heap after a full collection just before.
 */
import { peakDuring } from '../e2e/support/memory-sampler';
import type { ExtensionBrowser } from './browser/extension-browser';

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
    const { result, memory } = await peakDuring('the service worker’s JavaScript heap', used, run);
    const { idleBytes, peakBytes, aboveIdleBytes, samples } = memory;
    return { result, heap: { idleBytes, peakBytes, aboveIdleBytes, samples } };
  } finally {
    await worker.detach();
  }
}
