import type { BeamGeometry } from '../geometry';
import type { PlacedPhantom } from './placed-phantom';

/** Patient support slab in the table frame: |x| ≤ halfWidth, the table under the mattress (z < 0). */
export interface SupportSlab {
  readonly halfWidthMm: number;
  /** Mid-plane of table + mattress, where an under-table ray is tested for crossing. */
  readonly midPlaneZ: number;
}

/**
 * The skin cells one beam pyramid reaches, with everything that depends only on geometry:
 * 1/r², the field side at the cell (cm) and the path-length ratio through the support (0 = not crossed).
 */
export interface HitSet {
  readonly count: number;
  readonly cells: Int32Array;
  readonly inverseSquareMm2: Float32Array;
  readonly fieldSideCm: Float32Array;
  readonly supportPathRatio: Float32Array;
  readonly minFieldSideCm: number;
  readonly maxFieldSideCm: number;
  /** Σ cell area × cos(incidence) / r²: the solid angle the phantom presents to the source (sr). */
  readonly solidAngleSr: number;
}

/** Outward unit normals of the pyramid's four side faces and the back plane through the source. */
function cullingPlanes(b: BeamGeometry): Float64Array {
  const out = new Float64Array(15);
  const faces: [number, number, number][] = [];
  for (const [axis, t] of [
    [b.fieldU, b.tanHalfU],
    [b.fieldV, b.tanHalfV],
  ] as const) {
    for (const s of [1, -1]) {
      const n: [number, number, number] = [s * axis[0] - t * b.axis[0], s * axis[1] - t * b.axis[1], s * axis[2] - t * b.axis[2]];
      const len = Math.hypot(n[0], n[1], n[2]);
      faces.push([n[0] / len, n[1] / len, n[2] / len]);
    }
  }
  faces.push([-b.axis[0], -b.axis[1], -b.axis[2]]);
  faces.forEach((f, k) => out.set(f, k * 3));
  return out;
}

let scratch = { cells: new Int32Array(0), inv: new Float32Array(0), side: new Float32Array(0), path: new Float32Array(0) };

function ensureScratch(n: number): void {
  if (scratch.cells.length < n) scratch = { cells: new Int32Array(n), inv: new Float32Array(n), side: new Float32Array(n), path: new Float32Array(n) };
}

/**
 * The returned arrays are views on a buffer that the next call overwrites: a hit set lives only until
 * the beam changes (the accumulation reuses it for consecutive identical beams, never later).
 *
 * Tiles whose bounding sphere lies wholly outside one face of the pyramid are skipped; cells of the
 * remaining tiles get the exact tests (inside all four faces, in front of the source, facing it).
 */
export function computeHitSet(b: BeamGeometry, placed: PlacedPhantom, support: SupportSlab): HitSet {
  const ph = placed.phantom;
  ensureScratch(ph.cellCount);
  const [sx, sy, sz] = b.source;
  const [dx, dy, dz] = b.axis;
  const [ux, uy, uz] = b.fieldU;
  const [vx, vy, vz] = b.fieldV;
  const tu = b.tanHalfU;
  const tv = b.tanHalfV;
  const sideFactor = Math.sqrt(4 * tu * tv) / 10;
  const { x, y, z, nx, ny, nz, tiles } = placed;
  const area = ph.areaMm2;
  const twoSided = ph.twoSided;
  const underTable = sz < support.midPlaneZ;
  const zMid = support.midPlaneZ;
  const halfW = support.halfWidthMm;
  const planes = cullingPlanes(b);
  const halfCell = ph.cellSizeMm / 2;
  const smallField = 0.75 * ph.cellSizeMm;
  let count = 0;
  let solid = 0;
  let minSide = Infinity;
  let maxSide = 0;
  for (let t = 0; t < tiles.count; t++) {
    const ox = tiles.cx[t] - sx;
    const oy = tiles.cy[t] - sy;
    const oz = tiles.cz[t] - sz;
    const r = tiles.radius[t] + halfCell;
    let outside = false;
    for (let k = 0; k < 15; k += 3) {
      if (ox * planes[k] + oy * planes[k + 1] + oz * planes[k + 2] > r) {
        outside = true;
        break;
      }
    }
    if (outside) continue;
    const end = tiles.tileStart[t + 1];
    for (let j = tiles.tileStart[t]; j < end; j++) {
      const i = tiles.tileCells[j];
      const wx = x[i] - sx;
      const wy = y[i] - sy;
      const wz = z[i] - sz;
      const along = wx * dx + wy * dy + wz * dz;
      if (along <= 0) continue;
      // A field narrower than ~1.5 cells could fall between cell centres and deposit nothing (the
      // PySkinDose "≤ 3 cells hit" failure); such a field is widened by half a cell on each side.
      let limU = tu * along;
      if (limU < smallField) limU += halfCell;
      let limV = tv * along;
      if (limV < smallField) limV += halfCell;
      const pu = wx * ux + wy * uy + wz * uz;
      if (pu > limU || -pu > limU) continue;
      const pv = wx * vx + wy * vy + wz * vz;
      if (pv > limV || -pv > limV) continue;
      const facing = wx * nx[i] + wy * ny[i] + wz * nz[i];
      if (!twoSided && facing >= 0) continue;
      const r2 = wx * wx + wy * wy + wz * wz;
      const dist = Math.sqrt(r2);
      let path = 0;
      if (underTable && z[i] > zMid) {
        const xc = sx + ((zMid - sz) / wz) * wx;
        if (xc <= halfW && xc >= -halfW) path = dist / wz;
      }
      const side = sideFactor * dist;
      if (side < minSide) minSide = side;
      if (side > maxSide) maxSide = side;
      scratch.cells[count] = i;
      scratch.inv[count] = 1 / r2;
      scratch.side[count] = side;
      scratch.path[count] = path;
      solid += (area[i] * Math.abs(facing)) / (r2 * dist);
      count++;
    }
  }
  return {
    count,
    cells: scratch.cells.subarray(0, count),
    inverseSquareMm2: scratch.inv.subarray(0, count),
    fieldSideCm: scratch.side.subarray(0, count),
    supportPathRatio: scratch.path.subarray(0, count),
    minFieldSideCm: count > 0 ? minSide : 0,
    maxFieldSideCm: maxSide,
    solidAngleSr: solid,
  };
}
