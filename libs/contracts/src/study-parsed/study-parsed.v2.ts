import type { z } from 'zod';
import type { Procedure } from '@kerma/rdsr';
import { defineContract } from '../contract';
import { procedurePatientSchema, procedureSchema } from '../common/procedure.schema';
import { studyParsedV1Schema, type StudyParsedV1 } from './study-parsed.v1';

/**
 * The patient module of the procedure as v2 carries it: no name (never filled since the parser
 * drops it) and no birth date (every consumer needs the age at the study only, which stays).
 * Strict, so a producer that still passes either fails instead of sending it.
 */
export const studyPatientV2Schema = procedurePatientSchema.omit({ name: true, birthDate: true }).strict();

export const studyParsedV2Schema = studyParsedV1Schema.extend({
  procedure: procedureSchema.extend({ patient: studyPatientV2Schema }),
});

/** The rdsr model's Procedure without the fields v2 leaves off the wire. */
export type ProcedureV2 = Omit<Procedure, 'patient'> & { readonly patient: Omit<Procedure['patient'], 'name' | 'birthDate'> };
export type StudyParsedV2 = Omit<z.infer<typeof studyParsedV2Schema>, 'procedure'> & { procedure: ProcedureV2 };

export const StudyParsedV2 = defineContract<StudyParsedV2>({
  name: 'study.parsed',
  version: 2,
  description:
    "The normalized procedure of a study (patient, study, device, per-plane totals, irradiation events), re-sent whole whenever a report of the study arrives. Unlike v1, the procedure's patient module carries no birth date and no name (the age at the study stays).",
  schema: studyParsedV2Schema,
  key: (p) => p.patient.key,
});

/** The v2 procedure of a v1 message (or of the parser's model): name and birth date left out. */
export function procedureV2Of(procedure: Procedure): ProcedureV2 {
  const { name: _name, birthDate: _birthDate, ...patient } = procedure.patient;
  return { ...procedure, patient };
}

/** A v1 message (still on the topic during a rolling upgrade) as v2, so consumers handle one shape. */
export function studyParsedV2Of(v1: StudyParsedV1): StudyParsedV2 {
  return { ...v1, procedure: procedureV2Of(v1.procedure) };
}

/**
 * The rdsr model's Procedure for code that takes one (dose figures, the engine): what v2 does not
 * carry is unknown, so null.
 */
export function procedureOf(event: StudyParsedV2): Procedure {
  return { ...event.procedure, patient: { ...event.procedure.patient, name: null, birthDate: null } };
}
