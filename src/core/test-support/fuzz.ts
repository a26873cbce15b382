/**
 * How hard the property tests push. `npm test` runs each fuzz property FUZZ_RUNS times
 * (1,000 by default, so every run of the suite tries well over 10,000 cases in all);
 * `npm run fuzz` raises it for a long search. Every property shares these settings so
 * one number says how much a run covered.
 */
import type { Parameters } from 'fast-check';

export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Per-property settings: the run count, and a bound on each case so a hang fails the test instead of stalling it. */
export function fuzzSettings<T>(overrides: Parameters<T> = {}): Parameters<T> {
  return { numRuns: FUZZ_RUNS, timeout: 2_000, ...overrides };
}
