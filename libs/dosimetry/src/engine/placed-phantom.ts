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

export interface Tiles {
  readonly count: number;
  /** Cells of tile t are tileCells[tileStart[t] .. tileStart[t + 1]). */
  readonly tileStart: Int32Array;
  readonly tileCells: Int32Array;
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  readonly cz: Float64Array;
  readonly radius: Float64Array;
}

const TILE = 6;

function buildTiles(phantom: Phantom, x: Float32Array, y: Float32Array, z: Float32Array): Tiles {
  const tilesAcross = Math.ceil(phantom.mapWidth / TILE);
  const tileOf = (i: number): number => Math.floor(phantom.cellRow[i] / TILE) * tilesAcross + Math.floor(phantom.cellColumn[i] / TILE);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < phantom.cellCount; i++) {
    const t = tileOf(i);
    const g = groups.get(t);
    if (g) g.push(i);
    else groups.set(t, [i]);
  }
  const lists = [...groups.values()];
  const count = lists.length;
  const tileStart = new Int32Array(count + 1);
  const tileCells = new Int32Array(phantom.cellCount);
  const cx = new Float64Array(count);
  const cy = new Float64Array(count);
  const cz = new Float64Array(count);
  const radius = new Float64Array(count);
  let o = 0;
  lists.forEach((cells, t) => {
    tileStart[t] = o;
    let sx = 0;
    let sy = 0;
    let sz = 0;
    for (const i of cells) {
      tileCells[o++] = i;
      sx += x[i];
      sy += y[i];
      sz += z[i];
    }
    cx[t] = sx / cells.length;
    cy[t] = sy / cells.length;
    cz[t] = sz / cells.length;
    let r2 = 0;
    for (const i of cells) r2 = Math.max(r2, (x[i] - cx[t]) ** 2 + (y[i] - cy[t]) ** 2 + (z[i] - cz[t]) ** 2);
    radius[t] = Math.sqrt(r2) + 1e-3;
  });
  tileStart[count] = o;
  return { count, tileStart, tileCells, cx, cy, cz, radius };
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
  return { phantom, x, y, z, nx, ny, nz, tiles: buildTiles(phantom, x, y, z) };
}
