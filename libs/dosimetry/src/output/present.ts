import type { SkinDoseResult } from '../engine';

/**
 * Significant digits of every non-integer number a result shows (CLI, API, events). The physics keeps
 * full doubles; only its output is rounded, once, here. Four digits: the PSD's expanded uncertainty is
 * ≥ 25 % (k = 2), so the fourth digit is two orders below it, and comparisons with other engines at the
 * percent level stay readable (12.659600000000003 mGy shows as 12.66).
 */
export const OUTPUT_SIGNIFICANT_DIGITS = 4;

export function roundForOutput(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  return Number(value.toPrecision(OUTPUT_SIGNIFICANT_DIGITS));
}

function roundDeep(value: unknown): unknown {
  if (typeof value === 'number') return roundForOutput(value);
  if (Array.isArray(value)) return value.map(roundDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)]));
  return value;
}

/** The result as shown: numbers rounded to OUTPUT_SIGNIFICANT_DIGITS; the dose map grid left as computed. */
export function presentSkinDoseResult(result: SkinDoseResult): SkinDoseResult {
  const { doseMap, ...figures } = result;
  return { ...(roundDeep(figures) as Omit<SkinDoseResult, 'doseMap'>), doseMap };
}
