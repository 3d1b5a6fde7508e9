import { CLINICAL_THRESHOLDS_GY, RELATIVE_CONTOURS_BELOW_GY, RELATIVE_LEVELS, scaleTopGy } from './colour-scale';
import type { DoseMap } from '../../engine';
import type { SkinDoseMapFigure } from './figure';
import { formatDose, wrap } from './format';
import { legend } from './legend';
import { cellLayer, columnCaption, columnLabels, rowExtent, isodoseLayer, outlineLayer, psdMarker, psdMarkerBox, type IsodoseLevel } from './map-layers';
import { FONT_FAMILY, line, rect, text } from './svg';

/** Map scale: 0.7 px per mm of skin (a 10 mm cell is 7 px; the reference trunk is about 640 px round). */
const PX_PER_MM = 0.7;
const MARGIN_LEFT = 84;
const LEGEND_WIDTH = 230;
const MIN_WIDTH = 820;
const LINE = 17;
const CHAR_PX = 7.2;
const SMALL_CHAR_PX = 6.4;
const LINE_STYLES = [
  { dash: '2 3', widthPx: 1.5 },
  { dash: '7 4', widthPx: 1.5 },
  { dash: null, widthPx: 1.5 },
  { dash: null, widthPx: 3 },
] as const;

function mapPeakGy(doseGy: Float32Array): number {
  let peak = 0;
  for (const d of doseGy) if (d > peak) peak = d;
  return peak;
}

/** Absolute clinical levels, or (PSD below 1 Gy) fractions of the map's own peak, labelled as relative. */
function isodoseLevels(figure: SkinDoseMapFigure, mapPeak: number): { levels: IsodoseLevel[]; relativeNote: string | null } {
  if (figure.peakGy >= RELATIVE_CONTOURS_BELOW_GY) {
    return { levels: CLINICAL_THRESHOLDS_GY.map((t, i) => ({ doseGy: t, label: `${t} Gy`, ...LINE_STYLES[i] })), relativeNote: null };
  }
  return {
    levels: mapPeak > 0 ? RELATIVE_LEVELS.map((f, i) => ({ doseGy: f * mapPeak, label: `${f * 100} %`, ...LINE_STYLES[i] })) : [],
    relativeNote: `PSD below ${RELATIVE_CONTOURS_BELOW_GY} Gy: lines at\n25/50/75/90 % of the map peak\n(${formatDose(mapPeak)}), not clinical levels`,
  };
}

/**
 * The skin-dose map as a standalone SVG (text as text, so it stays crisp at any size): the unrolled skin
 * in an absolute viridis colour scale, isodose lines, the PSD marked, head/feet and anterior/left/
 * posterior/right labels, a 10 cm scale, the legend with the clinical thresholds, then the figures.
 */
export function renderSkinDoseMapSvg(figure: SkinDoseMapFigure): string {
  const map = figure.map;
  const cellPx = map ? map.cellSizeMm * PX_PER_MM : 0;
  const mapW = map ? map.widthCells * cellPx : 420;
  const mapH = map ? map.heightCells * cellPx : 120;
  const width = Math.max(MIN_WIDTH, MARGIN_LEFT + mapW + 40 + LEGEND_WIDTH);
  const maxChars = Math.floor((width - 40) / CHAR_PX);
  const body: string[] = [];
  let y = 30;
  body.push(text(20, y, figure.title, { size: 17, bold: true }));
  y += 28;
  body.push(
    text(20, y, `${figure.peakLabel}: ${formatDose(figure.peakGy)}${figure.peakInterval ? `, ${figure.peakInterval}` : ''}`, {
      size: 16,
      bold: true,
      cls: 'psd',
    }),
  );
  y += 12;
  y = warningBox(body, figure.warnings, y, width, maxChars);
  const mapTop = y + 34;
  let mapBottom = mapTop + mapH;
  if (map) {
    const peak = mapPeakGy(map.doseGy);
    const topGy = scaleTopGy(peak);
    const { levels, relativeNote } = isodoseLevels(figure, peak);
    body.push(`<g transform="translate(${MARGIN_LEFT} ${mapTop})">`);
    body.push(
      cellLayer(map, cellPx, topGy),
      outlineLayer(map, cellPx),
      isodoseLayer(map, cellPx, levels, relativeNote !== null, figure.psdLocation ? [psdMarkerBox(figure.psdLocation, cellPx)] : []),
    );
    if (figure.psdLocation) body.push(psdMarker(figure.psdLocation, cellPx, 'PSD'));
    body.push('</g>');
    body.push(text(MARGIN_LEFT - 10, mapTop + 12, 'HEAD ↑', { bold: true, anchor: 'end', cls: 'orientation' }));
    body.push(text(MARGIN_LEFT - 10, mapBottom, 'FEET ↓', { bold: true, anchor: 'end', cls: 'orientation' }));
    headLabels(body, figure, map, cellPx, mapTop);
    mapBottom = axis(body, figure, map, cellPx, mapTop + mapH, Math.floor((width - MARGIN_LEFT - 20) / SMALL_CHAR_PX));
    const lg = legend(MARGIN_LEFT + mapW + 60, mapTop + 10, Math.min(280, Math.max(160, mapH * 0.5)), topGy, levels, relativeNote);
    body.push(lg.svg);
    mapBottom = Math.max(mapBottom, mapTop + 10 + lg.height);
  } else {
    body.push(rect(MARGIN_LEFT, mapTop, mapW, mapH, 'fill="#f2f2f2" stroke="#404040" stroke-dasharray="6 4"'));
    body.push(text(MARGIN_LEFT + mapW / 2, mapTop + mapH / 2 - 6, 'No map: no event has a beam geometry.', { anchor: 'middle', bold: true }));
    body.push(text(MARGIN_LEFT + mapW / 2, mapTop + mapH / 2 + 14, 'The PSD above is an estimate; see its upper bound.', { anchor: 'middle' }));
  }
  y = mapBottom + 28;
  for (const d of figure.details) {
    for (const l of wrap(d, maxChars)) {
      body.push(text(20, y, l, { cls: 'detail' }));
      y += LINE;
    }
  }
  const height = y + 6;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" font-family="${FONT_FAMILY}" fill="#111111">` +
    `${rect(0, 0, width, Math.ceil(height), 'fill="#ffffff"')}${body.join('')}</svg>\n`
  );
}

/** Boxed warnings (estimate, upper bound, suspect input); returns the next y. */
function warningBox(body: string[], warnings: readonly string[], y: number, width: number, maxChars: number): number {
  if (!warnings.length) return y;
  const lines = warnings.flatMap((w) => wrap(w, maxChars - 4));
  const top = y + 4;
  body.push(rect(16, top, width - 32, lines.length * LINE + 10, 'fill="#fff4cc" stroke="#000000" stroke-width="2" class="warning"'));
  lines.forEach((l, i) => body.push(text(24, top + 18 + i * LINE, l, { bold: true, cls: 'warning-text' })));
  return top + lines.length * LINE + 10;
}

/** Tick marks and labels of a row's columns, at y (below when `below`, else above). */
function rowLabels(
  body: string[],
  kind: SkinDoseMapFigure['phantomKind'],
  extent: { from: number; to: number },
  cellPx: number,
  y: number,
  below: boolean,
  short: boolean,
): void {
  for (const c of columnLabels(kind, short)) {
    const x = MARGIN_LEFT + (extent.from + c.at * (extent.to - extent.from)) * cellPx;
    body.push(line(x, y, x, below ? y + 6 : y - 6, 'stroke="#000000"'));
    body.push(
      text(x, below ? y + 19 : y - 9, c.label, {
        size: short ? 10 : 11,
        bold: true,
        anchor: c.at === 0 ? 'start' : c.at === 1 ? 'end' : 'middle',
        cls: 'orientation',
      }),
    );
  }
}

/** When the top row (the human head) is narrower than the bottom row, its own column labels above it. */
function headLabels(body: string[], figure: SkinDoseMapFigure, map: DoseMap, cellPx: number, mapTop: number): void {
  const top = rowExtent(map, 0);
  const bottom = rowExtent(map, map.heightCells - 1);
  if (top.from === bottom.from && top.to === bottom.to) return;
  rowLabels(body, figure.phantomKind, top, cellPx, mapTop, false, true);
}

/** Column labels under the map, the caption and a 10 cm scale bar; returns the y below them. */
function axis(body: string[], figure: SkinDoseMapFigure, map: DoseMap, cellPx: number, y: number, captionChars: number): number {
  rowLabels(body, figure.phantomKind, rowExtent(map, map.heightCells - 1), cellPx, y, true, false);
  const caption = wrap(columnCaption(figure.phantomKind), captionChars);
  caption.forEach((l, i) => body.push(text(MARGIN_LEFT, y + 36 + i * 14, l, { size: 11 })));
  const barY = y + 42 + caption.length * 14;
  const barPx = 100 * PX_PER_MM;
  body.push(
    `<g class="scale-bar">${line(MARGIN_LEFT, barY, MARGIN_LEFT + barPx, barY, 'stroke="#000000" stroke-width="3"')}${line(MARGIN_LEFT, barY - 5, MARGIN_LEFT, barY + 5, 'stroke="#000000"')}${line(MARGIN_LEFT + barPx, barY - 5, MARGIN_LEFT + barPx, barY + 5, 'stroke="#000000"')}${text(MARGIN_LEFT + barPx + 8, barY + 4, '10 cm on the skin', { size: 11 })}</g>`,
  );
  return barY + 8;
}
