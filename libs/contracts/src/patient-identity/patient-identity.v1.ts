import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, patientRef, site } from '../common/fields';

export const patientIdentityV1Schema = z.object({
  ...eventMeta,
  site,
  studyInstanceUid: dicomUid,
  /** The study revision of the study.parsed message published with this one. */
  studyRevision: z.number().int().positive(),
  /** The patient as the study's reports name it: id and issuer (null when the report has none) and the key. */
  patient: patientRef,
});
export type PatientIdentityV1 = z.infer<typeof patientIdentityV1Schema>;

export const PatientIdentityV1 = defineContract<PatientIdentityV1>({
  name: 'patient-identity',
  version: 1,
  description:
    "Who a study's patient is (site, Study Instance UID, patient id, issuer and key), published by the parser with every kerma.study.parsed.v2 message (the identity first, then the study, each study state announced only once both are acknowledged). Only the consumers that show or send the patient id read it; study.parsed.v2 names the patient by key.",
  schema: patientIdentityV1Schema,
  key: (p) => p.patient.key,
});
