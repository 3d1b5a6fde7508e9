/**
 * Isodose lines by marching squares over the cell centres of a dose map. Cells without skin (NaN) and
 * the outside of the map count as 0 Gy, so every line is closed: a region at or above the level that
 * reaches the body's edge is closed along that edge.
 */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A closed line in map cell units (x = column, y = row; cell (r, c) spans [c, c + 1] × [r, r + 1]). */
export type ContourLoop = readonly Point[];

/** Edge pairs of each case (tl = 8, tr = 4, br = 2, bl = 1 at or above the level); saddles 5 and 10 handled apart. */
const CASE_EDGES: Readonly<Record<number, readonly (readonly [Edge, Edge])[]>> = {
  1: [['left', 'bottom']],
  2: [['bottom', 'right']],
  3: [['left', 'right']],
  4: [['top', 'right']],
  6: [['top', 'bottom']],
  7: [['left', 'top']],
  8: [['left', 'top']],
  9: [['top', 'bottom']],
  11: [['top', 'right']],
  12: [['left', 'right']],
  13: [['bottom', 'right']],
  14: [['left', 'bottom']],
};

type Edge = 'top' | 'right' | 'bottom' | 'left';

interface Padded {
  readonly rows: number;
  readonly cols: number;
  at(i: number, j: number): number;
}

/** The grid with a ring of zeros around it; corner (i, j) is cell (i − 1, j − 1), centred at (j − 0.5, i − 0.5). */
function padded(doseGy: ArrayLike<number>, widthCells: number, heightCells: number): Padded {
  return {
    rows: heightCells + 2,
    cols: widthCells + 2,
    at(i, j) {
      const r = i - 1;
      const c = j - 1;
      if (r < 0 || c < 0 || r >= heightCells || c >= widthCells) return 0;
      const v = doseGy[r * widthCells + c];
      return Number.isNaN(v) ? 0 : v;
    },
  };
}

function saddleEdges(kase: 5 | 10, centreAbove: boolean): readonly (readonly [Edge, Edge])[] {
  // The centre decides whether the two corners at or above the level are joined through the square.
  const cutTlBr: readonly (readonly [Edge, Edge])[] = [
    ['left', 'top'],
    ['bottom', 'right'],
  ];
  const cutTrBl: readonly (readonly [Edge, Edge])[] = [
    ['top', 'right'],
    ['left', 'bottom'],
  ];
  if (kase === 5) return centreAbove ? cutTlBr : cutTrBl;
  return centreAbove ? cutTrBl : cutTlBr;
}

/** Closed isodose loops at `levelGy`, in map cell units. */
export function isodoseLoops(doseGy: ArrayLike<number>, widthCells: number, heightCells: number, levelGy: number): ContourLoop[] {
  const g = padded(doseGy, widthCells, heightCells);
  const points = new Map<string, Point>();
  const pointOn = (i: number, j: number, edge: Edge): string => {
    const [ai, aj, bi, bj, key] =
      edge === 'top'
        ? [i, j, i, j + 1, `h${i},${j}`]
        : edge === 'bottom'
          ? [i + 1, j, i + 1, j + 1, `h${i + 1},${j}`]
          : edge === 'left'
            ? [i, j, i + 1, j, `v${i},${j}`]
            : [i, j + 1, i + 1, j + 1, `v${i},${j + 1}`];
    if (!points.has(key)) {
      const a = g.at(ai, aj);
      const b = g.at(bi, bj);
      const t = (levelGy - a) / (b - a);
      points.set(key, { x: aj + (bj - aj) * t - 0.5, y: ai + (bi - ai) * t - 0.5 });
    }
    return key;
  };
  const segments: [string, string][] = [];
  for (let i = 0; i < g.rows - 1; i++) {
    for (let j = 0; j < g.cols - 1; j++) {
      const tl = g.at(i, j);
      const tr = g.at(i, j + 1);
      const br = g.at(i + 1, j + 1);
      const bl = g.at(i + 1, j);
      const kase = (tl >= levelGy ? 8 : 0) | (tr >= levelGy ? 4 : 0) | (br >= levelGy ? 2 : 0) | (bl >= levelGy ? 1 : 0);
      if (kase === 0 || kase === 15) continue;
      const pairs = kase === 5 || kase === 10 ? saddleEdges(kase, (tl + tr + br + bl) / 4 >= levelGy) : CASE_EDGES[kase];
      for (const [e1, e2] of pairs) segments.push([pointOn(i, j, e1), pointOn(i, j, e2)]);
    }
  }
  return chain(segments).map((keys) => keys.map((k) => points.get(k)!));
}

/** Joins segments sharing an edge crossing into loops (each crossing belongs to exactly two segments). */
function chain(segments: readonly [string, string][]): string[][] {
  const byPoint = new Map<string, number[]>();
  segments.forEach(([a, b], s) => {
    for (const k of [a, b]) byPoint.set(k, [...(byPoint.get(k) ?? []), s]);
  });
  const used = new Uint8Array(segments.length);
  const loops: string[][] = [];
  for (let start = 0; start < segments.length; start++) {
    if (used[start]) continue;
    used[start] = 1;
    const loop = [segments[start][0]];
    let at = segments[start][1];
    while (at !== loop[0]) {
      loop.push(at);
      const next = (byPoint.get(at) ?? []).find((s) => !used[s]);
      if (next === undefined) break;
      used[next] = 1;
      at = segments[next][0] === at ? segments[next][1] : segments[next][0];
    }
    loops.push(loop);
  }
  return loops;
}
