import { COMPONENT, IDENTIFIER_TYPE, PROCEDURE_REPORTED, PROFILE, RADIATION_DOSE_SUMMARY_CODE, SYSTEM, UNIT, type Coding } from './codes';
import type { FhirResource } from './resources';

/**
 * The constraints of the Radiation Dose Summary IG (1.0.0) checked by hand: its package cannot be loaded into the
 * validator here, which checks FHIR R4 core only. 'deviation' marks a constraint Kerma knowingly cannot meet
 * because the dose reports do not carry the data (docs/fhir.md); 'error' is a mapping bug.
 */
export interface IgFinding {
  readonly severity: 'error' | 'deviation';
  readonly rule: string;
  readonly message: string;
}

/** Parsed FHIR JSON, read loosely: the checks themselves say what must be there. */
type Json = Record<string, any>;

const X_RAY_SLICES: Record<string, string> = {
  [COMPONENT.doseRpTotal.code]: UNIT.mGy,
  [COMPONENT.accumulatedAgd.code]: UNIT.mGy,
  [COMPONENT.dapTotal.code]: UNIT.mGyCm2,
  '113726': UNIT.mGyCm2,
  '113727': UNIT.mGyCm2,
  [COMPONENT.fluoroTimeTotal.code]: UNIT.s,
};
/** ComponentRadiationDoseSummaryVS (extensible) and the two DICOM codes Kerma adds to it. */
const COMPONENT_CODES = new Set([
  '113813',
  '113725',
  '111637',
  '113722',
  '113726',
  '113727',
  '113730',
  '113731',
  '113507',
  '121058',
  COMPONENT.meanCtdiVol.code,
  COMPONENT.irradiationEventCount.code,
]);
const DATA_ABSENT = SYSTEM.dataAbsentReason;

export function checkRadiationDoseSummaryIg(bundle: FhirResource): IgFinding[] {
  const findings: IgFinding[] = [];
  const fail = (rule: string, message: string) => findings.push({ severity: 'error', rule, message });
  const deviate = (rule: string, message: string) => findings.push({ severity: 'deviation', rule, message });
  const entries = ((bundle as Json).entry ?? []) as Json[];
  const byUrl = new Map(entries.map((e) => [e.fullUrl as string, e.resource as Json]));
  const observations = entries.map((e) => e.resource as Json).filter((r) => r.resourceType === 'Observation');
  if (observations.length !== 1) fail('bundle', `expected one RadiationDoseSummary Observation, found ${observations.length}`);
  for (const obs of observations) checkObservation(obs, byUrl, fail, deviate);
  return findings;
}

type Report = (rule: string, message: string) => void;

function checkObservation(obs: Json, byUrl: Map<string, Json>, fail: Report, deviate: Report): void {
  const profile: string | undefined = obs.meta?.profile?.[0];
  if (profile !== PROFILE.ctSummary && profile !== PROFILE.xraySummary) fail('meta.profile', `not a CT or X-ray summary profile: ${profile}`);
  const isCt = profile === PROFILE.ctSummary;
  if (!hasCoding(obs.code, RADIATION_DOSE_SUMMARY_CODE)) fail('code', 'code must be LOINC 73569-6');
  if (obs.subject?.reference === undefined && obs.subject?.type === 'Patient' && hasDataAbsent(obs.subject))
    deviate('subject', 'the report names no patient id: data-absent reason');
  else checkReference(obs.subject, 'Patient', byUrl, 'subject', fail);
  checkStudyReference(obs.partOf, byUrl, 'partOf[imagingStudyRef]', fail);
  checkStudyReference(obs.focus, byUrl, 'focus', fail);
  if (typeof obs.effectiveDateTime !== 'string') {
    if (hasDataAbsent(obs._effectiveDateTime)) deviate('effective[x]', 'study date unknown: effective carries a data-absent reason');
    else fail('effective[x]', 'effectiveDateTime 1..1 missing');
  }
  if (typeof obs.valueString !== 'string' || obs.valueString.length === 0) fail('value[x]', 'valueString 1..1 missing');
  if (obs.dataAbsentReason !== undefined) fail('dataAbsentReason', 'must be absent (0..0)');
  if (obs.specimen !== undefined) fail('specimen', 'must be absent (0..0)');
  checkPerformer(obs.performer, fail, deviate);
  if (obs.device === undefined) fail('device', 'the CT and X-ray profiles require the irradiating device (1..1)');
  else checkDevice(byUrl.get(obs.device.reference), fail, deviate);
  for (const id of obs.identifier ?? []) {
    if (!hasCoding(id.type, IDENTIFIER_TYPE.sopInstanceUid) || id.system !== SYSTEM.dicomUid || !id.value)
      fail('identifier[radiationSRUID]', `bad SOP Instance UID identifier ${JSON.stringify(id)}`);
  }
  checkComponents((obs.component ?? []) as Json[], isCt, fail, deviate);
}

function checkPerformer(performer: Json[] | undefined, fail: Report, deviate: Report): void {
  if (performer?.length !== 1 || performer[0].type !== 'Practitioner')
    return fail('performer', 'performer[irradiationAutorizingPerson] 1..1 Reference(Practitioner) missing');
  if (performer[0].reference === undefined && hasDataAbsent(performer[0]))
    deviate('performer', 'the irradiation authorizing person is not in the dose reports: data-absent reason');
}

function checkDevice(device: Json | undefined, fail: Report, deviate: Report): void {
  if (device?.resourceType !== 'Device') return fail('device', 'device does not resolve to a Device in the bundle');
  if (device.meta?.profile?.[0] !== PROFILE.modalityDevice) fail('Device.meta.profile', 'not a ModalityDevice');
  // Kerma keeps manufacturer, model and station name, not the modality's AE title.
  if (!(device.identifier ?? []).some((i: Json) => i.type?.coding?.[0]?.code === 'application-entity'))
    deviate('Device.identifier[aeTitle]', 'AE title 1..1 unknown');
  const type: Coding | undefined = device.type?.coding?.[0];
  if (type === undefined) deviate('Device.type', 'modality (CID 33) not told by a projection X-ray report');
  else if (type.system !== SYSTEM.dcm) fail('Device.type', `modality must be a DICOM code, got ${type.system}`);
  for (const n of device.deviceName ?? []) {
    if (!['manufacturer-name', 'model-name', 'user-friendly-name'].includes(n.type)) fail('Device.deviceName', `unexpected name type ${n.type}`);
  }
}

function checkComponents(components: Json[], isCt: boolean, fail: Report, deviate: Report): void {
  const codeOf = (c: Json): string | undefined => c.code?.coding?.[0]?.code;
  for (const c of components) {
    const coding = c.code?.coding?.[0];
    if (coding?.system !== SYSTEM.dcm || !COMPONENT_CODES.has(coding.code))
      fail('component.code', `code outside the value set and Kerma's additions: ${JSON.stringify(coding)}`);
    if (c.valueQuantity !== undefined && (c.valueQuantity.system !== SYSTEM.ucum || c.valueQuantity.code !== c.valueQuantity.unit))
      fail('component.valueQuantity', `not UCUM: ${JSON.stringify(c.valueQuantity)}`);
  }
  const procedures = components.filter((c) => codeOf(c) === COMPONENT.procedureReported.code);
  const reported: string | undefined = procedures[0]?.valueCodeableConcept?.coding?.[0]?.code;
  if (procedures.length !== 1) fail('component[procedureReported]', `expected one Procedure reported, found ${procedures.length}`);
  if (isCt) {
    if (reported !== PROCEDURE_REPORTED.ct.code) fail('component[procedureReported]', 'a CT summary reports SCT 77477000');
    const dlp = components.filter((c) => codeOf(c) === COMPONENT.dlpTotal.code);
    if (dlp.length !== 1) return fail('component[cTDoseLengthProductTotal]', `1..1, found ${dlp.length}`);
    if (dlp[0].valueQuantity === undefined) {
      if (dlp[0].dataAbsentReason !== undefined) deviate('component[cTDoseLengthProductTotal]', 'DLP total unknown: data-absent reason instead of a value');
      else fail('component[cTDoseLengthProductTotal]', 'valueQuantity 1..1 missing');
    } else if (dlp[0].valueQuantity.unit !== UNIT.mGyCm) fail('component[cTDoseLengthProductTotal]', `unit must be mGy.cm, got ${dlp[0].valueQuantity.unit}`);
    return;
  }
  if (reported !== PROCEDURE_REPORTED.projectionXray.code && reported !== PROCEDURE_REPORTED.mammography.code)
    fail('xray-procedure-reported', `procedure reported ${reported}`);
  for (const [code, unit] of Object.entries(X_RAY_SLICES)) {
    const slice = components.filter((c) => codeOf(c) === code);
    if (slice.length > 1) fail(`component ${code}`, `0..1, found ${slice.length}`);
    if (slice.length === 1 && slice[0].valueQuantity?.unit !== unit) fail(`component ${code}`, `valueQuantity 1..1 in ${unit} expected`);
  }
}

function checkReference(ref: Json | undefined, type: string, byUrl: Map<string, Json>, rule: string, fail: Report): void {
  if (ref?.reference === undefined) return fail(rule, `${rule} 1..1 missing`);
  if (byUrl.get(ref.reference)?.resourceType !== type) fail(rule, `${rule} does not resolve to a ${type} in the bundle`);
}

function checkStudyReference(refs: Json[] | undefined, byUrl: Map<string, Json>, rule: string, fail: Report): void {
  const studies = (refs ?? []).filter((r) => r.type === 'ImagingStudy');
  if (studies.length !== 1) return fail(rule, `1..1 ImagingStudy reference, found ${studies.length}`);
  checkReference(studies[0], 'ImagingStudy', byUrl, rule, fail);
  const id = studies[0].identifier;
  if (!hasCoding(id?.type, IDENTIFIER_TYPE.studyInstanceUid) || id?.system !== SYSTEM.dicomUid || !id?.value)
    fail(rule, 'identifier must be typed study-instance-uid in urn:dicom:uid');
}

function hasCoding(concept: Json | undefined, coding: Coding): boolean {
  return (concept?.coding ?? []).some((c: Json) => c.system === coding.system && c.code === coding.code);
}

function hasDataAbsent(element: Json | undefined): boolean {
  return (element?.extension ?? []).some((e: Json) => e.url === DATA_ABSENT && typeof e.valueCode === 'string');
}
