import type { Procedure } from '@kerma/rdsr';
import { computeSkinDose, startSkinDose } from '../index';
import { testEvent, testPlane, testProcedure } from '../../test/procedure-builder';
import { intervalOf, varianceShare } from './uncertainty-statistics';
import { SeededRandom } from './seeded-random';

const pa = (spec: Parameters<typeof testEvent>[0] = {}) => testProcedure({ heightM: 1.75, massKg: 80, events: [testEvent({ kermaGy: 1, ...spec })] });

/** The same procedure with a calibration of the given expanded uncertainty (k = 2) on its plane. */
function calibrated(p: Procedure, percent: number): Procedure {
  const calibrations = [
    { measurementDevice: null, date: null, factor: null, uncertaintyPercent: { value: percent, provenance: 'read' as const }, responsibleParty: null },
  ];
  return { ...p, planes: [testPlane('single', { calibrations })] };
}

describe('PSD uncertainty by sampling the assumed inputs through the engine', () => {
  it('is reproducible: the same study gives the same interval', () => {
    const a = computeSkinDose(pa());
    const b = computeSkinDose(pa());
    expect(a.uncertainty.psdInterval95Gy).toEqual(b.uncertainty.psdInterval95Gy);
    expect(a.uncertainty.budget).toEqual(b.uncertainty.budget);
  });

  it('gives an asymmetric interval around the PSD, never below 0, and the older fields derived from it', () => {
    const r = computeSkinDose(pa());
    const u = r.uncertainty;
    expect(u.method).toBe('sampled');
    expect(u.samples).toBe(64);
    expect(u.psdInterval95Gy.lowerGy).toBeGreaterThan(0);
    expect(u.psdInterval95Gy.lowerGy).toBeLessThan(r.psdGy);
    expect(u.psdInterval95Gy.upperGy).toBeGreaterThan(r.psdGy);
    // Log-normal: further above the PSD than below it.
    expect(u.psdInterval95Gy.upperGy - r.psdGy).toBeGreaterThan(r.psdGy - u.psdInterval95Gy.lowerGy);
    expect(u.expandedRelative).toBeCloseTo(u.psdInterval95Gy.upperGy / r.psdGy - 1, 12);
    expect([u.psdLowGy, u.psdHighGy]).toEqual([u.psdInterval95Gy.lowerGy, u.psdInterval95Gy.upperGy]);
  });

  it('an uncalibrated Ka,r (IEC 60601-2-43 ±35 %) dominates a simple study; a 10 % calibration narrows the interval', () => {
    const uncalibrated = computeSkinDose(pa());
    const withCalibration = computeSkinDose(calibrated(pa(), 10));
    expect(uncalibrated.uncertainty.dominant[0]).toBe('Ka,r calibration');
    expect(uncalibrated.uncertainty.budget[0].distribution).toBe('factor uniform 0.65–1.35');
    expect(withCalibration.uncertainty.expandedRelative).toBeLessThan(uncalibrated.uncertainty.expandedRelative - 0.1);
    // ±35 % uniform alone: σ(ln) ≈ 0.21, so the 95 % interval spans at least a factor 1.8.
    expect(uncalibrated.uncertainty.psdInterval95Gy.upperGy / uncalibrated.uncertainty.psdInterval95Gy.lowerGy).toBeGreaterThan(1.8);
  });

  it('draws only the inputs this study had to assume', () => {
    const reported = computeSkinDose(pa()).uncertainty.budget.map((c) => c.component);
    expect(reported).not.toContain('patient height');
    expect(reported).not.toContain('tube voltage (not reported)');
    expect(reported).not.toContain('reference point (not stated or not understood)');
    expect(reported).toEqual(expect.arrayContaining(['isocenter, lateral', 'isocenter, longitudinal', 'isocenter, vertical', 'Ka,r calibration']));
    const assumed = computeSkinDose(
      testProcedure({
        events: [
          testEvent({
            kermaGy: 1,
            kvp: null,
            referencePointCode: null,
            referencePointText: '26.0 cm Chamber Patient Distance',
            distanceSourceToReferencePointMm: null,
          }),
        ],
      }),
    ).uncertainty.budget.map((c) => c.component);
    expect(assumed).toEqual(
      expect.arrayContaining(['patient height', 'patient mass', 'tube voltage (not reported)', 'reference point (not stated or not understood)']),
    );
  });

  it('a defaulted reference point drawn 0–30 cm from the isocenter widens the interval', () => {
    const stated = computeSkinDose(pa({ referencePointCode: '113860', distanceSourceToReferencePointMm: null }));
    const unknown = computeSkinDose(pa({ referencePointCode: null, referencePointText: 'somewhere', distanceSourceToReferencePointMm: null }));
    expect(unknown.assumptions.map((a) => a.code)).toContain('reference-point-defaulted');
    expect(unknown.psdGy).toBeCloseTo(stated.psdGy, 9);
    expect(unknown.uncertainty.expandedRelative).toBeGreaterThan(stated.uncertainty.expandedRelative);
  });

  it('in steps (startSkinDose: one trace per step) gives the same result as in one call', () => {
    const run = startSkinDose(pa(), { uncertaintySamples: 20 });
    let steps = 0;
    while (run.step()) steps++;
    // The first step traces the unperturbed coarse baseline, then one per sample; the last returns false.
    expect(steps).toBe(20);
    expect(run.result()).toEqual(computeSkinDose(pa(), { uncertaintySamples: 20 }));
  });

  it('without any dose the interval is [0, 0] and nothing is sampled', () => {
    const r = computeSkinDose(pa({ kermaGy: 0, dapGyM2: null }));
    expect(r.psdGy).toBe(0);
    expect(r.uncertainty.psdInterval95Gy).toEqual({ lowerGy: 0, upperGy: 0 });
    expect(r.uncertainty.samples).toBe(0);
  });
});

describe('uncertainty statistics', () => {
  it('fits a log-normal: ratios e^(±σ) around 1 give an interval e^(±1.96·σ·√(n/(n−1)))', () => {
    const ratios = Array.from({ length: 100 }, (_, i) => Math.exp(i % 2 === 0 ? 0.1 : -0.1));
    const i = intervalOf(2, ratios);
    const sd = 0.1 * Math.sqrt(100 / 99);
    expect(i.lowerGy).toBeCloseTo(2 * Math.exp(-1.959964 * sd), 5);
    expect(i.upperGy).toBeCloseTo(2 * Math.exp(1.959964 * sd), 5);
  });

  it('falls back to percentiles when a sample has no dose, and never goes below 0', () => {
    const ratios = Array.from({ length: 41 }, (_, k) => k / 20); // 0 … 2
    const i = intervalOf(1, ratios);
    expect(i.lowerGy).toBeCloseTo(0.05, 9);
    expect(i.upperGy).toBeCloseTo(1.95, 9);
  });

  it('keeps the PSD inside the interval', () => {
    const i = intervalOf(1, [1.5, 1.6, 1.55, 1.7]);
    expect(i.lowerGy).toBe(1);
  });

  it('shares: r² of a linear input is 1, of an unrelated input ~0; η² of a choice', () => {
    const rng = new SeededRandom(7);
    const x = Array.from({ length: 200 }, () => rng.next());
    const noise = Array.from({ length: 200 }, () => rng.next());
    expect(
      varianceShare(
        x,
        x.map((v) => 3 * v + 1),
        false,
      ),
    ).toBeCloseTo(1, 12);
    expect(varianceShare(noise, x, false)).toBeLessThan(0.05);
    const group = x.map((v) => (v < 0.5 ? 0 : 1));
    expect(
      varianceShare(
        group,
        group.map((g) => 10 * g),
        true,
      ),
    ).toBeCloseTo(1, 12);
  });
});
