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

/**
 * A site-scoped digest of the bare patient id (no issuer): what skin-dose keeps to refuse a FHIR
 * Observation whose subject is another patient, without holding the id. The parser sends it on
 * study.parsed.v2 instead of the id; skin-dose computes it for each Observation's subject. null: no id.
 */
export function patientIdDigest(site: string, patientId: string | null): string | null {
  const id = patientId?.trim();
  return id ? createHash('sha256').update(`patient-id|${site}|${id}`).digest('hex') : null;
}
