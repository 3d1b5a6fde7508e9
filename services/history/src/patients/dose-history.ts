import { peakSkinDoseFigure, sumKnown } from '@kerma/dose-figures';
import type { StudyRecord } from '../persistence/study-record.entity';

/** A sum over studies, null when no study reported the figure; `missing` counts the studies without it. */
export interface Sum {
  readonly value: number | null;
  readonly missing: number;
}

export interface DoseHistorySums {
  readonly studyCount: number;
  readonly doseRpTotalGy: Sum;
  readonly dapTotalGyCm2: Sum;
  readonly fluoroTimeTotalS: Sum;
  /**
   * Σ of per-study PSDs, as if every peak fell on the same skin: never below the peak of the summed maps (each
   * PSD is itself an estimate). `missing` counts the studies whose PSD is unknown (not computed yet),
   * `notApplicable` those without a skin dose at all (CT, …).
   */
  readonly psdSumGy: Sum & { readonly notApplicable: number };
}

/**
 * A patient's cumulative dose: all time, and over the recent window physicians use to sum doses to
 * the same skin (NCRP 168 / SIR commonly cite 60 days). The window is counted back from `now` using
 * each study's date (its arrival time when the report gives none).
 */
export function doseHistory(records: readonly StudyRecord[], windowDays: number, now: Date) {
  const sorted = [...records].sort((a, b) => studyTime(a).localeCompare(studyTime(b)));
  const since = new Date(now.getTime() - windowDays * 86_400_000).toISOString();
  return {
    window: { days: windowDays, since, sums: sums(sorted.filter((r) => studyTime(r) >= since)) },
    allTime: sums(sorted),
    studies: sorted.map((r) => ({
      studyInstanceUid: r.studyInstanceUid,
      site: r.site,
      studyDateTime: r.studyDateTime,
      device: r.device,
      doseRpTotalGy: r.totals?.doseRpTotalGy ?? null,
      dapTotalGyCm2: r.totals?.dapTotalGyCm2 ?? null,
      fluoroTimeTotalS: r.totals?.fluoroTimeTotalS ?? null,
      peakSkinDose: peakSkinDoseFigure(r.skinDoseApplicability, r.skinDose),
      alerts: r.alerts.map((a) => ({ metric: a.metric, level: a.level, measured: a.measured })),
      status: { parsed: r.parsedState, skinDose: r.skinDoseState },
    })),
  };
}

/** When a study happened: its date, else its arrival. */
export function studyTime(r: StudyRecord): string {
  return toIso(r.studyDateTime) ?? r.receivedAt ?? r.updatedAt;
}

/** Study date-times are local DICOM times written as ISO without zone; compare them as UTC. */
function toIso(local: string | null): string | null {
  if (!local) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(local) ? local : `${local}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function sums(records: readonly StudyRecord[]): DoseHistorySums {
  return {
    studyCount: records.length,
    doseRpTotalGy: sumOf(records, (r) => r.totals?.doseRpTotalGy),
    dapTotalGyCm2: sumOf(records, (r) => r.totals?.dapTotalGyCm2),
    fluoroTimeTotalS: sumOf(records, (r) => r.totals?.fluoroTimeTotalS),
    psdSumGy: psdSum(records),
  };
}

/** A study without a figure is counted as missing, never as zero dose. */
function sumOf(records: readonly StudyRecord[], pick: (r: StudyRecord) => number | null | undefined): Sum {
  const { value, unknown } = sumKnown(records.map(pick));
  return { value, missing: unknown };
}

function psdSum(records: readonly StudyRecord[]): DoseHistorySums['psdSumGy'] {
  const figures = records.map((r) => peakSkinDoseFigure(r.skinDoseApplicability, r.skinDose));
  const applicable = figures.filter((f) => f.status !== 'not-applicable');
  const { value, unknown } = sumKnown(applicable.map((f) => f.psdGy));
  return { value, missing: unknown, notApplicable: figures.length - applicable.length };
}
