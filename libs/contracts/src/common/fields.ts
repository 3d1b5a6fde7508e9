import { z } from 'zod';

export const dicomUid = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'not a DICOM UID');

export const isoDateTime = z.string().datetime({ offset: true });

export const site = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'site ids are letters, digits, . _ -');

/** Every event carries its own id (for idempotent consumers) and the time it was produced. */
export const eventMeta = {
  eventId: z.string().uuid(),
  occurredAt: isoDateTime,
};

/** Patient reference as it travels between services: no name. */
export const patientRef = z.object({
  id: z.string().nullable(),
  issuer: z.string().nullable(),
  /** Stable pseudonymous key: sha256(site | issuer | id), or of the study UID when there is no patient id. */
  key: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PatientRef = z.infer<typeof patientRef>;

/**
 * The patient as events reach consumers that only group a patient's data: the pseudonymous key, no id
 * and no issuer. Strict, so a producer that still passes the id fails instead of sending it.
 */
export const patientKeyRef = z
  .object({
    key: patientRef.shape.key,
  })
  .strict();
export type PatientKeyRef = z.infer<typeof patientKeyRef>;
