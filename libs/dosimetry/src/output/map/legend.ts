import { CLINICAL_THRESHOLDS_GY, VIRIDIS_ANCHORS } from './colour-scale';
import { formatNumber } from './format';
import { UNEXPOSED_SKIN, type IsodoseLevel } from './map-layers';
import { line, rect, svgNumber as n, text } from './svg';

const BAR_WIDTH = 18;

/** Tick step: the smallest 1, 2, 2.5 or 5 × 10ⁿ that gives at most six intervals up to the top. */
function tickStep(top: number): number {
  const decade = 10 ** Math.floor(Math.log10(top / 6));
  for (const s of [1, 2, 2.5, 5, 10]) if (top / (s * decade) <= 6 + 1e-9) return s * decade;
  return 10 * decade;
}

/**
 * The colour bar (absolute dose, 0 at the bottom), the clinical thresholds marked across it, then the keys:
 * unexposed skin, isodose line styles, PSD marker. Returns the SVG and the height used.
 */
export function legend(
  x: number,
  y: number,
  barHeight: number,
  topGy: number,
  levels: readonly IsodoseLevel[],
  relativeNote: string | null,
): { svg: string; height: number } {
  const inMilli = topGy < 1;
  const unit = inMilli ? 'mGy' : 'Gy';
  const scale = inMilli ? 1000 : 1;
  const top = topGy * scale;
  const yOf = (v: number): number => y + barHeight - (v / top) * barHeight;
  const out: string[] = [text(x, y - 12, `Dose (${unit})`, { bold: true })];
  const stops = VIRIDIS_ANCHORS.map((c, i) => `<stop offset="${n(i / (VIRIDIS_ANCHORS.length - 1))}" stop-color="${c}"/>`).join('');
  out.push(`<defs><linearGradient id="dose-scale" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`);
  out.push(rect(x, y, BAR_WIDTH, barHeight, 'fill="url(#dose-scale)" stroke="#404040" stroke-width="1" class="colour-scale"'));
  const step = tickStep(top);
  for (let v = 0; v <= top + step * 1e-6; v += step) {
    out.push(line(x + BAR_WIDTH, yOf(v), x + BAR_WIDTH + 4, yOf(v), 'stroke="#000000"'));
    out.push(text(x + BAR_WIDTH + 7, yOf(v) + 4, formatNumber(v), { size: 11 }));
  }
  const marked = CLINICAL_THRESHOLDS_GY.filter((t) => t <= topGy);
  for (const t of marked) {
    const ty = yOf(t * scale);
    out.push(
      `<g class="threshold-mark" data-threshold-gy="${t}">${line(x - 6, ty, x + BAR_WIDTH + 2, ty, 'stroke="#ffffff" stroke-width="4"')}${line(x - 6, ty, x + BAR_WIDTH + 2, ty, 'stroke="#000000" stroke-width="2"')}${text(x - 9, ty + 4, `${t} Gy`, { size: 11, bold: true, anchor: 'end' })}</g>`,
    );
  }
  let cy = y + barHeight + 22;
  const note = (s: string): void => {
    out.push(text(x, cy, s, { size: 11 }));
    cy += 15;
  };
  if (marked.length < CLINICAL_THRESHOLDS_GY.length) note(`Not reached: ${CLINICAL_THRESHOLDS_GY.filter((t) => t > topGy).join(', ')} Gy`);
  cy += 4;
  out.push(rect(x, cy - 10, 14, 12, `fill="${UNEXPOSED_SKIN}" stroke="#404040" stroke-width="0.5"`), text(x + 20, cy, 'skin, no dose', { size: 11 }));
  cy += 18;
  out.push(text(x, cy, relativeNote ? 'Isodose lines (relative):' : 'Isodose lines:', { size: 11, bold: true }));
  cy += 16;
  for (const l of levels) {
    out.push(
      line(x, cy - 4, x + 30, cy - 4, `stroke="#000000" stroke-width="${l.widthPx}"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}`),
      text(x + 36, cy, l.label, { size: 11 }),
    );
    cy += 15;
  }
  if (relativeNote) {
    for (const s of relativeNote.split('\n')) note(s);
  }
  cy += 4;
  out.push(
    `<circle cx="${n(x + 7)}" cy="${n(cy - 4)}" r="6" fill="none" stroke="#000000" stroke-width="2"/>`,
    text(x + 20, cy, 'peak skin dose (PSD)', { size: 11 }),
  );
  return { svg: out.join(''), height: cy - y + 10 };
}
