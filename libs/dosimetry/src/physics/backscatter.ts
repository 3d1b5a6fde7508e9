/**
 * Backscatter factor B(kV, HVL, field side) for a water phantom, Benmakhlouf, Bouchard, Fransson &
 * Andreo, "Influence of phantom thickness and material on the backscatter factors for diagnostic
 * x-ray beam dosimetry", Phys. Med. Biol. 58 (2013) 247, eq. (8):
 *   B = (c0 + c1·kV + c2·kV²) + (c3 + c4·kV + c5·kV²)·HVL + (c6 + c7·kV + c8·kV²)·HVL²
 * with one coefficient set per square field side of 5, 10, 20, 25 and 35 cm (the same values as
 * PySkinDose corrections.py). Between field sides a natural cubic spline is used; outside 5–35 cm the
 * value is held at the nearest end (no extrapolation).
 */
const FIELD_SIDES_CM = [5, 10, 20, 25, 35] as const;

/** Rows c0..c8, columns = field sides 5, 10, 20, 25, 35 cm. */
const COEFFICIENTS: readonly (readonly number[])[] = [
  [1.0087, 0.929969, 0.865442, 0.858665, 0.857065],
  [2.35816e-3, 4.08549e-3, 5.36739e-3, 5.51579e-3, 5.55933e-3],
  [-9.48937e-6, -1.66271e-5, -2.21494e-5, -2.27532e-5, -2.28004e-5],
  [1.03143e-1, 1.53605e-1, 1.72418e-1, 1.70826e-1, 1.66418e-1],
  [-1.04881e-3, -1.45187e-3, -1.46088e-3, -1.3854e-3, -1.2818e-3],
  [3.59731e-6, 5.05312e-6, 5.1743e-6, 4.91192e-6, 4.53036e-6],
  [-7.31303e-3, -9.32427e-3, -8.30138e-3, -7.6433e-3, -6.81574e-3],
  [7.93272e-5, 9.40568e-5, 7.13576e-5, 6.13126e-5, 4.94197e-5],
  [-2.74296e-7, -3.28449e-7, -2.54885e-7, -2.21399e-7, -1.79074e-7],
];

/** Eq. (8) at one tabulated field side (index into FIELD_SIDES_CM). */
export function backscatterAtTabulatedSide(kvp: number, hvlMmAl: number, sideIndex: number): number {
  const c = (k: number): number => COEFFICIENTS[k][sideIndex];
  const kv2 = kvp * kvp;
  return c(0) + c(1) * kvp + c(2) * kv2 + (c(3) + c(4) * kvp + c(5) * kv2) * hvlMmAl + (c(6) + c(7) * kvp + c(8) * kv2) * hvlMmAl * hvlMmAl;
}

/** A natural cubic spline through the five tabulated sides for one beam quality; cheap to evaluate per cell. */
export interface BackscatterCurve {
  readonly knotsCm: Float64Array;
  readonly values: Float64Array;
  /** Second derivatives at the knots. */
  readonly curvature: Float64Array;
  /**
   * The same spline as a cubic in t = side − knot per interval, [c0, c1, c2, c3] for each of the four
   * intervals, so that the per-cell evaluation is a few multiply-adds (it runs for every hit cell).
   */
  readonly intervalCoefficients: Float64Array;
}

/** Natural-spline second derivatives (tridiagonal solve) through (x, y). */
function naturalSplineCurvature(x: readonly number[], y: readonly number[]): number[] {
  const n = x.length;
  const m = new Array<number>(n).fill(0);
  const u = new Array<number>(n).fill(0);
  for (let i = 1; i < n - 1; i++) {
    const sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
    const p = sig * m[i - 1] + 2;
    m[i] = (sig - 1) / p;
    const d = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
    u[i] = ((6 * d) / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
  }
  m[n - 1] = 0;
  for (let k = n - 2; k >= 0; k--) m[k] = m[k] * m[k + 1] + u[k];
  return m;
}

/**
 * Expands a·y_lo + b·y_hi + ((a³ − a)·m_lo + (b³ − b)·m_hi)·h²/6 (a = 1 − t/h, b = t/h) in powers of
 * t: y_lo + (Δy/h − h(2m_lo + m_hi)/6)·t + (m_lo/2)·t² + ((m_hi − m_lo)/6h)·t³.
 */
function intervalCoefficients(x: readonly number[], y: readonly number[], m: readonly number[]): Float64Array {
  const out = new Float64Array(4 * (x.length - 1));
  for (let k = 0; k < x.length - 1; k++) {
    const h = x[k + 1] - x[k];
    out[4 * k] = y[k];
    out[4 * k + 1] = (y[k + 1] - y[k]) / h - (h * (2 * m[k] + m[k + 1])) / 6;
    out[4 * k + 2] = m[k] / 2;
    out[4 * k + 3] = (m[k + 1] - m[k]) / (6 * h);
  }
  return out;
}

export function backscatterCurve(kvp: number, hvlMmAl: number): BackscatterCurve {
  const x = FIELD_SIDES_CM;
  const y = x.map((_, i) => backscatterAtTabulatedSide(kvp, hvlMmAl, i));
  const m = naturalSplineCurvature(x, y);
  // Typed arrays keep every curve's element kind identical, so the per-cell code stays monomorphic.
  return { knotsCm: Float64Array.from(x), values: Float64Array.from(y), curvature: Float64Array.from(m), intervalCoefficients: intervalCoefficients(x, y, m) };
}

export function evaluateBackscatter(curve: BackscatterCurve, fieldSideCm: number): number {
  const x = curve.knotsCm;
  const last = x.length - 1;
  if (fieldSideCm <= x[0]) return curve.values[0];
  if (fieldSideCm >= x[last]) return curve.values[last];
  let k = 0;
  while (x[k + 1] < fieldSideCm) k++;
  const t = fieldSideCm - x[k];
  const c = curve.intervalCoefficients;
  const o = 4 * k;
  return c[o] + t * (c[o + 1] + t * (c[o + 2] + t * c[o + 3]));
}

/**
 * The interval k whose cubic evaluateBackscatter uses for every field side in [minSideCm, maxSideCm]
 * (interval k takes sides in (knot k, knot k + 1]), or −1 when the range reaches a clamped end or
 * spans a knot. With it, a caller evaluating many sides of one beam skips the per-side search and
 * gets the same values.
 */
export function backscatterIntervalOf(curve: BackscatterCurve, minSideCm: number, maxSideCm: number): number {
  const x = curve.knotsCm;
  if (!(minSideCm > x[0] && maxSideCm < x[x.length - 1])) return -1;
  let k = 0;
  while (x[k + 1] < minSideCm) k++;
  return maxSideCm <= x[k + 1] ? k : -1;
}

/** One-shot form, for callers outside the hot loop. */
export function backscatterFactor(kvp: number, hvlMmAl: number, fieldSideCm: number): number {
  return evaluateBackscatter(backscatterCurve(kvp, hvlMmAl), fieldSideCm);
}
