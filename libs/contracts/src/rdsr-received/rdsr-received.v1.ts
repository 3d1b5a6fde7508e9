import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, isoDateTime, patientRef, site } from '../common/fields';

export const rdsrReceivedV1Schema = z.object({
  ...eventMeta,
  /** Ingest's id of the stored object. */
  objectId: z.string().uuid(),
  site,
  sopClassUid: dicomUid,
  sopInstanceUid: dicomUid,
  studyInstanceUid: dicomUid,
  patient: patientRef,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().positive(),
  source: z.enum(['stow', 'c-store', 'import']),
  receivedAt: isoDateTime,
  /**
   * Where consumers fetch the original bytes (ingest's retrieve endpoint). Always present: it is the
   * claim check for an object too large to travel in the event, and what older consumers read.
   */
  retrieveUrl: z.string().url(),
  /**
   * The original bytes themselves, gzip-compressed then base64-encoded, when they fit under ingest's
   * ceiling: a consumer reads them from the event and needs no call to ingest. Absent for a larger
   * object (fetch it at retrieveUrl) and from older producers. They include the patient's name:
   * the topic carries PHI (see docs/decisions/0005-original-bytes-in-the-event.md).
   * Consumers still check them against sha256 and sizeBytes.
   */
  original: z
    .object({
      encoding: z.literal('gzip+base64'),
      data: z
        .string()
        .min(1)
        .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64'),
    })
    .optional(),
  /**
   * Present and true when the object is announced again on purpose, with a new eventId: an operator
   * re-drives it (`kerma reprocess`), or a person replaced its content from quarantine. Consumers read
   * it again although they already did. Added to v1 as an optional field: older producers omit it.
   */
  reprocess: z.boolean().optional(),
});
export type RdsrReceivedV1 = z.infer<typeof rdsrReceivedV1Schema>;

export const RdsrReceivedV1 = defineContract<RdsrReceivedV1>({
  name: 'rdsr.received',
  version: 1,
  description: 'A DICOM object that can carry a dose report was stored durably by ingest and is ready to be read.',
  schema: rdsrReceivedV1Schema,
  key: (p) => p.patient.key,
});
