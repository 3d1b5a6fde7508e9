/**
 * The example skin-dose maps of docs/dosimetry.md, from generated reports only (never from real samples):
 *   node tools/run-ts.js tools/generate-map-examples.ts [outDir]
 * writes docs/skin-dose-map-example.svg (a study) and, when outDir is given, also the cumulative map and
 * PNG copies there (for looking at; PNGs are not committed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  accumulateStudyMaps,
  computeSkinDose,
  cumulativeMapFigure,
  mapSurfaceOf,
  presentSkinDoseResult,
  renderSkinDoseMapSvg,
  studyMapContextOf,
  studyMapFigure,
} from '@kerma/dosimetry';
import { DEFAULT_MAP_FONT_FILE, svgToPng } from '@kerma/platform';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';

/** A long Siemens-flavour procedure with the event doses scaled so the PSD passes the clinical thresholds. */
function procedure(seed: number, day: string, doseScale: number): Procedure {
  const spec = procedureSpec({
    vendor: 'siemens',
    events: 120,
    seed,
    study: { date: day },
    mapEvent: (e) => ({ ...e, doseRpGy: e.doseRpGy === null ? null : e.doseRpGy * doseScale, dapGyM2: e.dapGyM2 === null ? null : e.dapGyM2 * doseScale }),
  });
  const parsed = parseDoseReport(generateRdsr(spec));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.procedure;
}

function main(): void {
  const outDir = process.argv[2];
  const first = procedure(11, '20261104', 9);
  const second = procedure(12, '20261118', 5);
  const results = [first, second].map((p) => computeSkinDose(p, { phantom: 'human' }));
  const study = renderSkinDoseMapSvg(studyMapFigure({ ...presentSkinDoseResult(results[0]), doseMap: results[0].doseMap }, studyMapContextOf(first)));
  writeFileSync(join(__dirname, '..', 'docs', 'skin-dose-map-example.svg'), study);
  if (!outDir) return;
  const cumulative = accumulateStudyMaps(
    [first, second].map((p, i) => ({
      studyInstanceUid: p.study.studyInstanceUid,
      studyTime: p.study.studyDateTime!,
      psdGy: results[i].psdGy,
      expandedRelativeK2: results[i].uncertainty.expandedRelative,
      map: { surface: mapSurfaceOf(results[i], {}), doseGy: results[i].doseMap!.doseGy },
      reportedHeightM: results[i].phantom.heightM,
      reportedMassKg: results[i].phantom.massKg,
    })),
  );
  const cumulativeSvg = renderSkinDoseMapSvg(cumulativeMapFigure(cumulative, { days: 60, since: '2026-10-02T00:00:00Z', until: '2026-12-01T00:00:00Z' }));
  mkdirSync(outDir, { recursive: true });
  for (const [name, svg] of [
    ['study', study],
    ['cumulative', cumulativeSvg],
  ] as const) {
    writeFileSync(join(outDir, `${name}.svg`), svg);
    writeFileSync(join(outDir, `${name}.png`), svgToPng(svg, DEFAULT_MAP_FONT_FILE));
  }
}

main();
