import type { Phantom } from '../phantoms';
import type { Placement } from '../geometry';

/** A phantom's cells moved into the table frame once, as flat typed arrays for the hot loop. */
export interface PlacedPhantom {
  readonly phantom: Phantom;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly z: Float32Array;
  readonly nx: Float32Array;
  readonly ny: Float32Array;
  readonly nz: Float32Array;
  /** Tiles of neighbouring cells (TILE × TILE map cells) with bounding spheres, for culling whole tiles. */
  readonly tiles: Tiles;
}

/**
 * Bounding data of small patches of skin. A patch is skipped when its sphere lies outside the beam
 * pyramid, or (one-sided phantoms) when its normal cone shows that every cell turns its back to the
 * source: the exit side of a beam is about as large as the entrance side, so this halves the cells
 * that reach the exact per-cell tests.
 */
export interface Tiles {
  readonly count: number;
  /** Cells of tile t are tileCells[tileStart[t] .. tileStart[t + 1]). */
  readonly tileStart: Int32Array;
  readonly tileCells: Int32Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly cz: Float64Array;
  readonly radius: Float64Array;
  /** Unit mean normal of the tile's cells. */
  readonly mx: Float64Array;
  readonly my: Float64Array;
  readonly mz: Float64Array;
  /** max |n_i − mean normal| over the tile's cells. */
  readonly normalSpread: Float64Array;
  /** min (cell − centre)·n_i over the tile's cells (≤ 0 on a convex patch). */
  readonly minOffsetAlongNormal: Float64Array;
}

/** 4 × 4 cells: smaller tiles cull closer to the field edge; the per-tile test is cheap next to 16 cell tests. */
const TILE = 4;

/** Tile index of every cell, numbered in order of first appearance (row-major over the map). */
function tileIndexOfCells(phantom: Phantom): { tileOfCell: Int32Array; count: number } {
  const tilesAcross = Math.ceil(phantom.mapWidth / TILE);
  const numberOf = new Map<number, number>();
  const tileOfCell = new Int32Array(phantom.cellCount);
  for (let i = 0; i < phantom.cellCount; i++) {
    const grid = Math.floor(phantom.cellRow[i] / TILE) * tilesAcross + Math.floor(phantom.cellColumn[i] / TILE);
    let t = numberOf.get(grid);
    if (t === undefined) {
      t = numberOf.size;
      numberOf.set(grid, t);
    }
    tileOfCell[i] = t;
  }
  return { tileOfCell, count: numberOf.size };
}

/** Cells grouped by tile (counting sort), in cell order within each tile. */
function groupCells(tileOfCell: Int32Array, count: number): { tileStart: Int32Array; tileCells: Int32Array } {
  const tileStart = new Int32Array(count + 1);
  for (let i = 0; i < tileOfCell.length; i++) tileStart[tileOfCell[i] + 1]++;
  for (let t = 0; t < count; t++) tileStart[t + 1] += tileStart[t];
  const next = tileStart.slice(0, count);
  const tileCells = new Int32Array(tileOfCell.length);
  for (let i = 0; i < tileOfCell.length; i++) tileCells[next[tileOfCell[i]]++] = i;
  return { tileStart, tileCells };
}

function buildTiles(phantom: Phantom, c: Omit<PlacedPhantom, 'phantom' | 'tiles'>): Tiles {
  const { tileOfCell, count } = tileIndexOfCells(phantom);
  const { tileStart, tileCells } = groupCells(tileOfCell, count);
  const { x, y, z, nx, ny, nz } = c;
  const cx = new Float64Array(count);
  const cy = new Float64Array(count);
  const cz = new Float64Array(count);
  const radius = new Float64Array(count);
  const mx = new Float64Array(count);
  const my = new Float64Array(count);
  const mz = new Float64Array(count);
  const normalSpread = new Float64Array(count);
  const minOffsetAlongNormal = new Float64Array(count);
  for (let t = 0; t < count; t++) {
    const start = tileStart[t];
    const end = tileStart[t + 1];
    let sx = 0, sy = 0, sz = 0, snx = 0, sny = 0, snz = 0;
    for (let j = start; j < end; j++) {
      const i = tileCells[j];
      sx += x[i];
      sy += y[i];
      sz += z[i];
      snx += nx[i];
      sny += ny[i];
      snz += nz[i];
    }
    const n = end - start;
    cx[t] = sx / n;
    cy[t] = sy / n;
    cz[t] = sz / n;
    // A degenerate mean (opposite normals) leaves a zero vector; the spread then covers every direction.
    const len = Math.hypot(snx, sny, snz) || 1;
    mx[t] = snx / len;
    my[t] = sny / len;
    mz[t] = snz / len;
    let r2 = 0, spread2 = 0, minOffset = Infinity;
    for (let j = start; j < end; j++) {
      const i = tileCells[j];
      const ox = x[i] - cx[t], oy = y[i] - cy[t], oz = z[i] - cz[t];
      r2 = Math.max(r2, ox * ox + oy * oy + oz * oz);
      spread2 = Math.max(spread2, (nx[i] - mx[t]) ** 2 + (ny[i] - my[t]) ** 2 + (nz[i] - mz[t]) ** 2);
      minOffset = Math.min(minOffset, ox * nx[i] + oy * ny[i] + oz * nz[i]);
    }
    radius[t] = Math.sqrt(r2) + 1e-3;
    normalSpread[t] = Math.sqrt(spread2) + 1e-6;
    minOffsetAlongNormal[t] = minOffset - 1e-3;
  }
  return { count, tileStart, tileCells, cx, cy, cz, radius, mx, my, mz, normalSpread, minOffsetAlongNormal };
}

export function placePhantom(phantom: Phantom, p: Placement): PlacedPhantom {
  const n = phantom.cellCount;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const z = new Float32Array(n);
  const nx = new Float32Array(n);
  const ny = new Float32Array(n);
  const nz = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = p.sx * phantom.x[i];
    y[i] = p.sy * phantom.y[i] + p.ty;
    z[i] = p.sz * phantom.z[i] + p.tz;
    nx[i] = p.sx * phantom.nx[i];
    ny[i] = p.sy * phantom.ny[i];
    nz[i] = p.sz * phantom.nz[i];
  }
  const cells = { x, y, z, nx, ny, nz };
  return { phantom, ...cells, tiles: buildTiles(phantom, cells) };
}
