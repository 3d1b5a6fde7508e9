import { readFileSync } from 'node:fs';
import path from 'node:path';
import { computeSkinDose, ALGORITHM_VERSION } from '../../src/index';
import { REGRESSION_CASES, decodeMap, regressionProcedure, type RecordedResult } from './cases';

const recorded = JSON.parse(readFileSync(path.join(__dirname, 'recorded-results.json'), 'utf8')) as { algorithmVersion: string; results: RecordedResult[] };

/** Summation order may change in the last bits; anything beyond this is a change of results. */
const RELATIVE_TOLERANCE = 1e-6;

function close(actual: number, expected: number, floor = 0): boolean {
  return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), floor);
}

/** Cells that differ from the recorded map, worst first (NaN = off-body must stay NaN). */
function mapDifferences(actual: Float32Array, expected: Float32Array, psdGy: number): string[] {
  const out: { cell: number; a: number; e: number; rel: number }[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) !== Number.isNaN(a)) out.push({ cell: i, a, e, rel: Infinity });
    // The floor keeps float32 rounding of near-zero cells from counting as a change.
    else if (!Number.isNaN(e) && !close(a, e, psdGy * 1e-6)) out.push({ cell: i, a, e, rel: Math.abs(a - e) / Math.abs(e) });
  }
  return out.sort((p, q) => q.rel - p.rel).map((d) => `cell ${d.cell}: ${d.a} Gy, recorded ${d.e} Gy`);
}

describe('computeSkinDose keeps the recorded results of generated procedures', () => {
  it('was recorded with the current algorithm version (re-record only for an intended physics change)', () => {
    expect(recorded.algorithmVersion).toBe(ALGORITHM_VERSION);
  });

  const byName = new Map(recorded.results.map((r) => [r.name, r]));
  it.each(REGRESSION_CASES.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const expected = byName.get(name);
    if (!expected) throw new Error(`no recorded result for "${name}": run libs/dosimetry/bench/record-regression.ts`);
    const r = computeSkinDose(regressionProcedure(c), c.options);

    expect(close(r.psdGy, expected.psdGy)).toBe(true);
    expect(r.psdLocation).toEqual(expected.psdLocation);
    expect(Object.keys(Object.fromEntries(r.planes.map((p) => [p.plane, 0])))).toEqual(Object.keys(expected.planePsdGy));
    for (const p of r.planes) expect([p.plane, close(p.psdGy, expected.planePsdGy[p.plane])]).toEqual([p.plane, true]);
    expect(r.dapShareOnPhantom === null).toBe(expected.dapShareOnPhantom === null);
    if (r.dapShareOnPhantom !== null && expected.dapShareOnPhantom !== null) expect(close(r.dapShareOnPhantom, expected.dapShareOnPhantom)).toBe(true);
    for (const [k, v] of Object.entries(expected.areaAtOrAboveCm2))
      expect([k, close(r.areaAtOrAboveCm2[k as keyof typeof r.areaAtOrAboveCm2], v)]).toEqual([k, true]);

    expect(r.doseMap && [r.doseMap.widthCells, r.doseMap.heightCells]).toEqual(expected.map && [expected.map.widthCells, expected.map.heightCells]);
    if (r.doseMap && expected.map) {
      expect(mapDifferences(r.doseMap.doseGy, decodeMap(expected.map.doseGyFloat32DeflatedBase64), expected.psdGy).slice(0, 5)).toEqual([]);
    }
  });
});
