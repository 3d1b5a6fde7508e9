import type { StudyRecord } from '../persistence/study-record.entity';

export interface DoseHistorySums {
  readonly studyCount: number;
  readonly doseRpTotalGy: number;
  readonly dapTotalGyCm2: number;
  readonly fluoroTimeTotalS: number;
  /** Σ of per-study PSDs: conservative, as if every peak fell on the same skin. */
  readonly psdSumGy: number;
  /** Studies in the window whose figures were not available (not parsed, or no skin dose). */
  readonly studiesWithoutTotals: number;
  readonly studiesWithoutSkinDose: number;
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
      psdGy: r.skinDose?.psdGy ?? null,
      alerts: r.alerts.map((a) => ({ metric: a.metric, level: a.level, measured: a.measured })),
      status: { parsed: r.parsedState, skinDose: r.skinDoseState },
    })),
  };
}

function studyTime(r: StudyRecord): string {
  return toIso(r.studyDateTime) ?? r.receivedAt ?? r.updatedAt;
}

/** Study date-times are local DICOM times written as ISO without zone; compare them as UTC. */
function toIso(local: string | null): string | null {
  if (!local) return null;
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(local) ? local : `${local}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function sums(records: readonly StudyRecord[]): DoseHistorySums {
  const add = (pick: (r: StudyRecord) => number | null | undefined) => records.reduce((s, r) => s + (pick(r) ?? 0), 0);
  return {
    studyCount: records.length,
    doseRpTotalGy: add((r) => r.totals?.doseRpTotalGy),
    dapTotalGyCm2: add((r) => r.totals?.dapTotalGyCm2),
    fluoroTimeTotalS: add((r) => r.totals?.fluoroTimeTotalS),
    psdSumGy: add((r) => r.skinDose?.psdGy),
    studiesWithoutTotals: records.filter((r) => !r.totals).length,
    studiesWithoutSkinDose: records.filter((r) => !r.skinDose).length,
  };
}
