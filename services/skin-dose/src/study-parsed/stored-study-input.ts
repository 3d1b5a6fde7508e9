import { createHash } from 'node:crypto';
import { procedureOf, type StudyParsedV2 } from '@kerma/contracts';
import type { Procedure } from '@kerma/rdsr';

/**
 * The patient as skin-dose keeps it: the key, and a site-scoped digest of the bare patient id so a FHIR
 * Observation naming another patient is still refused. Neither is the id, and the issuer is not kept.
 */
export interface StoredPatient {
  readonly key: string;
  /** null: the study had no patient id. */
  readonly idDigest: string | null;
}

/** The digest of a patient id at a site, as stored and as computed for an Observation's subject. */
export function patientIdDigest(site: string, patientId: string | null): string | null {
  const id = patientId?.trim();
  return id ? createHash('sha256').update(`patient-id|${site}|${id}`).digest('hex') : null;
}

/**
 * What skin-dose stores of a study.parsed message to recompute later: the procedure without patient id,
 * issuer, name or birth date (the engine needs size, weight, sex and age only) and the patient as key.
 */
export function storedStudyInput(event: StudyParsedV2): { patient: StoredPatient; procedure: Procedure } {
  const procedure = procedureOf(event);
  return {
    patient: { key: event.patient.key, idDigest: patientIdDigest(event.site, event.patient.id) },
    procedure: { ...procedure, patient: { ...procedure.patient, id: null, issuerOfId: null } },
  };
}
