import { IDENTIFIER_TYPE, MODALITY, PROFILE, SYSTEM } from './codes';
import { fhirDate, oidUrn } from './ids';
import { patientReference } from './references';
import type { FhirStudyInput } from './study-input';

/** A FHIR resource as plain JSON. */
export type FhirResource = { readonly resourceType: string } & Readonly<Record<string, unknown>>;

/** The ImagingStudy identifier the IG asks for on the study and on every reference to it. */
export function studyIdentifier(studyInstanceUid: string) {
  return { type: { coding: [IDENTIFIER_TYPE.studyInstanceUid] }, system: SYSTEM.dicomUid, value: oidUrn(studyInstanceUid) };
}

/**
 * Patient by identifier only: no name, no birth date. The DICOM Issuer of Patient ID becomes the identifier system
 * when it is a URI or an OID; a local issuer name is not a URI, so it is named as the assigner instead.
 */
export function patientResource(patient: FhirStudyInput['patient']): FhirResource | null {
  if (patient.id === null) return null;
  return { resourceType: 'Patient', identifier: [{ ...issuerOf(patient.issuer), value: patient.id }] };
}

function issuerOf(issuer: string | null): { system?: string; assigner?: { display: string } } {
  if (issuer === null) return {};
  if (/^[0-2](\.(0|[1-9]\d*))+$/.test(issuer)) return { system: oidUrn(issuer) };
  if (/^[a-z][a-z0-9+.-]*:\S+$/i.test(issuer)) return { system: issuer };
  return { assigner: { display: issuer } };
}

export function deviceResource(input: Pick<FhirStudyInput, 'device' | 'kind'>): FhirResource | null {
  const device = input.device;
  if (device === null) return null;
  const names = [
    device.manufacturer === null ? null : { name: device.manufacturer, type: 'manufacturer-name' },
    device.modelName === null ? null : { name: device.modelName, type: 'model-name' },
    device.stationName === null ? null : { name: device.stationName, type: 'user-friendly-name' },
  ].filter((n) => n !== null);
  return {
    resourceType: 'Device',
    meta: { profile: [PROFILE.modalityDevice] },
    ...(device.manufacturer === null ? {} : { manufacturer: device.manufacturer }),
    ...(names.length > 0 ? { deviceName: names } : {}),
    ...(deviceModality(input.kind) ?? {}),
  };
}

/** CID 33 modality when the kind tells it; a projection X-ray report does not say XA, RF or DX, so none is claimed. */
function deviceModality(kind: FhirStudyInput['kind']) {
  if (kind === 'ct') return { type: { coding: [MODALITY.ct] } };
  if (kind === 'mammography') return { type: { coding: [MODALITY.mammography] } };
  return null;
}

export function imagingStudyResource(input: FhirStudyInput, patientUrn: string | null): FhirResource {
  const started = fhirDate(input.studyDateTime);
  const modality = input.kind === 'ct' ? MODALITY.ct : input.kind === 'mammography' ? MODALITY.mammography : null;
  return {
    resourceType: 'ImagingStudy',
    identifier: [studyIdentifier(input.studyInstanceUid)],
    status: 'available',
    ...(modality === null ? {} : { modality: [modality] }),
    subject: patientReference(patientUrn),
    ...(started === null ? {} : { started }),
  };
}
