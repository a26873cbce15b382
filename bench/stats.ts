/** Summaries over a benchmark's rounds: every figure is reported as min, median and max, never the median alone. */

export interface Spread {
  min: number;
  median: number;
  max: number;
  rounds: number;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('no rounds to summarise');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)!, rounds: sorted.length };
}

export const ms = (x: number): string => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x >= 100 ? 0 : 1)} ms`);
export const times = (x: number): string => `${x.toFixed(2)}×`;
export const percent = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** "median (min–max)" with the given unit formatter. */
export function showSpread(s: Spread, unit: (x: number) => string): string {
  return s.rounds === 1 ? unit(s.median) : `${unit(s.median)} (${unit(s.min)} – ${unit(s.max)})`;
}
