import { z } from 'zod';
import { defineContract } from '../contract';
import { patientKeyRef } from '../common/fields';
import { skinDoseCalculatedShapeV1Schema, skinDoseNotApplicableShapeV1Schema, type SkinDoseCalculatedV1 } from './skin-dose-calculated.v1';

/**
 * v2 is v1 with the patient reduced to its key: history and notification know the study's patient
 * from study.parsed (by study UID), so the skin dose needs no patient id or issuer on the wire.
 */
export const skinDoseCalculatedShapeV2Schema = skinDoseCalculatedShapeV1Schema.extend({ patient: patientKeyRef });
export const skinDoseNotApplicableShapeV2Schema = skinDoseNotApplicableShapeV1Schema.extend({ patient: patientKeyRef });

export const skinDoseCalculatedV2Schema = z.union([skinDoseCalculatedShapeV2Schema, skinDoseNotApplicableShapeV2Schema]);
export type SkinDoseCalculatedV2 = z.infer<typeof skinDoseCalculatedV2Schema>;
export type SkinDoseCalculatedShapeV2 = z.infer<typeof skinDoseCalculatedShapeV2Schema>;
export type SkinDoseNotApplicableV2 = z.infer<typeof skinDoseNotApplicableShapeV2Schema>;

export const SkinDoseCalculatedV2 = defineContract<SkinDoseCalculatedV2>({
  name: 'skin-dose.calculated',
  version: 2,
  description:
    'Peak skin dose and key skin-dose figures of one study, with uncertainty, assumptions and the geometry profile used; or, with status not-applicable, why the study has no skin dose. The patient is named by its pseudonymous key only (v1 also carried the patient id and issuer).',
  schema: skinDoseCalculatedV2Schema,
  key: (p) => p.patient.key,
});

/**
 * A v1 message (still on the topic during a rolling upgrade) as v2: its patient id and issuer are
 * dropped, so consumers handle one shape and keep no identity from this topic.
 */
export function skinDoseCalculatedV2Of(v1: SkinDoseCalculatedV1): SkinDoseCalculatedV2 {
  return { ...v1, patient: { key: v1.patient.key } };
}
