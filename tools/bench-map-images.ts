/**
 * Map image benchmark (not a test): a 120-event Siemens-flavour study on the human phantom at 10 and 5 mm
 * cells, rendered as SVG (libs/dosimetry) and PNG (resvg, libs/platform), median of 10 renderings. Prints
 * figures for docs/performance.md. Run from the repository root: node tools/run-ts.js tools/bench-map-images.ts
 */
import { computeSkinDose, renderSkinDoseMapSvg, studyMapFigure, studyMapContextOf } from '@kerma/dosimetry';
import { DEFAULT_MAP_FONT_FILE, svgToPng } from '@kerma/platform';
import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
const parsed = parseDoseReport(generateRdsr(procedureSpec({ vendor: 'siemens', events: 120, seed: 11 })));
if (!parsed.ok) throw new Error(parsed.error.message);
for (const cellSizeMm of [10, 5]) {
  const r = computeSkinDose(parsed.procedure, { phantom: 'human', cellSizeMm });
  const fig = studyMapFigure(r, studyMapContextOf(parsed.procedure));
  const svgMs: number[] = [];
  const pngMs: number[] = [];
  let svg = '';
  let png: Uint8Array = new Uint8Array();
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    svg = renderSkinDoseMapSvg(fig);
    svgMs.push(performance.now() - t);
    t = performance.now();
    png = svgToPng(svg, DEFAULT_MAP_FONT_FILE);
    pngMs.push(performance.now() - t);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1].toFixed(1);
  console.log(
    `${cellSizeMm} mm: SVG ${med(svgMs)} ms median (${(svg.length / 1024).toFixed(0)} kB), PNG ${med(pngMs)} ms median (${(png.length / 1024).toFixed(0)} kB)`,
  );
}
