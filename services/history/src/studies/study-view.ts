import { peakSkinDoseFigure } from '@kerma/dose-figures';
import type { StudyRecord } from '../persistence/study-record.entity';

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
