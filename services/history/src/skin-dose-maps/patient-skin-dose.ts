import { accumulateStudyMaps, decodeDoseGrid, checkMapFitsSurface, type CumulativeSkinDose, type MapSurface, type StudySkinDose } from '@kerma/dosimetry';
import type { StudyRecord } from '../persistence/study-record.entity';
import { studyTime } from '../patients/dose-history';
import type { StudySkinDoseMap } from './study-skin-dose-map.entity';

/** Why a study in the window has no PSD, from its stage states (never a dose of 0). */
function unknownReason(r: StudyRecord): string {
  if (r.skinDoseState === 'failed') {
    const failure = [...r.failures].reverse().find((f) => f.stage === 'skin-dose') ?? r.failures.at(-1);
    return `skin-dose calculation failed${failure ? `: ${failure.message}` : ''}`;
  }
  if (r.parsedState === 'failed') return 'the report could not be parsed';
  if (r.parsedState === 'pending') return 'report not parsed yet';
  return 'skin dose not calculated yet';
}

/** The study's map when it belongs to the calculation whose figures history shows; null otherwise. */
function mapOf(r: StudyRecord, row: StudySkinDoseMap | undefined): { surface: MapSurface; doseGy: Float32Array } | null {
  if (!row || !row.surface || !row.doseGrid || !r.skinDose || row.studyRevision !== r.skinDose.studyRevision) return null;
  checkMapFitsSurface(row.surface, row.widthCells!, row.heightCells!);
  return { surface: row.surface, doseGy: decodeDoseGrid(Buffer.from(row.doseGrid, 'base64'), row.widthCells! * row.heightCells!) };
}

/** What the study's report said of the patient's size: the body its calculation used, unless assumed. */
function reportedBody(r: StudyRecord, map: { surface: MapSurface } | null): { heightM: number | null; massKg: number | null } {
  if (!map || map.surface.kind !== 'human' || !r.skinDose) return { heightM: null, massKg: null };
  const assumed = new Set(r.skinDose.assumptions.map((a) => a.code));
  return {
    heightM: assumed.has('patient-height-assumed') ? null : map.surface.heightM,
    massKg: assumed.has('patient-mass-assumed') ? null : map.surface.massKg,
  };
}

export function studySkinDoseOf(r: StudyRecord, row: StudySkinDoseMap | undefined): StudySkinDose {
  const map = mapOf(r, row);
  const body = reportedBody(r, map);
  return {
    studyInstanceUid: r.studyInstanceUid,
    studyTime: studyTime(r),
    psdGy: r.skinDose?.psdGy ?? null,
    unknownReason: r.skinDose ? undefined : unknownReason(r),
    expandedRelativeK2: r.skinDose ? r.skinDose.expandedUncertaintyPercentK2 / 100 : null,
    map,
    reportedHeightM: body.heightM,
    reportedMassKg: body.massKg,
  };
}

export interface PatientSkinDoseWindow {
  readonly days: number;
  readonly since: string;
  readonly until: string;
}

/** The window counted back from now, and the studies in it (by study date, else arrival). */
export function studiesInWindow(records: readonly StudyRecord[], windowDays: number, now: Date): { window: PatientSkinDoseWindow; inWindow: StudyRecord[] } {
  const window: PatientSkinDoseWindow = { days: windowDays, since: new Date(now.getTime() - windowDays * 86_400_000).toISOString(), until: now.toISOString() };
  return { window, inWindow: records.filter((r) => studyTime(r) >= window.since) };
}

/**
 * The accumulation of the studies' maps (each study's map row, when kept). Studies without a skin dose at
 * all (CT, mammography, radiography) are not part of it: they are neither an unknown nor a zero.
 */
export function patientSkinDose(inWindow: readonly StudyRecord[], maps: ReadonlyMap<string, StudySkinDoseMap>): CumulativeSkinDose {
  const withSkinDose = inWindow.filter((r) => r.skinDoseState !== 'not-applicable');
  return accumulateStudyMaps(withSkinDose.map((r) => studySkinDoseOf(r, maps.get(r.studyInstanceUid))));
}

/** The API shape: figures first, then the studies with their own PSDs, the phantom and the assumptions. */
export function patientSkinDoseView(records: readonly StudyRecord[], window: PatientSkinDoseWindow, c: CumulativeSkinDose, mapUrl: string) {
  const byUid = new Map(records.map((r) => [r.studyInstanceUid, r]));
  return {
    window,
    cumulativePsdGy: c.cumulativePsdGy,
    psdLocation: c.psdLocation && {
      region: c.psdLocation.region,
      mapRow: c.psdLocation.mapRow,
      mapColumn: c.psdLocation.mapColumn,
      positionMm: c.psdLocation.positionMm,
      bodyCoordinates: c.psdLocation.bodyCoordinates,
    },
    peakOfSummedMapGy: c.peakOfSummedMapGy,
    addedWithoutMapGy: c.addedWithoutMapGy,
    sumOfPsdGy: c.sumOfPsdGy,
    interval: c.interval,
    studyCount: c.studies.length,
    studiesWithUnknownPsd: c.studiesWithUnknownPsd,
    studies: c.studies.map((s) => {
      const r = byUid.get(s.studyInstanceUid)!;
      return {
        studyInstanceUid: s.studyInstanceUid,
        site: r.site,
        studyDateTime: r.studyDateTime,
        psdGy: s.psdGy,
        expandedUncertaintyPercentK2: r.skinDose?.expandedUncertaintyPercentK2 ?? null,
        contribution: s.contribution,
        resampled: s.resampled,
        reason: s.reason,
        skinDoseState: r.skinDoseState,
        studyRevision: r.skinDose?.studyRevision ?? null,
      };
    }),
    phantom: {
      kind: c.phantom.surface.kind,
      description: c.phantom.description,
      reason: c.phantom.reason,
      sizedFrom: c.phantom.sizing && {
        height: { valueM: c.phantom.sizing.height.value, studyInstanceUid: c.phantom.sizing.height.studyInstanceUid },
        mass: { valueKg: c.phantom.sizing.mass.value, studyInstanceUid: c.phantom.sizing.mass.studyInstanceUid },
      },
    },
    assumptions: c.assumptions,
    mapUrl: c.doseMap ? mapUrl : null,
  };
}
