import type { Procedure } from '@kerma/rdsr';
import type { StudyDoseFigures } from '../study-dose-figures';

/**
 * The dose figures DRL analytics compares, one entry each: a new metric is one more entry here, and
 * the narrow table, the SQL, the exports and the DRL table validation follow from it.
 */
export type DrlFigures = Pick<StudyDoseFigures, 'dapTotalGyCm2' | 'doseRpTotalGy' | 'fluoroTimeTotalS' | 'ct' | 'mammography' | 'nuclearMedicine'>;

export interface DrlMetric {
  readonly id: string;
  readonly label: string;
  /** The unit every value of the metric is stored, compared and exported in. */
  readonly unit: string;
  /** The study's values of the metric (none when the report does not give it: unknown is not 0). */
  readonly values: (figures: DrlFigures) => readonly number[];
}

const known = (v: number | null | undefined): number[] => (v === null || v === undefined ? [] : [v]);

export const DRL_METRICS = [
  { id: 'dlp', label: 'DLP per examination', unit: 'mGy·cm', values: (f) => known(f.ct?.dlpTotalMGyCm) },
  // DRLs give CTDIvol per sequence; the study's highest is the one a survey compares.
  { id: 'ctdivol', label: 'CTDIvol (highest sequence)', unit: 'mGy', values: (f) => known(f.ct?.ctdiVolMaxMGy) },
  { id: 'kap', label: 'Kerma-area product', unit: 'Gy·cm²', values: (f) => (f.ct ? [] : known(f.dapTotalGyCm2)) },
  { id: 'kar', label: 'Air kerma at the reference point', unit: 'Gy', values: (f) => (f.ct ? [] : known(f.doseRpTotalGy)) },
  { id: 'fluoro-time', label: 'Fluoroscopy time', unit: 's', values: (f) => (f.ct ? [] : known(f.fluoroTimeTotalS)) },
  // One value per breast: mammography DRLs are per breast (or per view), never per study sum.
  { id: 'agd', label: 'Accumulated average glandular dose per breast', unit: 'mGy', values: (f) => f.mammography?.accumulatedAgd.map((a) => a.doseMGy) ?? [] },
  // Σ of the study's administrations, only when each gives its activity: a partial sum would understate the study.
  {
    id: 'activity',
    label: 'Administered activity (nuclear medicine)',
    unit: 'MBq',
    values: (f) => (f.nuclearMedicine?.administrationsWithoutActivity === 0 ? known(f.nuclearMedicine.administeredActivityTotalMBq) : []),
  },
] as const satisfies readonly DrlMetric[];

export type DrlMetricId = (typeof DRL_METRICS)[number]['id'];
export const DRL_METRIC_IDS: readonly DrlMetricId[] = DRL_METRICS.map((m) => m.id);

export function drlMetric(id: string): DrlMetric | undefined {
  return DRL_METRICS.find((m) => m.id === id);
}

export interface DrlObservation {
  readonly metric: DrlMetricId;
  readonly value: number;
}

export function drlObservations(figures: DrlFigures): DrlObservation[] {
  return DRL_METRICS.flatMap((m) => m.values(figures).map((value) => ({ metric: m.id, value })));
}

/** What a study is grouped by and filtered on in DRL analytics. */
export interface DrlStudyContext {
  /**
   * The study description; else the single CT protocol; null when neither names the examination. For nuclear
   * medicine, the description and the radiopharmaceutical(s) joined by ' · ' (NM reference levels are per
   * examination and radiopharmaceutical), or whichever of the two the report gives.
   */
  readonly procedure: string | null;
  /** The target regions the report names, in order, joined by ' + '; null when none. */
  readonly bodyRegion: string | null;
  readonly weightKg: number | null;
}

export function drlStudyContext(procedure: Pick<Procedure, 'study' | 'patient' | 'ct' | 'events' | 'nuclearMedicine'>): DrlStudyContext {
  const description = procedure.study.description?.trim() || null;
  const ctProtocols = [...new Set((procedure.ct?.acquisitions ?? []).map((a) => a.protocol).filter((p): p is string => !!p))];
  const regions = [...(procedure.ct?.acquisitions ?? []), ...procedure.events].map((x) => x.targetRegion?.meaning).filter((r): r is string => !!r);
  const distinct = [...new Set(regions)].sort();
  return {
    procedure: procedure.nuclearMedicine
      ? nuclearMedicineProcedure(description, procedure.nuclearMedicine)
      : description || (ctProtocols.length === 1 ? ctProtocols[0] : null),
    bodyRegion: distinct.length ? distinct.join(' + ') : null,
    weightKg: procedure.patient.weightKg?.value ?? null,
  };
}

/** TID 10021 names no imaged region (an administration's site is where it was injected), so NM has no body region. */
function nuclearMedicineProcedure(description: string | null, nm: NonNullable<Procedure['nuclearMedicine']>): string | null {
  const agents = [...new Set(nm.administrations.map((a) => (a.agent?.meaning ?? a.agentText)?.trim()).filter((a): a is string => !!a))].sort();
  const parts = [description, agents.length ? agents.join(' + ') : null].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' · ') : null;
}
