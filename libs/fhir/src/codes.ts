/**
 * Systems, codes and profiles of the HL7 implementation guide "Radiation Dose Summary for Diagnostic Procedures on
 * FHIR" (canonical http://hl7.org/fhir/uv/radiation-dose-summary), version 1.0.0 (STU 1), on FHIR R4 4.0.1.
 * docs/fhir.md lists which of its constraints Kerma meets and which it cannot.
 */
export const IG_CANONICAL = 'http://hl7.org/fhir/uv/radiation-dose-summary';
export const IG_VERSION = '1.0.0';

export const PROFILE = {
  ctSummary: `${IG_CANONICAL}/StructureDefinition/ct-radiation-dose-summary`,
  xraySummary: `${IG_CANONICAL}/StructureDefinition/xray-radiation-dose-summary`,
  modalityDevice: `${IG_CANONICAL}/StructureDefinition/modality-device`,
} as const;

export const SYSTEM = {
  dcm: 'http://dicom.nema.org/resources/ontology/DCM',
  sct: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  dicomUid: 'urn:dicom:uid',
  dicomIdentifierType: `${IG_CANONICAL}/CodeSystem/dicom-identifier-type`,
  deviceNameType: 'http://hl7.org/fhir/device-nametype',
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
} as const;

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

const dcm = (code: string, display: string): Coding => ({ system: SYSTEM.dcm, code, display });

/** Observation.code of every RadiationDoseSummary (fixed by the profile). */
export const RADIATION_DOSE_SUMMARY_CODE: Coding = {
  system: SYSTEM.loinc,
  code: '73569-6',
  display: 'Radiation exposure and protection information [Description] Document Diagnostic imaging',
};

/** Component codes: the IG's ComponentRadiationDoseSummaryVS (extensible) plus the two DICOM codes it lacks. */
export const COMPONENT = {
  procedureReported: dcm('121058', 'Procedure reported'),
  dlpTotal: dcm('113813', 'CT Dose Length Product Total'),
  doseRpTotal: dcm('113725', 'Dose (RP) Total'),
  accumulatedAgd: dcm('111637', 'Accumulated Average Glandular Dose'),
  dapTotal: dcm('113722', 'Dose Area Product Total'),
  fluoroTimeTotal: dcm('113730', 'Total Fluoro Time'),
  /** Not in the value set (extensible binding): the CT summary profile has no CTDIvol; Kerma reports the highest. */
  meanCtdiVol: dcm('113830', 'Mean CTDIvol'),
  /** Not in the value set: the number of irradiation events (CT acquisitions, projection events). */
  irradiationEventCount: dcm('113812', 'Total Number of Irradiation Events'),
} as const;

/** ProcedureReportedTypeVS. Radiography without fluoroscopy is reported as projection X-ray (TID 10001). */
export const PROCEDURE_REPORTED = {
  ct: { system: SYSTEM.sct, code: '77477000', display: 'Computerized tomography' },
  projectionXray: dcm('113704', 'Projection X-Ray'),
  mammography: { system: SYSTEM.sct, code: '71651007', display: 'Mammography' },
} as const satisfies Record<string, Coding>;

export const IDENTIFIER_TYPE = {
  studyInstanceUid: { system: SYSTEM.dicomIdentifierType, code: 'study-instance-uid', display: 'Study Instance UID' },
  sopInstanceUid: { system: SYSTEM.dicomIdentifierType, code: 'sop-instance-uid', display: 'SOP Instance UID' },
} as const satisfies Record<string, Coding>;

/** DICOM modality (CID 33) of the kinds whose modality the kind alone tells. */
export const MODALITY = {
  ct: dcm('CT', 'Computed Tomography'),
  mammography: dcm('MG', 'Mammography'),
} as const;

/** UCUM units the IG fixes for each quantity. */
export const UNIT = {
  mGy: 'mGy',
  mGyCm: 'mGy.cm',
  mGyCm2: 'mGy.cm2',
  s: 's',
} as const;
