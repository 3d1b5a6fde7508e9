import type { DoseMap } from '../engine';
import type { FilmDose } from './film';
import type { Registration } from './registration';

/** Measured dose per cell of the computed map: mean of the measurements that fall in it; NaN where none does. */
export interface MeasuredCells {
  readonly source: 'points' | 'film';
  readonly doseGy: Float64Array;
  /** Measurements (points or film pixels) used; those off the map or off the skin are counted apart. */
  readonly used: number;
  readonly offMap: number;
}

export interface MeasuredPoint {
  readonly xMm: number;
  readonly yMm: number;
  readonly doseGy: number;
}

/** Cell index of a point of the unrolled surface (mm from the map's top-left corner), or −1 off the skin. */
function cellAt(map: DoseMap, xMm: number, yMm: number): number {
  const c = Math.floor(xMm / map.cellSizeMm);
  const r = Math.floor(yMm / map.cellSizeMm);
  if (c < 0 || r < 0 || c >= map.widthCells || r >= map.heightCells) return -1;
  const i = r * map.widthCells + c;
  return Number.isNaN(map.doseGy[i]) ? -1 : i;
}

function meanCells(map: DoseMap, sum: Float64Array, count: Float64Array, minCount: number): Float64Array {
  return sum.map((s, i) => (count[i] >= minCount && count[i] > 0 ? s / count[i] : Number.NaN));
}

/** Point measurements (TLD, OSL, a grid read from film) onto the map's cells. */
export function binPoints(map: DoseMap, points: readonly MeasuredPoint[]): MeasuredCells {
  const sum = new Float64Array(map.doseGy.length);
  const count = new Float64Array(map.doseGy.length);
  let used = 0;
  for (const p of points) {
    const i = cellAt(map, p.xMm, p.yMm);
    if (i < 0) continue;
    sum[i] += p.doseGy;
    count[i] += 1;
    used++;
  }
  return { source: 'points', doseGy: meanCells(map, sum, count, 1), used, offMap: points.length - used };
}

/**
 * Film pixels onto the map's cells through the fiducial registration (pixel centres at integer
 * coordinates). A cell counts when at least half of it is covered by film, so the film's edge does
 * not make a cell of a few pixels.
 */
export function binFilm(map: DoseMap, film: FilmDose, registration: Registration): MeasuredCells {
  const sum = new Float64Array(map.doseGy.length);
  const count = new Float64Array(map.doseGy.length);
  let used = 0;
  for (let y = 0; y < film.height; y++) {
    for (let x = 0; x < film.width; x++) {
      const s = registration.toSurface(x, y);
      const i = cellAt(map, s.x, s.y);
      if (i < 0) continue;
      sum[i] += film.doseGy[y * film.width + x];
      count[i] += 1;
      used++;
    }
  }
  const pixelsPerCell = (map.cellSizeMm / registration.mmPerPixel) ** 2;
  return { source: 'film', doseGy: meanCells(map, sum, count, pixelsPerCell / 2), used, offMap: film.width * film.height - used };
}

const PEAK_REGION = 0.95;
const THRESHOLDS = { gy2: 2, gy3: 3, gy5: 5 } as const;
type Areas = { gy2: number; gy3: number; gy5: number };

export interface ValidationComparison {
  readonly source: 'points' | 'film';
  readonly comparedCells: number;
  readonly measuredPsdGy: number;
  /** Peak of the whole computed map. */
  readonly computedPsdGy: number;
  /** Peak of the computed map over the cells that hold a measurement. */
  readonly computedPsdInMeasuredRegionGy: number;
  /** 100 × (measured − computed) / computed PSD: a film reading 10 % above the engine gives +10. */
  readonly psdDifferencePercent: number | null;
  /**
   * Between the measured and the computed peak, each taken as the dose-weighted centre of the cells
   * within 5 % of its peak (a flat-topped field has no single peak cell), on the unrolled surface.
   */
  readonly psdLocationDistanceCm: number | null;
  /** Over the cells that hold a measurement, cm² (cell area on the unrolled map). */
  readonly areaAtOrAboveCm2: { readonly measured: Areas; readonly computed: Areas };
  readonly notes: readonly string[];
}

function peakOf(values: ArrayLike<number>, only?: (i: number) => boolean): { index: number; value: number } {
  let index = -1;
  let value = 0;
  for (let i = 0; i < values.length; i++) {
    if (only && !only(i)) continue;
    const v = values[i];
    if (!Number.isNaN(v) && (index < 0 || v > value)) {
      index = i;
      value = v;
    }
  }
  return { index, value };
}

/** PSD, its location and the areas above 2/3/5 Gy, measured against computed (docs/dosimetry.md §9). */
export function compareWithMap(map: DoseMap, measured: MeasuredCells): ValidationComparison {
  const has = (i: number): boolean => !Number.isNaN(measured.doseGy[i]);
  const cellAreaCm2 = (map.cellSizeMm / 10) ** 2;
  const comparedCells = measured.doseGy.reduce((n, v) => (Number.isNaN(v) ? n : n + 1), 0);
  const m = peakOf(measured.doseGy);
  const c = peakOf(map.doseGy);
  const cIn = peakOf(map.doseGy, has);
  const areas = (values: ArrayLike<number>): Areas => {
    const out = { gy2: 0, gy3: 0, gy5: 0 };
    for (let i = 0; i < values.length; i++) {
      if (!has(i)) continue;
      for (const [k, gy] of Object.entries(THRESHOLDS) as [keyof Areas, number][]) if (values[i] >= gy) out[k] += cellAreaCm2;
    }
    return out;
  };
  const centre = (i: number) => ({ x: ((i % map.widthCells) + 0.5) * map.cellSizeMm, y: (Math.floor(i / map.widthCells) + 0.5) * map.cellSizeMm });
  /** Dose-weighted centre of the cells within PEAK_REGION of the peak. */
  const peakCentre = (values: ArrayLike<number>, peak: number) => {
    let [sx, sy, sw] = [0, 0, 0];
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v) || v < PEAK_REGION * peak) continue;
      const p = centre(i);
      [sx, sy, sw] = [sx + v * p.x, sy + v * p.y, sw + v];
    }
    return { x: sx / sw, y: sy / sw };
  };
  const notes: string[] = [];
  if (comparedCells === 0) notes.push('no measurement falls on the skin of the map: check the coordinates or the fiducials');
  if (measured.offMap > 0)
    notes.push(`not compared (off the map or off the skin): ${measured.offMap} ${measured.source === 'film' ? 'film pixel(s)' : 'point(s)'}`);
  if (c.index >= 0 && !has(c.index)) notes.push('the computed peak lies outside the measured region: the measurement may have missed the peak');
  const [pm, pc] = m.index >= 0 && m.value > 0 && c.value > 0 ? [peakCentre(measured.doseGy, m.value), peakCentre(map.doseGy, c.value)] : [null, null];
  const distance = pm && pc ? Math.hypot(pm.x - pc.x, pm.y - pc.y) / 10 : null;
  return {
    source: measured.source,
    comparedCells,
    measuredPsdGy: m.index >= 0 ? m.value : 0,
    computedPsdGy: c.value,
    computedPsdInMeasuredRegionGy: cIn.index >= 0 ? cIn.value : 0,
    psdDifferencePercent: comparedCells > 0 && c.value > 0 ? (100 * (m.value - c.value)) / c.value : null,
    psdLocationDistanceCm: distance,
    areaAtOrAboveCm2: { measured: areas(measured.doseGy), computed: areas(map.doseGy) },
    notes,
  };
}
