import { createHash } from 'node:crypto';

/**
 * A stable urn:uuid for one resource of one study, so a bundle exported twice names its entries the same way
 * (name-based UUID, RFC 4122 version 5 layout over SHA-1).
 */
export function resourceUrn(studyInstanceUid: string, resourceType: string): string {
  return `urn:uuid:${nameBasedId(`${resourceType}/${studyInstanceUid}`)}`;
}

/** RFC 4122 version 5 layout over SHA-1 of `kerma/<name>`: a valid FHIR id (36 characters), the same each time. */
export function nameBasedId(name: string): string {
  const hash = createHash('sha1').update(`kerma/${name}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** DICOM UIDs are written as urn:oid: URIs in the urn:dicom:uid identifier system. */
export const oidUrn = (uid: string): string => `urn:oid:${uid}`;

/**
 * FHIR dateTime of a DICOM local date-time. A time needs a UTC offset in FHIR and DICOM reports rarely give one, so
 * only the date is kept then (an assumption the export states rather than inventing an offset).
 */
export function fhirDate(localDateTime: string | null): string | null {
  if (localDateTime === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(localDateTime);
  return match ? match[1] : null;
}
