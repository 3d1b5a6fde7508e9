import type { SkinDoseResult } from '../engine';
import { encodePng } from './png';
import { drawText, textWidth } from './font';

type Rgb = readonly [number, number, number];

/** Clinical bands (Balter et al. 2010 tissue-reaction levels, 3 Gy SRDL): lower bound Gy, colour, label. */
export const DOSE_BANDS: readonly { readonly fromGy: number; readonly color: Rgb; readonly label: string }[] = [
  { fromGy: 0, color: [120, 190, 120], label: '0-2' },
  { fromGy: 2, color: [240, 220, 60], label: '2-3' },
  { fromGy: 3, color: [245, 150, 40], label: '3-5' },
  { fromGy: 5, color: [220, 40, 30], label: '5-10' },
  { fromGy: 10, color: [140, 0, 20], label: '10-15' },
  { fromGy: 15, color: [90, 0, 110], label: '>15' },
];

const BACKGROUND: Rgb = [255, 255, 255];
const UNEXPOSED_SKIN: Rgb = [228, 228, 228];
const OUTLINE: Rgb = [40, 40, 40];
const MARK: Rgb = [0, 0, 0];
const TEXT: Rgb = [20, 20, 20];

function bandColor(doseGy: number, lowBandScaleGy: number): Rgb {
  let c = DOSE_BANDS[0].color;
  for (const b of DOSE_BANDS) if (doseGy >= b.fromGy) c = b.color;
  if (doseGy < DOSE_BANDS[1].fromGy) {
    // Inside the lowest band the shade still shows where dose went: pale = little, full green = the
    // study's peak (or 2 Gy), so a low-dose study's fields stay visible without changing the bands.
    const t = Math.min(1, doseGy / lowBandScaleGy);
    return [UNEXPOSED_SKIN[0] + (c[0] - UNEXPOSED_SKIN[0]) * t, UNEXPOSED_SKIN[1] + (c[1] - UNEXPOSED_SKIN[1]) * t, UNEXPOSED_SKIN[2] + (c[2] - UNEXPOSED_SKIN[2]) * t];
  }
  return c;
}

/**
 * PNG of the unrolled skin map: clinical colour bands, the body outline, the PSD cell circled, a legend
 * and the PSD value. Head at the top; for body phantoms the back runs down the middle. Takes a study's
 * result or any map with its peak (a patient's cumulative map).
 */
export function renderSkinDoseMapPng(result: Pick<SkinDoseResult, 'doseMap' | 'psdGy' | 'psdLocation'>): Uint8Array {
  const map = result.doseMap;
  const cols = map?.widthCells ?? 40;
  const rows = map?.heightCells ?? 60;
  const px = Math.max(2, Math.round((6 * (map?.cellSizeMm ?? 10)) / 10));
  const margin = 12;
  const legendWidth = 90;
  const width = margin * 2 + cols * px + legendWidth;
  const height = Math.max(margin * 2 + rows * px, 200);
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const put = (x: number, y: number, c: Rgb): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * 3;
    rgb[o] = c[0];
    rgb[o + 1] = c[1];
    rgb[o + 2] = c[2];
  };
  const fill = (x0: number, y0: number, w: number, h: number, c: Rgb): void => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) put(x, y, c);
  };
  fill(0, 0, width, height, BACKGROUND);
  if (map) {
    const lowBandScale = Math.min(DOSE_BANDS[1].fromGy, Math.max(result.psdGy, 1e-9));
    const at = (r: number, c: number): number => (r < 0 || c < 0 || r >= rows || c >= cols ? NaN : map.doseGy[r * cols + c]);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const d = at(r, c);
        if (Number.isNaN(d)) continue;
        const x0 = margin + c * px;
        const y0 = margin + r * px;
        fill(x0, y0, px, px, d > 0 ? bandColor(d, lowBandScale) : UNEXPOSED_SKIN);
        if (Number.isNaN(at(r - 1, c))) fill(x0, y0, px, 1, OUTLINE);
        if (Number.isNaN(at(r + 1, c))) fill(x0, y0 + px - 1, px, 1, OUTLINE);
        if (Number.isNaN(at(r, c - 1))) fill(x0, y0, 1, px, OUTLINE);
        if (Number.isNaN(at(r, c + 1))) fill(x0 + px - 1, y0, 1, px, OUTLINE);
      }
    }
    const loc = result.psdLocation;
    if (loc) {
      const cx = margin + loc.mapColumn * px + px / 2;
      const cy = margin + loc.mapRow * px + px / 2;
      const radius = px * 2.5;
      for (let a = 0; a < 360; a += 2) {
        const t = (a * Math.PI) / 180;
        for (let w = 0; w < 2; w++) put(Math.round(cx + (radius + w) * Math.cos(t)), Math.round(cy + (radius + w) * Math.sin(t)), MARK);
      }
      fill(Math.round(cx) - 1, Math.round(cy) - 1, 2, 2, MARK);
    }
  }
  const lx = margin * 2 + cols * px;
  const textPut = (x: number, y: number): void => put(x, y, TEXT);
  drawText('GY', lx, margin, 2, textPut);
  DOSE_BANDS.forEach((b, i) => {
    const y = margin + 16 + i * 18;
    fill(lx, y, 14, 12, b.color);
    drawText(b.label, lx + 18, y + 1, 2, textPut);
  });
  const psdText = `PSD ${result.psdGy < 10 ? result.psdGy.toFixed(3) : result.psdGy.toFixed(1)}`;
  const py = margin + 16 + DOSE_BANDS.length * 18 + 10;
  drawText(psdText.slice(0, 4), lx, py, 2, textPut);
  drawText(psdText.slice(4), lx, py + 14, 2, textPut);
  drawText('GY', lx + textWidth(psdText.slice(4), 2) + 2, py + 14, 2, textPut);
  if (!map) drawText('NO GEOMETRY', margin, margin, 2, textPut);
  return encodePng(width, height, rgb);
}
