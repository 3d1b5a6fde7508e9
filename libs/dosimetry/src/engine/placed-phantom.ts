import type { Phantom } from '../phantoms';
import type { Placement } from '../geometry';

/**
 * A phantom's cells moved into the table frame once, as flat typed arrays for the hot loop. The arrays
 * are in patch order (slot s holds phantom cell cellIndex[s]) so that the cells of a tile, and the
 * tiles of a block, are contiguous; the float32 phantom values are widened to float64 once instead of
 * at every read.
 */
export interface PlacedPhantom {
  readonly phantom: Phantom;
  readonly cellIndex: Int32Array;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly nx: Float64Array;
  readonly ny: Float64Array;
  readonly nz: Float64Array;
  readonly areaMm2: Float64Array;
  /** TILE × TILE map cells; tile t holds the slots tiles.start[t] .. tiles.start[t + 1] − 1. */
  readonly tiles: Patches;
  /** BLOCK × BLOCK tiles; block k holds the tiles blocks.start[k] .. blocks.start[k + 1] − 1. */
  readonly blocks: Patches;
}

/**
 * Bounds of patches of skin, for skipping whole patches of a beam: a bounding sphere (against the
 * pyramid) and a normal cone (against the source, for one-sided phantoms, whose exit side is about as
 * large as the entrance side).
 */
export interface Patches {
  readonly count: number;
  readonly start: Int32Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly cz: Float64Array;
  readonly radius: Float64Array;
  /** Unit mean normal of the patch's cells. */
  readonly mx: Float64Array;
  readonly my: Float64Array;
  readonly mz: Float64Array;
  /** max |n_i − mean normal| over the patch's cells. */
  readonly normalSpread: Float64Array;
  /** min and max of (cell − centre)·n_i over the patch's cells. */
  readonly minOffsetAlongNormal: Float64Array;
  readonly maxOffsetAlongNormal: Float64Array;
}

/**
 * 4 × 4 cells per tile cut close to the field edge; 4 × 4 tiles per block let a beam (a few hundred
 * cells of a ~9,000-cell phantom) dismiss most of the body in a few dozen tests.
 */
const TILE = 4;
const BLOCK = 4;

/**
 * Tile of every cell, tiles numbered block by block (row-major blocks, row-major tiles inside). The
 * grid position of a tile is a small integer, so a lookup array numbers the occupied ones in order.
 */
function tileOfCells(phantom: Phantom): { tileOfCell: Int32Array; blockOfTile: Int32Array } {
  const blocksAcross = Math.ceil(phantom.mapWidth / (TILE * BLOCK));
  const blocksDown = Math.ceil(phantom.mapHeight / (TILE * BLOCK));
  const tilesPerBlock = BLOCK * BLOCK;
  const gridOfCell = new Int32Array(phantom.cellCount);
  const numberOfGrid = new Int32Array(blocksAcross * blocksDown * tilesPerBlock).fill(-1);
  for (let i = 0; i < phantom.cellCount; i++) {
    const tileRow = Math.floor(phantom.cellRow[i] / TILE);
    const tileColumn = Math.floor(phantom.cellColumn[i] / TILE);
    const block = Math.floor(tileRow / BLOCK) * blocksAcross + Math.floor(tileColumn / BLOCK);
    gridOfCell[i] = block * tilesPerBlock + (tileRow % BLOCK) * BLOCK + (tileColumn % BLOCK);
    numberOfGrid[gridOfCell[i]] = 0;
  }
  const blockOfTile: number[] = [];
  let blockNumber = -1;
  let lastBlock = -1;
  for (let g = 0; g < numberOfGrid.length; g++) {
    if (numberOfGrid[g] < 0) continue;
    const block = Math.floor(g / tilesPerBlock);
    if (block !== lastBlock) {
      blockNumber++;
      lastBlock = block;
    }
    numberOfGrid[g] = blockOfTile.length;
    blockOfTile.push(blockNumber);
  }
  return { tileOfCell: gridOfCell.map((g) => numberOfGrid[g]), blockOfTile: Int32Array.from(blockOfTile) };
}

/** Members grouped by group (counting sort), in member order within each group; start has count + 1 entries. */
function groupBy(groupOf: Int32Array): { start: Int32Array; members: Int32Array } {
  let count = 0;
  for (let i = 0; i < groupOf.length; i++) count = Math.max(count, groupOf[i] + 1);
  const start = new Int32Array(count + 1);
  for (let i = 0; i < groupOf.length; i++) start[groupOf[i] + 1]++;
  for (let g = 0; g < count; g++) start[g + 1] += start[g];
  const next = start.slice(0, count);
  const members = new Int32Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) members[next[groupOf[i]]++] = i;
  return { start, members };
}

type SlotArrays = Pick<PlacedPhantom, 'x' | 'y' | 'z' | 'nx' | 'ny' | 'nz'>;

/** Bounds of patches whose cells are the slot ranges slotStart[p] .. slotStart[p + 1] − 1. */
function patchBounds(start: Int32Array, slotStart: Int32Array, c: SlotArrays): Patches {
  const count = start.length - 1;
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
  const maxOffsetAlongNormal = new Float64Array(count);
  for (let p = 0; p < count; p++) {
    const first = slotStart[p];
    const end = slotStart[p + 1];
    let sx = 0,
      sy = 0,
      sz = 0,
      snx = 0,
      sny = 0,
      snz = 0;
    for (let s = first; s < end; s++) {
      sx += x[s];
      sy += y[s];
      sz += z[s];
      snx += nx[s];
      sny += ny[s];
      snz += nz[s];
    }
    const n = end - first;
    cx[p] = sx / n;
    cy[p] = sy / n;
    cz[p] = sz / n;
    // A degenerate mean (opposite normals) leaves a zero vector; the spread then covers every direction.
    const len = Math.hypot(snx, sny, snz) || 1;
    mx[p] = snx / len;
    my[p] = sny / len;
    mz[p] = snz / len;
    let r2 = 0,
      spread2 = 0,
      minOffset = Infinity,
      maxOffset = -Infinity;
    for (let s = first; s < end; s++) {
      const ox = x[s] - cx[p],
        oy = y[s] - cy[p],
        oz = z[s] - cz[p];
      const offset = ox * nx[s] + oy * ny[s] + oz * nz[s];
      r2 = Math.max(r2, ox * ox + oy * oy + oz * oz);
      spread2 = Math.max(spread2, (nx[s] - mx[p]) ** 2 + (ny[s] - my[p]) ** 2 + (nz[s] - mz[p]) ** 2);
      minOffset = Math.min(minOffset, offset);
      maxOffset = Math.max(maxOffset, offset);
    }
    // Margins far above rounding, far below a cell: the culling tests never drop a cell the exact test keeps.
    radius[p] = Math.sqrt(r2) + 1e-3;
    normalSpread[p] = Math.sqrt(spread2) + 1e-6;
    minOffsetAlongNormal[p] = minOffset - 1e-3;
    maxOffsetAlongNormal[p] = maxOffset + 1e-3;
  }
  return { count, start, cx, cy, cz, radius, mx, my, mz, normalSpread, minOffsetAlongNormal, maxOffsetAlongNormal };
}

export function placePhantom(phantom: Phantom, p: Placement): PlacedPhantom {
  const { tileOfCell, blockOfTile } = tileOfCells(phantom);
  const { start: tileStart, members: cellIndex } = groupBy(tileOfCell);
  const { start: blockStart } = groupBy(blockOfTile);
  const n = phantom.cellCount;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const nx = new Float64Array(n);
  const ny = new Float64Array(n);
  const nz = new Float64Array(n);
  const areaMm2 = new Float64Array(n);
  // Positions are rounded to float32 like the phantom itself, so the placed cells are exactly those of
  // earlier versions (a shift by the phantom length is not exact in float32).
  for (let s = 0; s < n; s++) {
    const i = cellIndex[s];
    x[s] = p.sx * phantom.x[i];
    y[s] = Math.fround(p.sy * phantom.y[i] + p.ty);
    z[s] = Math.fround(p.sz * phantom.z[i] + p.tz);
    nx[s] = p.sx * phantom.nx[i];
    ny[s] = p.sy * phantom.ny[i];
    nz[s] = p.sz * phantom.nz[i];
    areaMm2[s] = phantom.areaMm2[i];
  }
  const slots = { x, y, z, nx, ny, nz };
  const blockSlotStart = Int32Array.from(blockStart, (t) => tileStart[t]);
  return {
    phantom,
    cellIndex,
    ...slots,
    areaMm2,
    tiles: patchBounds(tileStart, tileStart, slots),
    blocks: patchBounds(blockStart, blockSlotStart, slots),
  };
}
