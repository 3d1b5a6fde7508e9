import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, patientRef, site } from '../common/fields';
import type { Procedure } from '@kerma/rdsr';
import { procedureSchema } from '../common/procedure.schema';

export const studyParsedV1Schema = z.object({
  ...eventMeta,
  site,
  studyInstanceUid: dicomUid,
  patient: patientRef,
  /** The report whose arrival produced this event. */
  triggeringSopInstanceUid: dicomUid,
  /** How that report relates to what was already known of the study. */
  relation: z.enum(['new-study', 'replaces', 'continuation', 'overlap', 'duplicate', 'superseded']),
  /** Grows with every report accepted for the study; a consumer ignores a state older than one it has seen. */
  studyRevision: z.number().int().positive(),
  /** The reports that together make up the study now (superseded ones excluded). */
  sopInstanceUids: z.array(dicomUid).min(1),
  /** The whole study as currently known: events of all current reports, totals summed per plane. */
  procedure: procedureSchema,
  /** The parser that read the reports (PARSER_VERSION of libs/rdsr); absent from older producers. */
  parserVersion: z.string().optional(),
});
/** The model's own (read-only) Procedure type; the schema is proven identical in procedure.schema.check.ts. */
export type StudyParsedV1 = Omit<z.infer<typeof studyParsedV1Schema>, 'procedure'> & { procedure: Procedure };

export const StudyParsedV1 = defineContract<StudyParsedV1>({
  name: 'study.parsed',
  version: 1,
  description:
    'The normalized procedure of a study (patient, study, device, per-plane totals, irradiation events), re-sent whole whenever a report of the study arrives. Superseded by v2 (no birth date): produced by parsers before v2; consumers still read it so messages written before an upgrade are processed.',
  schema: studyParsedV1Schema,
  key: (p) => p.patient.key,
});
