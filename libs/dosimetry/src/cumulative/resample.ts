import type { BodySurface, SurfaceSegment } from './map-surface';

/** A source interval index and the share of a target interval it covers. */
interface Overlap {
  readonly index: number;
  readonly weight: number;
}

/**
 * Overlaps of `targetCount` equal intervals of [t0, t1] with `sourceCount` equal intervals of
 * [s0, s1], each weight the covered fraction of the target interval.
 */
function overlaps(t0: number, t1: number, targetCount: number, s0: number, s1: number, sourceCount: number): Overlap[][] {
  const tStep = (t1 - t0) / targetCount;
  const sStep = (s1 - s0) / sourceCount;
  const result: Overlap[][] = [];
  for (let t = 0; t < targetCount; t++) {
    const lo = t0 + t * tStep;
    const hi = lo + tStep;
    const first = Math.max(0, Math.floor((lo - s0) / sStep));
    const last = Math.min(sourceCount - 1, Math.ceil((hi - s0) / sStep) - 1);
    const row: Overlap[] = [];
    for (let s = first; s <= last; s++) {
      const covered = Math.min(hi, s0 + (s + 1) * sStep) - Math.max(lo, s0 + s * sStep);
      if (covered > 0) row.push({ index: s, weight: covered / tStep });
    }
    result.push(row);
  }
  return result;
}

/**
 * Resamples a dose map from one body surface onto another through body coordinates (u, v; see
 * `SurfaceSegment`), by area-weighted overlap (first-order conservative remapping): each target cell
 * gets the mean of the source doses over its own (u, v) rectangle. So the mean dose over each body
 * segment is kept (to float rounding) whenever the target segment lies inside source segments; a
 * finer target repeats the source value (peaks kept), a coarser one averages (peaks lowered to what
 * the coarser cell can show). Identical surfaces are copied cell for cell.
 *
 * Returns the target grid (row-major, `mapWidth × mapHeight`, NaN off the body).
 */
export function resampleDoseMap(source: BodySurface, sourceDoseGy: Float32Array, target: BodySurface): Float64Array {
  const out = new Float64Array(target.phantom.mapWidth * target.phantom.mapHeight).fill(NaN);
  const tp = target.phantom;
  if (source.key === target.key) {
    for (let i = 0; i < tp.cellCount; i++) {
      const cell = tp.cellRow[i] * tp.mapWidth + tp.cellColumn[i];
      out[cell] = sourceDoseGy[cell];
    }
    return out;
  }
  for (const ts of target.segments) {
    for (let r = 0; r < ts.rows; r++) for (let c = 0; c < ts.columns; c++) out[(ts.firstRow + r) * tp.mapWidth + ts.columnOffset + c] = 0;
    for (const ss of source.segments) addSegment(ss, sourceDoseGy, source.phantom.mapWidth, ts, out, tp.mapWidth);
  }
  return out;
}

function addSegment(ss: SurfaceSegment, src: Float32Array, srcWidth: number, ts: SurfaceSegment, out: Float64Array, outWidth: number): void {
  const lo = Math.max(ss.v0, ts.v0);
  const hi = Math.min(ss.v1, ts.v1);
  if (!(hi > lo)) return;
  const rows = overlaps(ts.v0, ts.v1, ts.rows, ss.v0, ss.v1, ss.rows);
  const columns = overlaps(0, 1, ts.columns, 0, 1, ss.columns);
  for (let r = 0; r < ts.rows; r++) {
    const outRow = (ts.firstRow + r) * outWidth + ts.columnOffset;
    for (const { index: sr, weight: wr } of rows[r]) {
      const srcRow = (ss.firstRow + sr) * srcWidth + ss.columnOffset;
      for (let c = 0; c < ts.columns; c++) {
        let mean = 0;
        for (const { index: sc, weight: wc } of columns[c]) mean += wc * src[srcRow + sc];
        out[outRow + c] += wr * mean;
      }
    }
  }
}
