import { SPECTRUM_TABLE } from './spectrum-table';
import {
  backscatterAtTabulatedSide,
  backscatterCurve,
  backscatterIntervalOf,
  evaluateBackscatter,
  backscatterFactor,
  estimateHvl,
  mediumCorrection,
  interpolateTransmission,
  obliqueTransmission,
} from './index';

describe('beam-quality corrections', () => {
  it('reproduces the tabulated HVL at table nodes and interpolates between them', () => {
    for (const [kv, al, cu, hvl] of SPECTRUM_TABLE.filter((r) => r[1] === 3.1)) expect(estimateHvl(kv, al, cu).hvlMmAl).toBeCloseTo(hvl, 6);
    const mid = estimateHvl(85, 3.1, 0).hvlMmAl;
    expect(mid).toBeGreaterThan(3.12);
    expect(mid).toBeLessThan(3.53);
    expect(estimateHvl(80, 4.1, 0).hvlMmAl).toBeCloseTo(3.63, 6);
    expect(estimateHvl(40, 3.1, 0).clamped).toBe(true);
  });

  it('gives backscatter factors in the published range, growing with field size and HVL', () => {
    const b10 = backscatterFactor(80, 3.12, 10);
    expect(b10).toBeCloseTo(backscatterAtTabulatedSide(80, 3.12, 1), 12);
    expect(b10).toBeGreaterThan(1.25);
    expect(b10).toBeLessThan(1.4);
    expect(backscatterFactor(80, 3.12, 20)).toBeGreaterThan(b10);
    expect(backscatterFactor(80, 6.47, 10)).toBeGreaterThan(b10);
  });

  it('evaluates the backscatter spline in power form exactly as the textbook cubic-spline form', () => {
    for (const [kvp, hvl] of [
      [60, 2.4],
      [80, 3.12],
      [110, 6.47],
      [125, 9.1],
    ]) {
      const curve = backscatterCurve(kvp, hvl);
      const { knotsCm: x, values: y, curvature: m } = curve;
      for (let side = 3; side <= 40; side += 0.37) {
        const clamped = Math.min(Math.max(side, x[0]), x[x.length - 1]);
        let hi = 1;
        while (x[hi] < clamped) hi++;
        const h = x[hi] - x[hi - 1];
        const a = (x[hi] - clamped) / h;
        const b = (clamped - x[hi - 1]) / h;
        const textbook = a * y[hi - 1] + b * y[hi] + (((a ** 3 - a) * m[hi - 1] + (b ** 3 - b) * m[hi]) * h * h) / 6;
        expect(Math.abs(evaluateBackscatter(curve, side) - textbook)).toBeLessThan(1e-12);
      }
    }
  });

  it('names the one interval of a range of field sides, whose cubic gives evaluateBackscatter exactly', () => {
    const curve = backscatterCurve(80, 3.12);
    const c = curve.intervalCoefficients;
    let found = 0;
    for (let lo = 3; lo < 38; lo += 0.61) {
      for (const width of [0.3, 2, 7]) {
        const hi = lo + width;
        const k = backscatterIntervalOf(curve, lo, hi);
        const sides = [lo, (lo + hi) / 2, hi];
        const knotsInside = curve.knotsCm.filter((x) => x >= lo && x < hi);
        if (k < 0) {
          expect(lo <= 5 || hi >= 35 || knotsInside.length > 0).toBe(true);
          continue;
        }
        found++;
        for (const side of sides) {
          const t = side - curve.knotsCm[k];
          expect(c[4 * k] + t * (c[4 * k + 1] + t * (c[4 * k + 2] + t * c[4 * k + 3]))).toBe(evaluateBackscatter(curve, side));
        }
      }
    }
    expect(backscatterIntervalOf(curve, 10.5, 20)).toBe(1);
    expect(backscatterIntervalOf(curve, 10, 20)).toBe(-1);
    expect(backscatterIntervalOf(curve, 9.5, 10.5)).toBe(-1);
    expect(backscatterIntervalOf(curve, 4, 6)).toBe(-1);
    expect(found).toBeGreaterThan(20);
  });

  it('gives the water/air ratio of the table', () => {
    expect(mediumCorrection(80, 3.12)).toBeCloseTo(1.021, 6);
    expect(mediumCorrection(120, 8.85)).toBeCloseTo(1.049, 6);
  });

  it('attenuates more along an oblique path', () => {
    expect(
      interpolateTransmission(
        [
          { kvp: 60, cuMm: 0, transmission: 0.6 },
          { kvp: 100, cuMm: 0, transmission: 0.8 },
        ],
        80,
        0,
      ),
    ).toBeCloseTo(0.7, 12);
    expect(obliqueTransmission(0.8, 2)).toBeCloseTo(0.64, 12);
  });
});
