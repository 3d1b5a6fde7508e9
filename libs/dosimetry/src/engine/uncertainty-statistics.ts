/** Statistics of the uncertainty samples: the 95 % interval and each input's share of the variance. */

const Z95 = 1.959963984540054;

function mean(v: readonly number[]): number {
  return v.reduce((s, x) => s + x, 0) / v.length;
}

function sampleSd(v: readonly number[]): number {
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
}

function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

export interface SampledInterval {
  readonly lowerGy: number;
  readonly upperGy: number;
  /** The sampled quantity the shares are computed on: ln(ratio), or the ratio when a sample had no dose. */
  readonly spread: readonly number[];
  /** Relative standard uncertainty of the PSD (SD of ln ratio). */
  readonly relativeSd: number;
}

/**
 * 95 % interval from the sampled PSD ratios. A log-normal fit (mean and SD of ln ratio, ±1.96 SD): with
 * 64 samples the 2.5th and 97.5th percentiles would rest on one or two samples each, the fit uses them
 * all; it is asymmetric and never negative. A sample without any dose (a field moved off the body)
 * has no logarithm: then the empirical 2.5th–97.5th percentiles. The interval always contains the PSD.
 */
export function intervalOf(psdGy: number, ratios: readonly number[]): SampledInterval {
  const finite = ratios.filter((r) => Number.isFinite(r));
  if (psdGy <= 0 || finite.length === 0) return { lowerGy: psdGy, upperGy: psdGy, spread: [], relativeSd: 0 };
  if (finite.length === ratios.length && finite.every((r) => r > 0)) {
    const logs = finite.map(Math.log);
    const m = mean(logs);
    const sd = sampleSd(logs);
    return { lowerGy: Math.min(psdGy, psdGy * Math.exp(m - Z95 * sd)), upperGy: Math.max(psdGy, psdGy * Math.exp(m + Z95 * sd)), spread: logs, relativeSd: sd };
  }
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    lowerGy: Math.min(psdGy, psdGy * quantile(sorted, 0.025)),
    upperGy: Math.max(psdGy, psdGy * quantile(sorted, 0.975)),
    spread: ratios.map((r) => (Number.isFinite(r) ? r : sorted[sorted.length - 1])),
    relativeSd: sampleSd(finite) / mean(finite),
  };
}

/**
 * First-order share of the variance of y explained by one input x: r² for a continuous input, the
 * correlation ratio η² (between-group variance / total) for a choice among options. The inputs are
 * drawn independently, so the shares add up to at most about 1; what is left is interaction and noise.
 */
export function varianceShare(x: readonly number[], y: readonly number[], categorical: boolean): number {
  if (x.length !== y.length || y.length < 3) return 0;
  const my = mean(y);
  const total = y.reduce((s, v) => s + (v - my) ** 2, 0);
  if (!(total > 0)) return 0;
  if (categorical) {
    const groups = new Map<number, number[]>();
    x.forEach((v, i) => groups.set(v, [...(groups.get(v) ?? []), y[i]]));
    let between = 0;
    for (const g of groups.values()) between += g.length * (mean(g) - my) ** 2;
    return Math.min(1, between / total);
  }
  const mx = mean(x);
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
  });
  return sxx > 0 ? Math.min(1, (sxy * sxy) / (sxx * total)) : 0;
}
