import { computeSkinDose, type DoseMap } from '../../engine';
import { accumulateStudyMaps, mapSurfaceOf } from '../../cumulative';
import { testEvent, testProcedure } from '../../../test/procedure-builder';
import { ALGORITHM_VERSION } from '../../version';
import { cumulativeMapFigure, isodoseLoops, renderSkinDoseMapSvg, scaleTopGy, studyMapContextOf, studyMapFigure, type SkinDoseMapFigure } from './index';

/** A 60 × 60 map of 10 mm cells: a cone peaking at `peakGy` in the centre, 0 at 15 cells; no skin in the first row. */
function coneMap(peakGy: number): DoseMap {
  const n = 60;
  const doseGy = new Float32Array(n * n);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) doseGy[r * n + c] = r === 0 ? NaN : Math.max(0, peakGy * (1 - Math.hypot(r + 0.5 - 30, c + 0.5 - 30) / 15));
  return { widthCells: n, heightCells: n, cellSizeMm: 10, layout: 'test', doseGy };
}

function figureOf(map: DoseMap, peakGy: number): SkinDoseMapFigure {
  return {
    title: 'test',
    map,
    phantomKind: 'cylinder',
    peakGy,
    peakLabel: 'PSD',
    peakInterval: null,
    psdLocation: { region: 'back', mapRow: 29, mapColumn: 29 },
    warnings: [],
    details: [],
  };
}

/** The isodose groups of an SVG: level, label, loop count, whether relative, and the path data. */
function isodoseGroups(svg: string): { levelGy: number; label: string; loops: number; relative: boolean; d: string }[] {
  return [...svg.matchAll(/<g class="isodose" data-level-gy="([^"]+)" data-label="([^"]+)" data-relative="(true|false)" data-loops="(\d+)">(.*?)<\/g>/g)].map(
    (m) => ({
      levelGy: Number(m[1]),
      label: m[2],
      relative: m[3] === 'true',
      loops: Number(m[4]),
      d: /<path d="([^"]*)"/.exec(m[5])?.[1] ?? '',
    }),
  );
}

describe('isodose lines (marching squares)', () => {
  it('closes one loop per level around a 4 Gy cone, at the radius where the cone crosses the level', () => {
    const map = coneMap(4);
    for (const [level, radius] of [
      [2, 7.5],
      [3, 3.75],
    ]) {
      const loops = isodoseLoops(map.doseGy, map.widthCells, map.heightCells, level);
      expect(loops).toHaveLength(1);
      const distances = loops[0].map((p) => Math.hypot(p.x - 30, p.y - 30));
      for (const d of distances) expect(Math.abs(d - radius)).toBeLessThan(0.5);
    }
    expect(isodoseLoops(map.doseGy, map.widthCells, map.heightCells, 5)).toEqual([]);
  });

  it('closes a region that reaches the skin edge along that edge (no skin and outside count as 0 Gy)', () => {
    const doseGy = Float32Array.from([3, 3, 0, 3, 3, 0, NaN, NaN, NaN]);
    const loops = isodoseLoops(doseGy, 3, 3, 2);
    expect(loops).toHaveLength(1);
    const xs = loops[0].map((p) => p.x);
    const ys = loops[0].map((p) => p.y);
    // A third of the way from the edge cell's centre (3 Gy) to the centre of the 0 Gy outside or no-skin cell.
    expect(Math.min(...xs)).toBeCloseTo(0.5 - 1 / 3, 6);
    expect(Math.max(...ys)).toBeCloseTo(1.5 + 1 / 3, 6);
  });

  it('keeps two separate fields apart', () => {
    const doseGy = Float32Array.from([4, 0, 4]);
    expect(isodoseLoops(doseGy, 3, 1, 2)).toHaveLength(2);
  });
});

describe('skin dose map SVG', () => {
  it('draws closed 2 and 3 Gy lines around a 4 Gy disc, no 5 or 10 Gy line, and marks the thresholds on the legend', () => {
    const svg = renderSkinDoseMapSvg(figureOf(coneMap(4), 4));
    const groups = isodoseGroups(svg);
    expect(groups.map((g) => [g.levelGy, g.label, g.loops, g.relative])).toEqual([
      [2, '2 Gy', 1, false],
      [3, '3 Gy', 1, false],
      [5, '5 Gy', 0, false],
      [10, '10 Gy', 0, false],
    ]);
    for (const g of groups.slice(0, 2)) expect(g.d).toMatch(/^M[^M]+ Z$/);
    expect([...svg.matchAll(/class="threshold-mark" data-threshold-gy="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([2, 3]);
    expect(svg).toContain('Not reached: 5, 10 Gy');
    expect(svg).toContain('Dose (Gy)');
    expect(svg).toContain('class="psd-marker"');
  });

  it('draws relative lines at 25/50/75/90 % of the map peak when the PSD is below 1 Gy, and says they are relative', () => {
    const svg = renderSkinDoseMapSvg(figureOf(coneMap(0.4), 0.4));
    const groups = isodoseGroups(svg);
    expect(groups.map((g) => g.label)).toEqual(['25 %', '50 %', '75 %', '90 %']);
    expect(groups.every((g) => g.relative && g.loops === 1)).toBe(true);
    const peak = Math.max(...coneMap(0.4).doseGy.filter((d) => !Number.isNaN(d)));
    expect(groups[1].levelGy).toBeCloseTo(0.5 * peak, 6);
    expect(svg).toContain('Isodose lines (relative):');
    expect(svg).toContain('PSD below 1 Gy: lines at');
    expect(svg).toContain('Dose (mGy)');
    expect(svg).not.toContain('class="threshold-mark"');
  });

  it('labels the unrolled body, the scale and the study: orientation, 10 cm, PSD and interval, date, device, profile, algorithm', () => {
    const base = testProcedure({ events: [testEvent({ kermaGy: 3 }), testEvent({ kermaGy: 1, primaryDeg: 60 })] });
    const procedure = { ...base, study: { ...base.study, studyDateTime: '2026-11-05T09:41:12' } };
    const result = computeSkinDose(procedure, { phantom: 'human' });
    const svg = renderSkinDoseMapSvg(studyMapFigure(result, studyMapContextOf(procedure)));
    for (const label of [
      'HEAD ↑',
      'FEET ↓',
      'ANTERIOR',
      'LEFT side',
      'POSTERIOR (back)',
      'RIGHT side',
      '10 cm on the skin',
      'Peak skin dose (PSD)',
      '95 % interval',
    ])
      expect(svg).toContain(label);
    expect(svg).toContain(`Profile ${result.profile.id} ${result.profile.version}`);
    expect(svg).toContain(`algorithm ${ALGORITHM_VERSION}`);
    expect(svg).toContain(result.psdLocation!.region);
    expect(svg).toContain('Study date 2026-11-05 09:41');
    expect(svg).toContain(`device ${procedure.device.manufacturer}`);
  });

  it('puts the orientation labels where the unrolled beams land: LAO 90° under RIGHT side, PA under POSTERIOR, AP at ANTERIOR', () => {
    const markerX = (svg: string): number => {
      const [, tx] = /<g transform="translate\(([\d.]+) /.exec(svg)!;
      return Number(tx) + Number(/<g class="psd-marker"><circle cx="([\d.]+)"/.exec(svg)![1]);
    };
    const labelX = (svg: string, label: string): number[] =>
      [...svg.matchAll(new RegExp(`<text x="([\\d.]+)"[^>]*class="orientation">${label}</text>`, 'g'))].map((m) => Number(m[1]));
    for (const [primaryDeg, label] of [
      [90, 'RIGHT side'],
      [0, 'POSTERIOR \\(back\\)'],
      [180, 'ANTERIOR'],
    ] as const) {
      const procedure = testProcedure({ events: Array.from({ length: 4 }, () => testEvent({ kermaGy: 1.5, primaryDeg })) });
      const svg = renderSkinDoseMapSvg(studyMapFigure(computeSkinDose(procedure, { phantom: 'cylinder' }), studyMapContextOf(procedure)));
      const nearest = Math.min(...labelX(svg, label).map((x) => Math.abs(x - markerX(svg))));
      expect({ primaryDeg, labelWithin40Px: nearest < 40 }).toEqual({ primaryDeg, labelWithin40Px: true });
    }
  });

  it('shows the 95 % interval when the result carries one, else ± the expanded uncertainty', () => {
    const procedure = testProcedure({ events: [testEvent({ kermaGy: 3 })] });
    const result = computeSkinDose(procedure, { phantom: 'human' });
    const withInterval = renderSkinDoseMapSvg(studyMapFigure({ ...result, psdInterval95Gy: { lowerGy: 2.5, upperGy: 4.25 } }, studyMapContextOf(procedure)));
    expect(withInterval).toContain('95 % interval 2.5 Gy – 4.25 Gy');
    // A result stored before sampled intervals existed carries only the expanded uncertainty.
    const without = renderSkinDoseMapSvg(studyMapFigure({ ...result, psdInterval95Gy: null }, studyMapContextOf(procedure)));
    expect(without).toContain(`± ${Number((result.uncertainty.expandedRelative * 100).toPrecision(3))} % (k = 2)`);
  });

  it('never writes the patient name or id, even when the report gives them', () => {
    const base = testProcedure({ events: [testEvent({ kermaGy: 3 })] });
    const procedure = { ...base, patient: { ...base.patient, name: 'DOE^JANE', id: 'PID-0042' } };
    const svg = renderSkinDoseMapSvg(studyMapFigure(computeSkinDose(procedure, { phantom: 'human' }), studyMapContextOf(procedure)));
    expect(svg).not.toMatch(/DOE|JANE|PID-0042/);
  });

  it('labels a PSD without beam geometry as an estimate with its upper bound, and draws no map', () => {
    const procedure = testProcedure({ events: [testEvent({ kermaGy: 0.5, primaryDeg: null, secondaryDeg: null })] });
    const result = computeSkinDose(procedure, { phantom: 'human' });
    expect(result.method).toBe('geometry-unavailable');
    const svg = renderSkinDoseMapSvg(studyMapFigure(result, studyMapContextOf(procedure)));
    expect(svg).toContain('Peak skin dose (PSD), ESTIMATE');
    expect(svg).toContain('ESTIMATE, NOT A MEASURED MAP');
    expect(svg).toMatch(/Upper bound [\d.]+ m?Gy/);
    expect(svg).toContain('No map: no event has a beam geometry.');
  });

  it('says when events without beam geometry are added at the peak, with their estimate and upper bound', () => {
    const procedure = testProcedure({ events: [testEvent({ kermaGy: 3 }), testEvent({ kermaGy: 0.5, primaryDeg: null, secondaryDeg: null })] });
    const result = computeSkinDose(procedure, { phantom: 'human' });
    expect(result.method).toBe('ray-trace');
    const svg = renderSkinDoseMapSvg(studyMapFigure(result, studyMapContextOf(procedure)));
    expect(svg).toMatch(/Includes an estimate of [\d.]+ m?Gy from 1 event\(s\) without beam geometry, added at the peak \(upper bound [\d.]+ m?Gy\)/);
  });

  it('escapes device names as SVG text', () => {
    const procedure = testProcedure({ events: [testEvent({ kermaGy: 3 })] });
    const svg = renderSkinDoseMapSvg(
      studyMapFigure(computeSkinDose(procedure, { phantom: 'human' }), { studyDateTime: null, manufacturer: 'A&B <X>', modelName: null }),
    );
    expect(svg).toContain('device A&amp;B &lt;X&gt;');
  });

  it('labels a cumulative map as cumulative over its window and lists the contributing studies', () => {
    const study = (uid: string, day: number, primaryDeg: number) => {
      const result = computeSkinDose(testProcedure({ events: Array.from({ length: 5 }, () => testEvent({ kermaGy: 1.2, primaryDeg })) }), { phantom: 'human' });
      return {
        studyInstanceUid: uid,
        studyTime: `2026-11-${day}T10:00:00.000Z`,
        psdGy: result.psdGy,
        expandedRelativeK2: 0.3,
        map: { surface: mapSurfaceOf(result, {}), doseGy: result.doseMap!.doseGy },
        reportedHeightM: null,
        reportedMassKg: null,
      };
    };
    const c = accumulateStudyMaps([study('1.2.3', 10, 0), study('1.2.4', 20, 0)]);
    const svg = renderSkinDoseMapSvg(cumulativeMapFigure(c, { days: 60, since: '2026-10-02T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' }));
    expect(svg).toContain('Cumulative skin dose map, last 60 days (2026-10-02 to 2026-12-01)');
    expect(svg).toContain('Cumulative peak skin dose');
    expect(svg).toMatch(/2 study map\(s\) added: 2026-11-10 \([\d.]+ Gy\), 2026-11-20/);
    expect(svg).toContain('interval');
    expect(isodoseGroups(svg).find((g) => g.levelGy === 2)!.loops).toBeGreaterThan(0);
    const withUnknown = accumulateStudyMaps([
      study('1.2.3', 10, 0),
      {
        studyInstanceUid: '1.2.5',
        studyTime: '2026-11-25T10:00:00.000Z',
        psdGy: null,
        unknownReason: 'not calculated yet',
        expandedRelativeK2: null,
        map: null,
        reportedHeightM: null,
        reportedMassKg: null,
      },
    ]);
    expect(
      renderSkinDoseMapSvg(cumulativeMapFigure(withUnknown, { days: 60, since: '2026-10-02T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' })),
    ).toContain('1 study(ies) in the window have no known skin dose: the cumulative PSD is a lower bound.');
  });
});

describe('colour scale top', () => {
  it('is the first round value at or above the peak', () => {
    expect([0.0108, 0.656, 1, 4, 4.1, 9.5, 12].map(scaleTopGy)).toEqual([0.015, 0.8, 1, 4, 5, 10, 15]);
  });
});
