import type { BeamGeometry } from '../geometry';
import type { Patches, PlacedPhantom } from './placed-phantom';

/** Patient support slab in the table frame: |x| ≤ halfWidth, the table under the mattress (z < 0). */
export interface SupportSlab {
  readonly halfWidthMm: number;
  /** Mid-plane of table + mattress, where an under-table ray is tested for crossing. */
  readonly midPlaneZ: number;
}

/**
 * The skin cells one beam pyramid reaches, with everything that depends only on geometry:
 * 1/r², the field side at the cell (cm) and the path-length ratio through the support (0 = not crossed).
 * Only the first `count` entries of the arrays are meaningful (they are reused buffers, not copies).
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
    const len = Math.sqrt(fx * fx + fy * fy + fz * fz);
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

/** How a patch of skin meets a beam: not at all, wholly (every cell is hit), or to be tested cell by cell. */
const enum Cover {
  None,
  Partial,
  Whole,
}

/**
 * Sphere against the pyramid's five planes (grown by `widen`, the small-field widening, for the
 * "outside" test), then for one-sided phantoms the normal cone against the source, from
 * (p − S)·n = (p − c)·n + (c − S)·m + (c − S)·(n − m), whose last term is at most |c − S|·spread.
 * The bounds carry small margins, so a patch is never classified against the exact per-cell test.
 */
function coverOf(p: Patches, k: number, planes: Float64Array, source: readonly number[], widen: number, twoSided: boolean): Cover {
  const ox = p.cx[k] - source[0];
  const oy = p.cy[k] - source[1];
  const oz = p.cz[k] - source[2];
  const r = p.radius[k];
  let inside = true;
  for (let j = 0; j < 3 * PLANE_COUNT; j += 3) {
    const distance = ox * planes[j] + oy * planes[j + 1] + oz * planes[j + 2];
    if (distance > r + widen) return Cover.None;
    if (distance >= -r) inside = false;
  }
  if (twoSided) return inside ? Cover.Whole : Cover.Partial;
  const centreTerm = ox * p.mx[k] + oy * p.my[k] + oz * p.mz[k];
  const coneTerm = Math.sqrt(ox * ox + oy * oy + oz * oz) * p.normalSpread[k];
  if (p.minOffsetAlongNormal[k] + centreTerm - coneTerm > 0) return Cover.None;
  const allFacing = p.maxOffsetAlongNormal[k] + centreTerm + coneTerm < 0;
  return inside && allFacing ? Cover.Whole : Cover.Partial;
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
 * The returned arrays are buffers that the next call overwrites: a hit set lives only until the beam
 * changes (the accumulation reuses it for consecutive identical beams, never later).
 *
 * Blocks, then tiles, outside the pyramid or (one-sided phantoms) facing away from the source are
 * skipped; those wholly inside and facing the source are taken whole; the cells of the other tiles get
 * the exact tests (inside all four faces, in front of the source, facing it). The patch tests carry
 * margins, so they change the work, never the set.
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
  const { x, y, z, nx, ny, nz, areaMm2: area, cellIndex, tiles, blocks } = placed;
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
  for (let k = 0; k < blocks.count; k++) {
    const blockCover = coverOf(blocks, k, planes, b.source, halfCell, twoSided);
    if (blockCover === Cover.None) continue;
    const lastTile = blocks.start[k + 1];
    for (let t = blocks.start[k]; t < lastTile; t++) {
      const cover = blockCover === Cover.Whole ? Cover.Whole : coverOf(tiles, t, planes, b.source, halfCell, twoSided);
      if (cover === Cover.None) continue;
      const whole = cover === Cover.Whole;
      const end = tiles.start[t + 1];
      for (let s = tiles.start[t]; s < end; s++) {
        const wx = x[s] - sx;
        const wy = y[s] - sy;
        const wz = z[s] - sz;
        const facing = wx * nx[s] + wy * ny[s] + wz * nz[s];
        if (!whole) {
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
          if (!twoSided && facing >= 0) continue;
        }
        // Few divisions: this body runs for every hit of every step.
        const dist = Math.sqrt(wx * wx + wy * wy + wz * wz);
        const invDist = 1 / dist;
        const invR2 = invDist * invDist;
        let path = 0;
        if (underTable && z[s] > zMid) {
          // Path ratio L/t = r / |ΔZ| = 1 / cos(angle to the vertical); wz = ΔZ > 0 for an under-table source.
          const invWz = 1 / wz;
          const xc = sx + (zMid - sz) * invWz * wx;
          if (xc <= halfW && xc >= -halfW) path = dist * invWz;
        }
        const cellSide = sideFactor * dist;
        if (cellSide < minSide) minSide = cellSide;
        if (cellSide > maxSide) maxSide = cellSide;
        hitCells[count] = cellIndex[s];
        inverseSquare[count] = invR2;
        fieldSide[count] = cellSide;
        pathRatio[count] = path;
        solid += area[s] * Math.abs(facing) * invR2 * invDist;
        count++;
      }
    }
  }
  return {
    count,
    cells: hitCells,
    inverseSquareMm2: inverseSquare,
    fieldSideCm: fieldSide,
    supportPathRatio: pathRatio,
    minFieldSideCm: count > 0 ? minSide : 0,
    maxFieldSideCm: maxSide,
    solidAngleSr: solid,
  };
}
