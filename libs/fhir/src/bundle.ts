import { nameBasedId, resourceUrn } from './ids';
import { radiationDoseSummary } from './radiation-dose-summary';
import { deviceResource, imagingStudyResource, patientResource, type FhirResource } from './resources';
import type { FhirStudyInput } from './study-input';

export type BundleType = 'collection' | 'transaction';

interface Entry {
  readonly fullUrl: string;
  readonly resource: FhirResource;
  readonly request?: { method: 'POST' | 'PUT'; url: string; ifNoneExist?: string };
}

/**
 * One study as a FHIR R4 Bundle: the RadiationDoseSummary Observation, its Patient, ImagingStudy and Device.
 * A transaction creates Patient and ImagingStudy only when no resource with the same identifier exists yet.
 */
export function radiationDoseBundle(input: FhirStudyInput, type: BundleType = 'collection'): FhirResource {
  return { resourceType: 'Bundle', type, entry: bundleEntries(input, type) };
}

function bundleEntries(input: FhirStudyInput, type: BundleType): Entry[] {
  const urn = (resourceType: string) => resourceUrn(input.studyInstanceUid, resourceType);
  const patient = patientResource(input.patient);
  const device = deviceResource(input);
  const refs = { patient: patient === null ? null : urn('Patient'), imagingStudy: urn('ImagingStudy'), device: device === null ? null : urn('Device') };
  const imagingStudy = imagingStudyResource(input, refs.patient);
  const entries: Entry[] = [
    entry(urn('Observation'), radiationDoseSummary(input, refs), type),
    ...(patient === null || refs.patient === null ? [] : [entry(refs.patient, patient, type, identifierQuery(patient))]),
    entry(refs.imagingStudy, imagingStudy, type, identifierQuery(imagingStudy)),
    ...(device === null || refs.device === null ? [] : [entry(refs.device, device, type)]),
  ];
  return entries;
}

function entry(fullUrl: string, resource: FhirResource, type: BundleType, ifNoneExist?: string | null): Entry {
  if (type === 'collection') return { fullUrl, resource };
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) } };
}

/** `identifier=system|value` of a resource's first identifier that has both, for a conditional create. */
function identifierQuery(resource: FhirResource): string | null {
  const ids = (resource.identifier ?? []) as { system?: string; value?: string }[];
  const id = ids.find((i) => i.system !== undefined && i.value !== undefined);
  return id ? `identifier=${encodeURIComponent(`${id.system}|${id.value}`)}` : null;
}

/**
 * The transaction Kerma pushes to a FHIR server (KERMA_FHIR_PUSH_URL): every entry an update-as-create with an id
 * Kerma assigns (`PUT Type/id`), so pushing a study again updates its resources instead of adding copies. The ids
 * are name-based: the study's Observation, ImagingStudy and Device from its Study Instance UID, the Patient from
 * its issuer and id (one Patient for all the studies of a person). References stay the entries' urn:uuid fullUrls,
 * which the server resolves to Type/id (FHIR transaction rules). Servers that refuse client-assigned ids (some
 * are configured so) cannot take this bundle.
 */
export function radiationDosePushBundle(input: FhirStudyInput): FhirResource {
  const entries = bundleEntries(input, 'collection').map(({ fullUrl, resource }) => {
    const id =
      resource.resourceType === 'Patient' ? nameBasedId(`Patient/${input.patient.issuer ?? ''}|${input.patient.id ?? ''}`) : fullUrl.slice('urn:uuid:'.length);
    return { fullUrl, resource, request: { method: 'PUT' as const, url: `${resource.resourceType}/${id}` } };
  });
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
