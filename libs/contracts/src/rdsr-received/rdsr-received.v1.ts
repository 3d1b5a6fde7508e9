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
  /** Where consumers fetch the original bytes (ingest's retrieve endpoint). */
  retrieveUrl: z.string().url(),
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
