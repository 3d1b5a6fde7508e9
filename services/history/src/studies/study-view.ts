import { peakSkinDoseFigure } from '@kerma/dose-figures';
import type { StudyRecord } from '../persistence/study-record.entity';
import type { StudyRecordVersion } from '../persistence/study-record-version.entity';
import { studyFigures, type StudyFigures } from './study-versions';

export type StudyView = ReturnType<typeof studyView>;

/** The API shape of a study record: stages first, so a reader sees at once where a study stands. */
export function studyView(r: StudyRecord) {
  return {
    studyInstanceUid: r.studyInstanceUid,
    site: r.site,
    patient: { id: r.patientId, issuer: r.patientIdIssuer },
    studyDateTime: r.studyDateTime,
    device: r.device,
    status: {
      /** pending | complete | failed: what `GET /api/v1/studies?status=` filters on. */
      overall: r.overallStatus,
      received: { state: r.receivedState, at: r.receivedAt },
      parsed: { state: r.parsedState, at: r.parsedAt },
      skinDose: { state: r.skinDoseState, at: r.skinDose?.calculatedAt ?? null },
      alerts: { count: r.alerts.length },
    },
    reports: r.sopInstanceUids,
    kind: r.kind,
    source: r.doseSource,
    totals: r.totals,
    ct: r.ct,
    mammography: r.mammography,
    nuclearMedicine: r.nuclearMedicine,
    /** The PSD, or null with the reason: not applicable to this kind of procedure, or not computed yet. */
    peakSkinDose: peakSkinDoseFigure(r.skinDoseApplicability, r.skinDose),
    skinDose: r.skinDose,
    alerts: r.alerts,
    failures: r.failures,
    updatedAt: r.updatedAt,
  };
}

export type StudySummary = ReturnType<typeof studySummary>;

/** A study as one line of the study list: enough to choose it, with where to read the rest. */
export function studySummary(r: StudyRecord) {
  return {
    studyInstanceUid: r.studyInstanceUid,
    site: r.site,
    patient: { id: r.patientId, issuer: r.patientIdIssuer },
    studyDateTime: r.studyDateTime,
    kind: r.kind,
    source: r.doseSource,
    device: r.device,
    status: r.overallStatus,
    reportCount: r.sopInstanceUids.length,
    totals: r.totals,
    peakSkinDose: peakSkinDoseFigure(r.skinDoseApplicability, r.skinDose),
    alertCount: r.alerts.length,
    updatedAt: r.updatedAt,
    href: `/api/v1/studies/${r.studyInstanceUid}`,
  };
}

/** One state of a study's figures, with the parser and skin-dose versions that made them. */
export function figuresView(f: StudyFigures) {
  return {
    studyRevision: f.studyRevision,
    parsedAt: f.parsedAt,
    parserVersion: f.parserVersion,
    reports: f.sopInstanceUids,
    kind: f.kind,
    source: f.doseSource,
    totals: f.totals,
    ct: f.ct,
    mammography: f.mammography,
    nuclearMedicine: f.nuclearMedicine,
    peakSkinDose: peakSkinDoseFigure(f.skinDoseApplicability, f.skinDose),
    skinDose: f.skinDose,
  };
}

export type StudyVersionsView = ReturnType<typeof studyVersionsView>;

/** A study's current figures and, oldest first, those that new revisions or recomputations replaced. */
export function studyVersionsView(r: StudyRecord, versions: readonly StudyRecordVersion[]) {
  return {
    studyInstanceUid: r.studyInstanceUid,
    current: figuresView(studyFigures(r)),
    versions: versions.map((v) => ({ replacedAt: v.replacedAt, reason: v.reason, changed: v.changed, ...figuresView(v.figures) })),
  };
}
