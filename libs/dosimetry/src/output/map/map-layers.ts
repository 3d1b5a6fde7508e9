import type { DoseMap } from '../../engine';
import type { PhantomKind } from '../../phantoms';
import { colourOfStep, colourStep } from './colour-scale';
import { isodoseLoops } from './contours';
import { closedPath, line, svgNumber as n, text } from './svg';

/** Skin that received no dose: a neutral grey, distinct from every colour of the scale. */
export const UNEXPOSED_SKIN = '#d4d4d4';

export interface IsodoseLevel {
  readonly doseGy: number;
  readonly label: string;
  readonly dash: string | null;
  readonly widthPx: number;
}

/**
 * Cells as one path per colour, adjacent cells of one colour step in a row merged into one rectangle: a
 * few hundred elements would make the PNG rasterizer spend most of its time parsing (measured: rects one
 * element each took longer to parse than to draw).
 */
export function cellLayer(map: DoseMap, cellPx: number, topGy: number): string {
  const byColour = new Map<string, string[]>();
  const colourOf = (d: number): string | null => (Number.isNaN(d) ? null : d > 0 ? colourOfStep(colourStep(d, topGy)) : UNEXPOSED_SKIN);
  for (let r = 0; r < map.heightCells; r++) {
    let c = 0;
    while (c < map.widthCells) {
      const colour = colourOf(map.doseGy[r * map.widthCells + c]);
      let end = c + 1;
      while (end < map.widthCells && colourOf(map.doseGy[r * map.widthCells + end]) === colour) end++;
      if (colour) {
        const runs = byColour.get(colour) ?? [];
        runs.push(`M${n(c * cellPx)} ${n(r * cellPx)}h${n((end - c) * cellPx)}v${n(cellPx)}h${n(-(end - c) * cellPx)}z`);
        byColour.set(colour, runs);
      }
      c = end;
    }
  }
  const paths = [...byColour].map(([colour, runs]) => `<path fill="${colour}" d="${runs.join('')}"/>`);
  return `<g class="cells" shape-rendering="crispEdges">${paths.join('')}</g>`;
}

/** The skin's edge: cell sides whose neighbour has no skin. */
export function outlineLayer(map: DoseMap, cellPx: number): string {
  const skin = (r: number, c: number): boolean =>
    r >= 0 && c >= 0 && r < map.heightCells && c < map.widthCells && !Number.isNaN(map.doseGy[r * map.widthCells + c]);
  const d: string[] = [];
  for (let r = 0; r < map.heightCells; r++) {
    for (let c = 0; c < map.widthCells; c++) {
      if (!skin(r, c)) continue;
      const x = c * cellPx;
      const y = r * cellPx;
      if (!skin(r - 1, c)) d.push(`M${n(x)} ${n(y)}h${n(cellPx)}`);
      if (!skin(r + 1, c)) d.push(`M${n(x)} ${n(y + cellPx)}h${n(cellPx)}`);
      if (!skin(r, c - 1)) d.push(`M${n(x)} ${n(y)}v${n(cellPx)}`);
      if (!skin(r, c + 1)) d.push(`M${n(x + cellPx)} ${n(y)}v${n(cellPx)}`);
    }
  }
  return `<path class="body-outline" d="${d.join('')}" fill="none" stroke="#404040" stroke-width="1"/>`;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Isodose lines (white halo under a black line) with a label on each loop where one fits without overlap. */
export function isodoseLayer(map: DoseMap, cellPx: number, levels: readonly IsodoseLevel[], relative: boolean, keepClear: readonly Box[]): string {
  const placed: Box[] = [...keepClear];
  const groups = levels.map((level) => {
    const loops = isodoseLoops(map.doseGy, map.widthCells, map.heightCells, level.doseGy).map((loop) =>
      loop.map((p) => ({ x: p.x * cellPx, y: p.y * cellPx })),
    );
    const d = loops.map(closedPath).join(' ');
    const dash = level.dash ? ` stroke-dasharray="${level.dash}"` : '';
    // Islands and holes of a few cells carry no label: the line style says their level, and labels there only crowd.
    const labels = loops
      .filter((loop) => enclosedArea(loop) >= LABELLED_LOOP_CELLS * cellPx * cellPx)
      .map((loop) => labelFor(loop, level.label, placed))
      .join('');
    return (
      `<g class="isodose" data-level-gy="${level.doseGy}" data-label="${level.label}" data-relative="${relative}" data-loops="${loops.length}">` +
      (d
        ? `<path d="${d}" fill="none" stroke="#ffffff" stroke-width="${level.widthPx + 2}" stroke-linejoin="round"/><path d="${d}" fill="none" stroke="#000000" stroke-width="${level.widthPx}" stroke-linejoin="round"${dash}/>`
        : '') +
      `${labels}</g>`
    );
  });
  return groups.join('');
}

/** Smallest loop (in cells of area) that gets a label. */
const LABELLED_LOOP_CELLS = 6;

/** Area inside a closed loop (shoelace formula). */
function enclosedArea(loop: readonly { x: number; y: number }[]): number {
  let twice = 0;
  loop.forEach((p, i) => {
    const q = loop[(i + 1) % loop.length];
    twice += p.x * q.y - q.x * p.y;
  });
  return Math.abs(twice) / 2;
}

function labelFor(loop: readonly { x: number; y: number }[], label: string, placed: Box[]): string {
  const w = label.length * 6.5 + 4;
  const h = 12;
  const by = (f: (p: { x: number; y: number }) => number) => loop.reduce((best, p) => (f(p) < f(best) ? p : best));
  const top = by((p) => p.y);
  const bottom = by((p) => -p.y);
  const right = by((p) => -p.x);
  const left = by((p) => p.x);
  const candidates: Box[] = [
    { x: top.x - w / 2, y: top.y - h - 2, w, h },
    { x: bottom.x - w / 2, y: bottom.y + 2, w, h },
    { x: right.x + 3, y: right.y - h / 2, w, h },
    { x: left.x - w - 3, y: left.y - h / 2, w, h },
  ];
  const free = candidates.find((b) => !placed.some((p) => overlaps(p, b)));
  if (!free) return '';
  placed.push(free);
  return text(free.x + w / 2, free.y + h - 2, label, { size: 10, bold: true, anchor: 'middle', halo: true, cls: 'isodose-label' });
}

/** The area the PSD marker and its label cover, kept clear of isodose labels. */
export function psdMarkerBox(loc: { mapRow: number; mapColumn: number }, cellPx: number): Box {
  const x = (loc.mapColumn + 0.5) * cellPx;
  const y = (loc.mapRow + 0.5) * cellPx;
  return { x: x - 12, y: y - 22, w: 52, h: 34 };
}

/** The PSD cell: a ring with a white halo and a label, drawn last so nothing hides it. */
export function psdMarker(loc: { mapRow: number; mapColumn: number }, cellPx: number, label: string): string {
  const x = (loc.mapColumn + 0.5) * cellPx;
  const y = (loc.mapRow + 0.5) * cellPx;
  return (
    `<g class="psd-marker">` +
    `<circle cx="${n(x)}" cy="${n(y)}" r="9" fill="none" stroke="#ffffff" stroke-width="4.5"/>` +
    `<circle cx="${n(x)}" cy="${n(y)}" r="9" fill="none" stroke="#000000" stroke-width="2"/>` +
    line(x - 4, y, x + 4, y, 'stroke="#000000" stroke-width="1.5"') +
    line(x, y - 4, x, y + 4, 'stroke="#000000" stroke-width="1.5"') +
    text(x + 12, y - 8, label, { size: 11, bold: true, halo: true }) +
    `</g>`
  );
}

/**
 * Where a row's columns are on the body, as fractions of that row's skin width, by phantom kind. Each
 * ring of a body phantom starts at the anterior midline and runs toward the patient's left, so its
 * quarter points are the left side, the posterior midline and the right side (ellipse and stadium alike).
 */
export function columnLabels(kind: PhantomKind, short = false): { at: number; label: string }[] {
  if (kind === 'plane')
    return [
      { at: 0, label: "patient's RIGHT" },
      { at: 1, label: "patient's LEFT" },
    ];
  return [
    { at: 0, label: short ? 'ANT' : 'ANTERIOR' },
    { at: 0.25, label: short ? 'LEFT' : 'LEFT side' },
    { at: 0.5, label: short ? 'POST' : 'POSTERIOR (back)' },
    { at: 0.75, label: short ? 'RIGHT' : 'RIGHT side' },
    { at: 1, label: short ? 'ANT' : 'ANTERIOR' },
  ];
}

/** First skin column and the column after the last, of one map row (the human head is narrower than the trunk). */
export function rowExtent(map: DoseMap, row: number): { from: number; to: number } {
  let from = map.widthCells;
  let to = 0;
  for (let c = 0; c < map.widthCells; c++) {
    if (Number.isNaN(map.doseGy[row * map.widthCells + c])) continue;
    from = Math.min(from, c);
    to = c + 1;
  }
  return from < to ? { from, to } : { from: 0, to: map.widthCells };
}

export function columnCaption(kind: PhantomKind): string {
  if (kind === 'plane') return 'Film plane under the patient, seen from above (head at the top).';
  return "Skin unrolled from the anterior midline round the patient's left side: the back runs down the middle, the front midline is both edges (a field on the front shows cut in two).";
}
