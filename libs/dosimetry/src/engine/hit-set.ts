import type { BeamGeometry } from '../geometry';
import type { PlacedPhantom, Tiles } from './placed-phantom';

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
  readonly inverseSquareMm2: Float64Array;
  readonly fieldSideCm: Float64Array;
  readonly supportPathRatio: Float64Array;
  readonly minFieldSideCm: number;
  readonly maxFieldSideCm: number;
  /** Σ cell area × cos(incidence) / r²: the solid angle the phantom presents to the source (sr). */
  readonly solidAngleSr: number;
}

/** Equal beams have equal hit sets; fieldV follows from axis and fieldU. */
export function sameBeamPyramid(a: BeamGeometry, b: BeamGeometry): boolean {
  return (
    a.tanHalfU === b.tanHalfU &&
    a.tanHalfV === b.tanHalfV &&
    a.source[0] === b.source[0] &&
    a.source[1] === b.source[1] &&
    a.source[2] === b.source[2] &&
    a.axis[0] === b.axis[0] &&
    a.axis[1] === b.axis[1] &&
    a.axis[2] === b.axis[2] &&
    a.fieldU[0] === b.fieldU[0] &&
    a.fieldU[1] === b.fieldU[1] &&
    a.fieldU[2] === b.fieldU[2]
  );
}

const PLANE_COUNT = 5;

/** Outward unit normals of the pyramid's four side faces and the back plane through the source, into `out` (15 numbers). */
function writeCullingPlanes(b: BeamGeometry, out: Float64Array): void {
  let k = 0;
  const face = (axis: readonly number[], tanHalf: number, sign: number): void => {
    const fx = sign * axis[0] - tanHalf * b.axis[0];
    const fy = sign * axis[1] - tanHalf * b.axis[1];
    const fz = sign * axis[2] - tanHalf * b.axis[2];
    const len = Math.hypot(fx, fy, fz);
    out[k++] = fx / len;
    out[k++] = fy / len;
    out[k++] = fz / len;
  };
  face(b.fieldU, b.tanHalfU, 1);
  face(b.fieldU, b.tanHalfU, -1);
  face(b.fieldV, b.tanHalfV, 1);
  face(b.fieldV, b.tanHalfV, -1);
  out[k++] = -b.axis[0];
  out[k++] = -b.axis[1];
  out[k] = -b.axis[2];
}

/**
 * True when the tile's sphere, grown by `margin` (the small-field widening), lies wholly outside one
 * face of the pyramid. ox, oy, oz: tile centre − source.
 */
function tileOutsidePyramid(planes: Float64Array, ox: number, oy: number, oz: number, reach: number): boolean {
  for (let k = 0; k < 3 * PLANE_COUNT; k += 3) {
    if (ox * planes[k] + oy * planes[k + 1] + oz * planes[k + 2] > reach) return true;
  }
  return false;
}

/**
 * True when every cell of the tile turns its back to the source, i.e. (cell − S)·n ≥ 0 for all cells:
 * (p − S)·n = (p − c)·n + (c − S)·m + (c − S)·(n − m) ≥ minOffset + (c − S)·m − |c − S|·spread.
 * The stored bounds carry small margins, so the test never drops a cell the exact test would keep.
 */
function tileFacesAway(tiles: Tiles, t: number, ox: number, oy: number, oz: number): boolean {
  const distance = Math.sqrt(ox * ox + oy * oy + oz * oz);
  const lowerBound = tiles.minOffsetAlongNormal[t] + ox * tiles.mx[t] + oy * tiles.my[t] + oz * tiles.mz[t] - distance * tiles.normalSpread[t];
  return lowerBound > 0;
}

/** Reused output buffers: a hit set is consumed before the next one is computed. */
class HitBuffers {
  cells = new Int32Array(0);
  inverseSquare = new Float64Array(0);
  side = new Float64Array(0);
  path = new Float64Array(0);
  readonly planes = new Float64Array(3 * PLANE_COUNT);

  ensure(n: number): void {
    if (this.cells.length >= n) return;
    this.cells = new Int32Array(n);
    this.inverseSquare = new Float64Array(n);
    this.side = new Float64Array(n);
    this.path = new Float64Array(n);
  }
}

const buffers = new HitBuffers();

/**
 * The returned arrays are views on a buffer that the next call overwrites: a hit set lives only until
 * the beam changes (the accumulation reuses it for consecutive identical beams, never later).
 *
 * Tiles that lie outside the pyramid or (one-sided phantoms) face away from the source are skipped;
 * cells of the remaining tiles get the exact tests (inside all four faces, in front of the source,
 * facing it), so culling changes the work, never the set.
 */
export function computeHitSet(b: BeamGeometry, placed: PlacedPhantom, support: SupportSlab): HitSet {
  const ph = placed.phantom;
  buffers.ensure(ph.cellCount);
  const { cells: hitCells, inverseSquare, side: fieldSide, path: pathRatio, planes } = buffers;
  writeCullingPlanes(b, planes);
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
    if (tileOutsidePyramid(planes, ox, oy, oz, tiles.radius[t] + halfCell)) continue;
    if (!twoSided && tileFacesAway(tiles, t, ox, oy, oz)) continue;
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
      hitCells[count] = i;
      inverseSquare[count] = 1 / r2;
      fieldSide[count] = side;
      pathRatio[count] = path;
      solid += (area[i] * Math.abs(facing)) / (r2 * dist);
      count++;
    }
  }
  return {
    count,
    cells: hitCells.subarray(0, count),
    inverseSquareMm2: inverseSquare.subarray(0, count),
    fieldSideCm: fieldSide.subarray(0, count),
    supportPathRatio: pathRatio.subarray(0, count),
    minFieldSideCm: count > 0 ? minSide : 0,
    maxFieldSideCm: maxSide,
    solidAngleSr: solid,
  };
}
