import { SYSTEM } from './codes';

/** The data-absent-reason extension: the element is required, its value is not known. */
export const absent = () => ({ extension: [{ url: SYSTEM.dataAbsentReason, valueCode: 'unknown' }] });

/** The subject, or when the report names no patient id a Patient reference that says so (R4 requires one). */
export function patientReference(patientUrn: string | null) {
  return patientUrn === null ? { type: 'Patient', ...absent() } : { reference: patientUrn, type: 'Patient' };
}
