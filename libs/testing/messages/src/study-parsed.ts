import { randomUUID } from 'node:crypto';
import { patientKey, type StudyParsedV1 } from '@kerma/contracts';
import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec, type ProcedureSpecOptions } from '@kerma/testing';

export interface StudyParsedMessageOptions {
  readonly site: string;
  /** The patient the report names, and so the message. */
  readonly patient: { readonly id: string; readonly issuer: string | null };
  /** The generated report the parser reads (seed, events, event doses, other patient fields …). */
  readonly report?: Partial<ProcedureSpecOptions>;
}

/**
 * The study.parsed v1 message of a new study made of one generated report, its procedure read by the real
 * parser: what a parser before v2 published (the birth date included).
 */
export function studyParsedV1Message({ site, patient, report = {} }: StudyParsedMessageOptions): StudyParsedV1 {
  const spec = procedureSpec({ ...report, patient: { ...report.patient, id: patient.id, issuerOfId: patient.issuer } });
  const outcome = parseDoseReport(generateRdsr(spec));
  if (!outcome.ok) throw new Error(outcome.error.message);
  const { studyInstanceUid, sopInstanceUid } = spec.study;
  return {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    site,
    studyInstanceUid,
    patient: { ...patient, key: patientKey({ site, patientId: patient.id, issuer: patient.issuer, studyInstanceUid }) },
    triggeringSopInstanceUid: sopInstanceUid,
    relation: 'new-study',
    studyRevision: 1,
    sopInstanceUids: [sopInstanceUid],
    procedure: outcome.procedure,
  };
}
