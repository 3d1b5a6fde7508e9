/**
 * Percentiles by one definition everywhere: linear interpolation between the closest ranks
 * (Hyndman & Fan 1996 type 7, the default of R and NumPy, and what PostgreSQL's percentile_cont
 * computes). For n sorted values x[0..n-1] the p-quantile is at rank h = (n − 1)·p, interpolated
 * between x[floor(h)] and x[ceil(h)]. The SQL path and this one must give the same figures.
 */

/** The p-quantile (0 ≤ p ≤ 1) of ascending values; null when there are none. */
export function percentileType7(ascending: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile ${p} is outside 0–1`);
  if (ascending.length === 0) return null;
  const h = (ascending.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return ascending[lo] + (h - lo) * (ascending[hi] - ascending[lo]);
}

/** What a DRL survey reports of one group: its size, median and third quartile. */
export interface DoseStatistics {
  readonly count: number;
  readonly median: number | null;
  readonly p75: number | null;
}

export function doseStatistics(values: readonly number[]): DoseStatistics {
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`dose value ${bad} is not a finite number`);
  const ascending = [...values].sort((a, b) => a - b);
  return { count: ascending.length, median: percentileType7(ascending, 0.5), p75: percentileType7(ascending, 0.75) };
}
