import { formatDecimalString } from '../decimal-string';
import type { PatientSpec, ProcedureSpec } from '../procedure-spec';
import type { NaturalDataset } from '../dicom/dcmjs';

interface HeaderOptions {
  readonly sopClassUid: string;
  readonly seriesDescription: string;
  readonly modelNameInHeader: boolean;
  readonly modality?: string;
}

/** Patient, General Study, SR Document Series, General Equipment and SR Document General modules. */
export function srDocumentGeneral(spec: Pick<ProcedureSpec, 'study' | 'device'>, options: HeaderOptions): NaturalDataset {
  const { study, device } = spec;
  const header: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: options.sopClassUid,
    SOPInstanceUID: study.sopInstanceUid,
    StudyDate: study.date,
    SeriesDate: study.date,
    ContentDate: study.date,
    StudyTime: study.time,
    SeriesTime: study.time,
    ContentTime: study.time,
    AccessionNumber: study.accessionNumber ?? '',
    Modality: options.modality ?? 'SR',
    Manufacturer: device.manufacturer,
    InstitutionName: device.institutionName,
    ReferringPhysicianName: [],
    StationName: device.stationName,
    StudyDescription: study.description ?? '',
    SeriesDescription: options.seriesDescription,
    DeviceSerialNumber: device.serialNumber,
    SoftwareVersions: device.softwareVersions,
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: study.seriesInstanceUid,
    StudyID: '1',
    SeriesNumber: 999,
    InstanceNumber: 1,
    ReferencedPerformedProcedureStepSequence: [],
    PerformedProcedureCodeSequence: [],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
  };
  if (options.modelNameInHeader) header['ManufacturerModelName'] = device.modelName;
  return header;
}

export function patientModule(patient: PatientSpec): NaturalDataset {
  const module: NaturalDataset = {
    PatientName: patient.name === null ? [] : [{ Alphabetic: patient.name }],
    PatientID: patient.id ?? '',
    PatientBirthDate: patient.birthDate ?? '',
    PatientSex: patient.sex ?? '',
  };
  if (patient.issuerOfId !== null) module['IssuerOfPatientID'] = patient.issuerOfId;
  if (patient.heightM !== null) module['PatientSize'] = formatDecimalString(patient.heightM);
  if (patient.weightKg !== null) module['PatientWeight'] = formatDecimalString(patient.weightKg);
  return module;
}
