import { createHash } from 'node:crypto';

/**
 * The message key of every event about a patient. Hashing keeps patient ids out of Kafka keys and
 * partition logs; including site and issuer keeps two hospitals' "12345" apart. Studies without a
 * patient id fall back to the study UID, so their events still stay in order.
 */
export function patientKey(input: { site: string; patientId: string | null; issuer: string | null; studyInstanceUid: string }): string {
  const id = input.patientId?.trim();
  const material = id ? `patient|${input.site}|${input.issuer?.trim() ?? ''}|${id}` : `study|${input.studyInstanceUid}`;
  return createHash('sha256').update(material).digest('hex');
}
