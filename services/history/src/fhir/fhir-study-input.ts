import { peakSkinDoseFigure } from '@kerma/dose-figures';
import type { FhirStudyInput } from '@kerma/fhir';
import type { StudyRecord } from '../persistence/study-record.entity';

/** What the FHIR mapping reads of a study record (libs/fhir stays free of the entity). */
export function fhirStudyInput(r: StudyRecord): FhirStudyInput {
  return {
    studyInstanceUid: r.studyInstanceUid,
    patient: { id: r.patientId, issuer: r.patientIdIssuer },
    studyDateTime: r.studyDateTime,
    device: r.device,
    reports: r.sopInstanceUids,
    kind: r.kind,
    figuresFinal: r.parsedState === 'done',
    totals: r.totals,
    ct: r.ct,
    mammography: r.mammography,
    peakSkinDose: peakSkinDoseFigure(r.skinDoseApplicability, r.skinDose),
  };
}
