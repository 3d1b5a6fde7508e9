import { patientIdDigest, procedureOf, type StudyParsedV2 } from '@kerma/contracts';
import type { Procedure } from '@kerma/rdsr';

/** The digest skin-dose compares FHIR subjects with; computed by the parser for study.parsed.v2 (libs/contracts). */
export { patientIdDigest };

/**
 * The patient as skin-dose keeps it: the key, and a site-scoped digest of the bare patient id so a FHIR
 * Observation naming another patient is still refused. Neither is the id, and the issuer is not kept.
 */
export interface StoredPatient {
  readonly key: string;
  /** null: the study had no patient id. */
  readonly idDigest: string | null;
}

/**
 * What skin-dose stores of a study.parsed message to recompute later: the procedure (v2 carries no patient
 * id, issuer, name or birth date; the engine needs size, weight, sex and age only) and the patient as key
 * and id digest, both as the message brought them.
 */
export function storedStudyInput(event: StudyParsedV2): { patient: StoredPatient; procedure: Procedure } {
  return { patient: { key: event.patient.key, idDigest: event.patient.idDigest }, procedure: procedureOf(event) };
}
