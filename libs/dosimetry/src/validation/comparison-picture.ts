import type { DoseMap } from '../engine';
import { encodeRgbPng } from './png-write';
import type { MeasuredCells } from './compare';

const GAP_PX = 6;
const OFF: readonly [number, number, number] = [235, 235, 235];

/** Dark blue → cyan → yellow → red over 0…max: readable without a legend for "where is it hot". */
function doseColour(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [20, 20, 90],
    [0, 170, 200],
    [240, 220, 40],
    [200, 20, 20],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k]))) as [number, number, number];
}

/** Blue (film lower) → white → red (film higher), saturating at ±25 %. */
function differenceColour(relative: number): [number, number, number] {
  const t = Math.min(1, Math.abs(relative) / 0.25);
  const fade = Math.round(255 * (1 - t));
  return relative >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

/**
 * Three panels over the measured region (plus one cell): computed, measured, and the difference
 * (measured − computed) / computed. The two dose panels share one colour scale (0 → the larger peak).
 */
export function renderComparisonPng(map: DoseMap, measured: MeasuredCells): Uint8Array {
  let [r0, r1, c0, c1] = [Infinity, -1, Infinity, -1];
  measured.doseGy.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const r = Math.floor(i / map.widthCells);
    const c = i % map.widthCells;
    [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
  });
  if (r1 < 0) [r0, r1, c0, c1] = [0, map.heightCells - 1, 0, map.widthCells - 1];
  [r0, c0] = [Math.max(0, r0 - 1), Math.max(0, c0 - 1)];
  [r1, c1] = [Math.min(map.heightCells - 1, r1 + 1), Math.min(map.widthCells - 1, c1 + 1)];
  const rows = r1 - r0 + 1;
  const cols = c1 - c0 + 1;
  const scale = Math.max(2, Math.min(24, Math.floor(300 / Math.max(rows, cols))));
  const panelW = cols * scale;
  const width = 3 * panelW + 2 * GAP_PX;
  const height = rows * scale;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  let max = 0;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * map.widthCells + c;
      for (const v of [map.doseGy[i], measured.doseGy[i]]) if (!Number.isNaN(v) && v > max) max = v;
    }
  }
  const paint = (panel: number, r: number, c: number, colour: readonly number[]) => {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const o = (((r - r0) * scale + dy) * width + panel * (panelW + GAP_PX) + (c - c0) * scale + dx) * 3;
        rgb.set(colour, o);
      }
    }
  };
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const i = r * map.widthCells + c;
      const computed = map.doseGy[i];
      const m = measured.doseGy[i];
      paint(0, r, c, Number.isNaN(computed) ? OFF : doseColour(max > 0 ? computed / max : 0));
      paint(1, r, c, Number.isNaN(m) ? OFF : doseColour(max > 0 ? m / max : 0));
      paint(
        2,
        r,
        c,
        Number.isNaN(m) || Number.isNaN(computed) ? OFF : computed > 0 ? differenceColour((m - computed) / computed) : m > 0 ? [255, 0, 0] : [255, 255, 255],
      );
    }
  }
  return encodeRgbPng(width, height, rgb);
}
