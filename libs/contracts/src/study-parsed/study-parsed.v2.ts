import { z } from 'zod';
import type { Procedure } from '@kerma/rdsr';
import { defineContract } from '../contract';
import { patientKeyRef } from '../common/fields';
import { patientIdDigest } from '../common/patient-key';
import { procedurePatientSchema, procedureSchema } from '../common/procedure.schema';
import type { PatientIdentityV1 } from '../patient-identity/patient-identity.v1';
import { studyParsedV1Schema, type StudyParsedV1 } from './study-parsed.v1';

/**
 * The patient module of the procedure as v2 carries it: no id, no issuer (kerma.patient-identity.v1
 * carries them to the consumers that need them), no name (never filled since the parser drops it) and
 * no birth date (every consumer needs the age at the study only, which stays). Strict, so a producer
 * that still passes any of them fails instead of sending it.
 */
export const studyPatientV2Schema = procedurePatientSchema.omit({ id: true, issuerOfId: true, name: true, birthDate: true }).strict();

/** The study's patient: the key, and the digest of the id skin-dose checks FHIR subjects against (patientIdDigest). */
export const studyPatientRefV2 = patientKeyRef
  .extend({
    idDigest: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
  })
  .strict();

export const studyParsedV2Schema = studyParsedV1Schema.extend({
  patient: studyPatientRefV2,
  procedure: procedureSchema.extend({ patient: studyPatientV2Schema }),
});

/** The patient fields of the rdsr model that v2 leaves off the wire. */
type LeftOff = 'id' | 'issuerOfId' | 'name' | 'birthDate';

/** The rdsr model's Procedure without the fields v2 leaves off the wire. */
export type ProcedureV2 = Omit<Procedure, 'patient'> & { readonly patient: Omit<Procedure['patient'], LeftOff> };
export type StudyParsedV2 = Omit<z.infer<typeof studyParsedV2Schema>, 'procedure'> & { procedure: ProcedureV2 };

export const StudyParsedV2 = defineContract<StudyParsedV2>({
  name: 'study.parsed',
  version: 2,
  description:
    'The normalized procedure of a study (patient, study, device, per-plane totals, irradiation events), re-sent whole whenever a report of the study arrives. Unlike v1, the patient is named by key only (with a digest of the id for FHIR subject checks): no patient id, issuer, birth date or name; the age at the study, sex, size and weight stay. The id and issuer travel on kerma.patient-identity.v1.',
  schema: studyParsedV2Schema,
  key: (p) => p.patient.key,
});

/** The v2 procedure of a v1 message (or of the parser's model): id, issuer, name and birth date left out. */
export function procedureV2Of(procedure: Procedure): ProcedureV2 {
  const { id: _id, issuerOfId: _issuer, name: _name, birthDate: _birthDate, ...patient } = procedure.patient;
  return { ...procedure, patient };
}

/** A v1 message (still on the topic during a rolling upgrade) as v2, so consumers handle one shape. */
export function studyParsedV2Of(v1: StudyParsedV1): StudyParsedV2 {
  return {
    ...v1,
    patient: { key: v1.patient.key, idDigest: patientIdDigest(v1.site, v1.patient.id) },
    procedure: procedureV2Of(v1.procedure),
  };
}

/**
 * The identity a v1 message carried, as kerma.patient-identity.v1 carries it now: consumers that need
 * the id read a v1 message as both (a rolling upgrade).
 */
export function patientIdentityOf(v1: StudyParsedV1): PatientIdentityV1 {
  return {
    eventId: v1.eventId,
    occurredAt: v1.occurredAt,
    site: v1.site,
    studyInstanceUid: v1.studyInstanceUid,
    studyRevision: v1.studyRevision,
    patient: v1.patient,
  };
}

/**
 * The rdsr model's Procedure for code that takes one (dose figures, the engine): what v2 does not
 * carry is unknown, so null.
 */
export function procedureOf(event: StudyParsedV2): Procedure {
  return { ...event.procedure, patient: { ...event.procedure.patient, id: null, issuerOfId: null, name: null, birthDate: null } };
}
