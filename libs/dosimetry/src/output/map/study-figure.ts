import type { SkinDoseResult } from '../../engine';
import type { SkinDoseMapFigure } from './figure';
import { formatDateTime, formatDose, formatNumber } from './format';

/** What the image says of the study besides the result: the date and the device. Never the patient. */
export interface StudyMapContext {
  readonly studyDateTime: string | null;
  readonly manufacturer: string | null;
  readonly modelName: string | null;
}

/** The study and device of a parsed report (its patient module is deliberately not read). */
export function studyMapContextOf(procedure: {
  readonly study: { readonly studyDateTime: string | null };
  readonly device: { readonly manufacturer: string | null; readonly modelName: string | null };
}): StudyMapContext {
  return { studyDateTime: procedure.study.studyDateTime, manufacturer: procedure.device.manufacturer, modelName: procedure.device.modelName };
}

/** A study's result as the figure needs it; `psdInterval95Gy` is used when the result carries it. */
export type StudyMapResult = Pick<
  SkinDoseResult,
  | 'method'
  | 'psdGy'
  | 'psdLocation'
  | 'areaAtOrAboveCm2'
  | 'uncertainty'
  | 'sanity'
  | 'profile'
  | 'phantom'
  | 'withoutGeometry'
  | 'psdUpperBoundGy'
  | 'algorithmVersion'
  | 'doseMap'
> & { readonly psdInterval95Gy?: { readonly lowerGy: number; readonly upperGy: number } | null };

function intervalText(r: StudyMapResult): string {
  if (r.psdInterval95Gy) return `95 % interval ${formatDose(r.psdInterval95Gy.lowerGy)} – ${formatDose(r.psdInterval95Gy.upperGy)}`;
  return `± ${formatNumber(r.uncertainty.expandedRelative * 100)} % (k = 2)`;
}

function warningsOf(r: StudyMapResult): string[] {
  const w: string[] = [];
  const wg = r.withoutGeometry;
  if (r.method === 'geometry-unavailable') {
    w.push(`ESTIMATE, NOT A MEASURED MAP: no event has a beam geometry (${wg?.eventCount ?? 'all'} events assumed on the same skin at the reference point).`);
    if (r.psdUpperBoundGy !== null)
      w.push(
        `Upper bound ${formatDose(r.psdUpperBoundGy)} (skin at the minimum source–skin distance ${wg ? `${wg.minimumSourceSkinDistanceMm / 10} cm, ${wg.deviceClass} unit` : ''}).`,
      );
  } else if (wg) {
    w.push(
      `Includes an estimate of ${formatDose(wg.estimateGy)} from ${wg.eventCount} event(s) without beam geometry, added at the peak (upper bound ${formatDose(wg.upperBoundGy)}).`,
    );
  }
  if (r.sanity.status === 'suspect') w.push(`SUSPECT INPUT: ${r.sanity.findings.map((f) => f.message).join('; ')}`);
  return w;
}

function deviceText(c: StudyMapContext): string {
  const names = [c.manufacturer, c.modelName].filter((n): n is string => !!n && n.trim() !== '');
  return names.length ? names.join(' ') : 'not given';
}

/** The figure of one study's skin dose. */
export function studyMapFigure(r: StudyMapResult, context: StudyMapContext): SkinDoseMapFigure {
  const a = r.areaAtOrAboveCm2;
  const body = r.phantom.heightM !== null && r.phantom.massKg !== null ? ` ${formatNumber(r.phantom.heightM)} m, ${formatNumber(r.phantom.massKg)} kg` : '';
  return {
    title: r.phantom.kind === 'plane' ? 'Skin dose map (film plane under the patient)' : 'Skin dose map (unrolled phantom skin)',
    map: r.doseMap,
    phantomKind: r.phantom.kind,
    peakGy: r.psdGy,
    peakLabel: r.method === 'geometry-unavailable' ? 'Peak skin dose (PSD), ESTIMATE' : 'Peak skin dose (PSD)',
    peakInterval: intervalText(r),
    psdLocation: r.psdLocation,
    warnings: warningsOf(r),
    details: [
      `PSD location: ${r.psdLocation ? `${r.psdLocation.region} (marked on the map)` : 'not located (no beam geometry)'}`,
      `Skin area ≥ 2 / 3 / 5 / 10 Gy: ${[a.gy2, a.gy3, a.gy5, a.gy10].map(formatNumber).join(' / ')} cm²`,
      `Study date ${formatDateTime(context.studyDateTime)} · device ${deviceText(context)}`,
      `Phantom ${r.phantom.kind}${body}, ${r.phantom.cellSizeMm} mm cells, ${r.phantom.patientPosition}`,
      `Profile ${r.profile.id} ${r.profile.version} (${r.profile.selectedBy}) · algorithm ${r.algorithmVersion}`,
    ],
  };
}
