import { computeSkinDose, type SkinDoseOptions, type SkinDoseResult } from '../index';
import { testEvent, testProcedure, type EventSpec } from '../../test/procedure-builder';
import { accumulateStudyMaps, type StudySkinDose } from './accumulate-study-maps';
import { decodeDoseGrid, encodeDoseGrid } from './compact-map';
import { bodySurface, checkMapFitsSurface, mapSurfaceOf, type BodySurface, type MapSurface } from './map-surface';
import { patientPhantom } from './patient-surface';
import { resampleDoseMap } from './resample';

/** A posterior–anterior chest run: source under the table, isocenter anchored at the chest. */
const PA_CHEST: EventSpec = { kermaGy: 1.2, primaryDeg: 0 };
/** A right-lateral head run: detector at the patient's left, isocenter in the middle of the head. */
const LATERAL_HEAD: EventSpec = { kermaGy: 0.8, primaryDeg: 90 };

function study(
  uid: string,
  day: number,
  events: EventSpec,
  options: SkinDoseOptions = {},
  body: { heightM?: number; massKg?: number } = {},
): { input: StudySkinDose; result: SkinDoseResult } {
  const result = computeSkinDose(testProcedure({ events: Array.from({ length: 5 }, () => testEvent(events)), ...body }), { phantom: 'human', ...options });
  return {
    result,
    input: {
      studyInstanceUid: uid,
      studyTime: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`,
      psdGy: result.psdGy,
      expandedRelativeK2: result.uncertainty.expandedRelative,
      map: result.doseMap ? { surface: mapSurfaceOf(result, options), doseGy: result.doseMap.doseGy } : null,
      reportedHeightM: body.heightM ?? null,
      reportedMassKg: body.massKg ?? null,
    },
  };
}

function mapPeak(m: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < m.length; i++) if (m[i] > peak) peak = m[i];
  return peak;
}

/** ∫ D du dv of each segment: the quantity the resampling keeps. */
function segmentMeans(s: BodySurface, grid: ArrayLike<number>): number[] {
  return s.segments.map((seg) => {
    let total = 0;
    for (let r = 0; r < seg.rows; r++) for (let c = 0; c < seg.columns; c++) total += grid[(seg.firstRow + r) * s.phantom.mapWidth + seg.columnOffset + c];
    return total / (seg.rows * seg.columns);
  });
}

/** ∫ D dA over the body, Gy·mm². */
function doseArea(s: BodySurface, grid: ArrayLike<number>): number {
  const p = s.phantom;
  let total = 0;
  for (let i = 0; i < p.cellCount; i++) total += grid[p.cellRow[i] * p.mapWidth + p.cellColumn[i]] * p.areaMm2[i];
  return total;
}

describe('accumulateStudyMaps: known answers', () => {
  const head = { isocenterAnchorMm: bodySurface({ kind: 'human', cellSizeMm: 10, heightM: 1.786, massKg: 73.2 }).phantom.targets.head };

  it('two identical procedures give exactly twice the single peak, on the same skin', () => {
    const a = study('1.1', 1, PA_CHEST);
    const b = study('1.2', 20, PA_CHEST);
    const one = accumulateStudyMaps([a.input]);
    const two = accumulateStudyMaps([a.input, b.input]);
    expect(one.cumulativePsdGy).toBe(mapPeak(a.result.doseMap!.doseGy));
    expect(one.cumulativePsdGy! / a.result.psdGy).toBeCloseTo(1, 6); // the map is float32
    expect(two.cumulativePsdGy).toBe(2 * one.cumulativePsdGy!);
    expect(two.sumOfPsdGy).toBe(2 * a.result.psdGy);
    expect(two.psdLocation).toMatchObject({ region: one.psdLocation!.region, mapRow: one.psdLocation!.mapRow, mapColumn: one.psdLocation!.mapColumn });
    expect(two.psdLocation!.region).toMatch(/back/);
    expect(two.studies.map((s) => [s.contribution, s.resampled])).toEqual([
      ['map', false],
      ['map', false],
    ]);
  });

  it('fields on different skin (PA chest, lateral head) do not add: the cumulative peak is the larger one', () => {
    const chest = study('2.1', 1, PA_CHEST);
    const lateral = study('2.2', 2, LATERAL_HEAD, head);
    const c = chest.result.doseMap!.doseGy;
    const h = lateral.result.doseMap!.doseGy;
    expect(c.some((d, i) => d > 0 && h[i] > 0)).toBe(false); // the two fields share no cell
    expect(mapPeak(h)).toBeGreaterThan(0);
    const both = accumulateStudyMaps([chest.input, lateral.input]);
    expect(both.cumulativePsdGy).toBe(Math.max(mapPeak(c), mapPeak(h)));
    expect(both.sumOfPsdGy).toBeCloseTo(chest.result.psdGy + lateral.result.psdGy, 12);
    expect(both.cumulativePsdGy!).toBeLessThan(both.sumOfPsdGy! * 0.99);
  });

  it('combines uncertainties linearly per cell (fully correlated): identical studies keep their relative interval', () => {
    const a = study('3.1', 1, PA_CHEST);
    const two = accumulateStudyMaps([a.input, { ...a.input, studyInstanceUid: '3.2' }]);
    const u = a.result.uncertainty.expandedRelative;
    expect(two.interval!.lowGy).toBeCloseTo(two.cumulativePsdGy! * (1 - u), 9);
    expect(two.interval!.highGy).toBeCloseTo(two.cumulativePsdGy! * (1 + u), 9);
    expect(two.assumptions.map((x) => x.code)).toContain('uncertainty-fully-correlated');
  });

  it('resamples a map on another cell size with its dose-area kept within 0.1 %', () => {
    const coarse = study('4.1', 1, PA_CHEST);
    const fine = study('4.2', 2, LATERAL_HEAD, { ...head, cellSizeMm: 5 });
    const both = accumulateStudyMaps([coarse.input, fine.input]);
    expect(both.phantom.surface.cellSizeMm).toBe(5);
    expect(both.studies.map((s) => s.resampled)).toEqual([true, false]);
    const from = bodySurface(coarse.input.map!.surface);
    const onto = bodySurface(both.phantom.surface);
    const resampled = resampleDoseMap(from, coarse.input.map!.doseGy, onto);
    expect(doseArea(onto, resampled) / doseArea(from, coarse.input.map!.doseGy)).toBeCloseTo(1, 3);
    // Coarse to fine repeats values: the peak is kept exactly (to float rounding).
    expect(mapPeak(resampled) / mapPeak(coarse.input.map!.doseGy)).toBeCloseTo(1, 6);
    expect(both.cumulativePsdGy! / Math.max(mapPeak(resampled), mapPeak(fine.input.map!.doseGy))).toBeCloseTo(1, 6);
  });

  it('resamples a map from another body size homologously, keeping the mean dose of each body segment', () => {
    const small = study('5.1', 1, PA_CHEST, {}, { heightM: 1.55, massKg: 52 });
    const from = bodySurface(small.input.map!.surface);
    const onto = bodySurface({ kind: 'human', cellSizeMm: 10, heightM: 1.9, massKg: 95 });
    const resampled = resampleDoseMap(from, small.input.map!.doseGy, onto);
    const before = segmentMeans(from, small.input.map!.doseGy);
    const after = segmentMeans(onto, resampled);
    after.forEach((m, i) => expect(m).toBeCloseTo(before[i], 9));
    expect(before[1]).toBeGreaterThan(0);
    // The field stays on the back of the upper trunk.
    const peak = accumulateStudyMaps([{ ...small.input, reportedHeightM: 1.9, reportedMassKg: 95 }]);
    expect(peak.psdLocation!.region).toMatch(/back/);
    expect(peak.phantom.surface).toEqual({ kind: 'human', cellSizeMm: 10, heightM: 1.9, massKg: 95 });
  });

  it('copies a map onto an identical surface cell for cell', () => {
    const a = study('6.1', 1, PA_CHEST);
    const s = bodySurface(a.input.map!.surface);
    const copy = resampleDoseMap(s, a.input.map!.doseGy, s);
    a.input.map!.doseGy.forEach((d, i) => (Number.isNaN(d) ? expect(copy[i]).toBeNaN() : expect(copy[i]).toBe(d)));
  });

  it('places a cylinder map on the human phantom by body coordinates, flagged; all-cylinder studies stay on the cylinder', () => {
    const cyl = study('7.1', 1, PA_CHEST, { phantom: 'cylinder' });
    const human = study('7.2', 2, PA_CHEST);
    const mixed = accumulateStudyMaps([cyl.input, human.input]);
    expect(mixed.phantom.surface.kind).toBe('human');
    expect(mixed.assumptions.map((a) => a.code)).toEqual(expect.arrayContaining(['map-resampled', 'phantom-kind-differs']));
    const cylinders = accumulateStudyMaps([cyl.input, { ...cyl.input, studyInstanceUid: '7.3' }]);
    expect(cylinders.phantom.surface.kind).toBe('cylinder');
    expect(cylinders.cumulativePsdGy).toBe(2 * mapPeak(cyl.input.map!.doseGy));
  });

  it('lists unknown PSDs as unknown (never 0) and adds a PSD without a map at the peak', () => {
    const a = study('8.1', 1, PA_CHEST);
    const pending: StudySkinDose = {
      studyInstanceUid: '8.2',
      studyTime: '2026-11-03T00:00:00.000Z',
      psdGy: null,
      unknownReason: 'skin dose not computed yet',
      expandedRelativeK2: null,
      map: null,
      reportedHeightM: null,
      reportedMassKg: null,
    };
    const noGeometry: StudySkinDose = { ...pending, studyInstanceUid: '8.3', psdGy: 0.4, expandedRelativeK2: 0.8, unknownReason: undefined };
    const r = accumulateStudyMaps([a.input, pending, noGeometry]);
    expect(r.studies.map((s) => [s.studyInstanceUid, s.contribution, s.psdGy])).toEqual([
      ['8.1', 'map', a.result.psdGy],
      ['8.2', 'unknown', null],
      ['8.3', 'added-at-peak', 0.4],
    ]);
    expect(r.studiesWithUnknownPsd).toBe(1);
    expect(r.cumulativePsdGy).toBeCloseTo(mapPeak(a.input.map!.doseGy) + 0.4, 9);
    expect(r.sumOfPsdGy).toBeCloseTo(a.result.psdGy + 0.4, 12);
    expect(r.interval!.highGy).toBeGreaterThan(r.cumulativePsdGy! + 0.4 * 0.8 - 1e-9);
    expect(r.assumptions.map((x) => x.code)).toEqual(expect.arrayContaining(['studies-without-skin-dose', 'study-without-map-added-at-peak']));
    const none = accumulateStudyMaps([pending]);
    expect(none).toMatchObject({ cumulativePsdGy: null, sumOfPsdGy: null, interval: null, doseMap: null, studiesWithUnknownPsd: 1 });
  });
});

describe('patientPhantom', () => {
  it('sizes from the most recent plausible height and mass, each on its own, else the reference body', () => {
    const p = patientPhantom(
      [
        { studyInstanceUid: 'old', studyTime: '2026-01-01T00:00:00Z', heightM: 1.7, massKg: 80 },
        { studyInstanceUid: 'new', studyTime: '2026-06-01T00:00:00Z', heightM: null, massKg: 70 },
        { studyInstanceUid: 'odd', studyTime: '2026-07-01T00:00:00Z', heightM: 17, massKg: null },
      ],
      10,
    );
    expect(p.surface).toEqual({ kind: 'human', cellSizeMm: 10, heightM: 1.7, massKg: 70 });
    expect([p.height.studyInstanceUid, p.mass.studyInstanceUid]).toEqual(['old', 'new']);
    const assumed = patientPhantom([], 5);
    expect(assumed.surface).toEqual({ kind: 'human', cellSizeMm: 5, heightM: 1.786, massKg: 73.2 });
    expect(assumed.reason).toMatch(/assumed \(reference body/);
  });
});

describe('compact dose grid', () => {
  it('round-trips float32 values, NaN included, in fewer bytes than the raw grid', () => {
    const a = study('9.1', 1, PA_CHEST).input.map!.doseGy;
    const packed = encodeDoseGrid(a);
    expect(packed.length).toBeLessThan(a.length * 4 * 0.5);
    const back = decodeDoseGrid(packed, a.length);
    a.forEach((d, i) => (Number.isNaN(d) ? expect(back[i]).toBeNaN() : expect(back[i]).toBe(d)));
    expect(() => decodeDoseGrid(packed, a.length + 1)).toThrow(/expected/);
    expect(() => decodeDoseGrid(Buffer.from('not gzip'), 4)).toThrow(/not gzip/);
  });

  it('names the mismatch when a map does not fit its surface', () => {
    const s: MapSurface = { kind: 'human', cellSizeMm: 10, heightM: 1.786, massKg: 73.2 };
    expect(() => checkMapFitsSurface(s, 10, 10)).toThrow(/does not fit the human phantom/);
    const p = bodySurface(s).phantom;
    expect(() => checkMapFitsSurface(s, p.mapWidth, p.mapHeight)).not.toThrow();
  });
});
