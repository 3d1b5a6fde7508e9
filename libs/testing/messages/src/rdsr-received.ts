import { randomUUID } from 'node:crypto';
import { patientKey, type RdsrReceivedV1 } from '@kerma/contracts';

const XRAY_RDSR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.67';

export interface RdsrReceivedMessageOptions {
  readonly site: string;
  readonly sopInstanceUid: string;
  readonly studyInstanceUid?: string;
  /** The same patient (and site) for every message: one key, so one partition. */
  readonly patientId?: string;
}

/**
 * An rdsr.received v1 message announcing an X-Ray RDSR that no archive holds (its digest and retrieve URL lead
 * nowhere): for transport tests, whose consumers never fetch the object.
 */
export function rdsrReceivedV1Message({ site, sopInstanceUid, studyInstanceUid = '1.2.3', patientId = 'P' }: RdsrReceivedMessageOptions): RdsrReceivedV1 {
  const now = new Date().toISOString();
  return {
    eventId: randomUUID(),
    occurredAt: now,
    objectId: randomUUID(),
    site,
    sopClassUid: XRAY_RDSR_SOP_CLASS,
    sopInstanceUid,
    studyInstanceUid,
    patient: { id: patientId, issuer: null, key: patientKey({ site, patientId, issuer: null, studyInstanceUid }) },
    sha256: 'c'.repeat(64),
    sizeBytes: 1,
    source: 'stow',
    receivedAt: now,
    retrieveUrl: 'http://ingest/api/v1/instances/x/file',
  };
}
