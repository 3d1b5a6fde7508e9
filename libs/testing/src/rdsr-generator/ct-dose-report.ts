import { deterministicUid, seededRandom } from './seeded-random';
import { roundTo } from './decimal-string';
import type { DeviceSpec, PatientSpec, StudySpec } from './procedure-spec';
import { buildProcedureSpec } from './build-procedure-spec';
import { writeDoseReportDocument } from './sr/dose-report-document';
import { CONCEPT, SCT_VOCABULARY, type Code } from './sr/codes';
import { codeValue, container, num, text, ucum, uidRef, type ContentItem, type Unit } from './sr/content-items';

/** Ground truth of a generated CT dose report (TID 10011). */
export interface CtAcquisitionSpec {
  readonly uid: string;
  readonly protocol: string;
  readonly acquisitionType: 'spiral' | 'sequenced' | 'constant-angle';
  readonly ctdiVolMGy: number;
  readonly dlpMGyCm: number;
  readonly phantom: 'body' | 'head';
  readonly kvp: number;
  readonly exposureTimeS: number;
  readonly scanningLengthMm: number;
}

export interface CtDoseReportSpec {
  readonly seed: number;
  readonly patient: PatientSpec;
  readonly study: StudySpec;
  readonly device: DeviceSpec;
  readonly dlpTotalMGyCm: number;
  readonly acquisitions: readonly CtAcquisitionSpec[];
  /** Unit code written for DLP values: UCUM `mGy.cm`, or `mGycm` as some Siemens and GE scanners write it. */
  readonly dlpUnit: CtDlpUnit;
  /** Measured Lateral / AP Dimension written in each CT Dose container (TID 10013), in mm; null: not written. */
  readonly patientSizeMm: { readonly lateral: number; readonly ap: number } | null;
}

export type CtDlpUnit = 'mGy.cm' | 'mGycm';

export interface CtDoseReportOptions {
  readonly seed: number;
  readonly acquisitions: number;
  readonly dlpUnit: CtDlpUnit;
  readonly patientSizeMm: { readonly lateral: number; readonly ap: number } | null;
}

const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });

const CT = {
  accumulatedDoseData: dcm('113811', 'CT Accumulated Dose Data'),
  totalNumberOfIrradiationEvents: dcm('113812', 'Total Number of Irradiation Events'),
  dlpTotal: dcm('113813', 'CT Dose Length Product Total'),
  ctAcquisition: dcm('113819', 'CT Acquisition'),
  acquisitionType: dcm('113820', 'CT Acquisition Type'),
  acquisitionParameters: dcm('113822', 'CT Acquisition Parameters'),
  exposureTime: dcm('113824', 'Exposure Time'),
  scanningLength: dcm('113825', 'Scanning Length'),
  ctXraySourceParameters: dcm('113831', 'CT X-Ray Source Parameters'),
  identificationOfXraySource: dcm('113832', 'Identification of the X-Ray Source'),
  ctDose: dcm('113829', 'CT Dose'),
  meanCtdiVol: dcm('113830', 'Mean CTDIvol'),
  phantomType: dcm('113835', 'CTDIw Phantom Type'),
  dlp: dcm('113838', 'DLP'),
  measuredLateralDimension: dcm('113931', 'Measured Lateral Dimension'),
  measuredApDimension: dcm('113932', 'Measured AP Dimension'),
  sequenced: dcm('113804', 'Sequenced Acquisition'),
  constantAngle: dcm('113805', 'Constant Angle Acquisition'),
  phantomBody: dcm('113691', 'IEC Body Dosimetry Phantom'),
  phantomHead: dcm('113690', 'IEC Head Dosimetry Phantom'),
} as const;

/** CT Acquisition Type codes: spiral is a SNOMED CT concept, the others DCM. */
const ACQUISITION_TYPES: Readonly<Record<CtAcquisitionSpec['acquisitionType'], Code>> = {
  spiral: { value: '116152004', scheme: 'SCT', meaning: 'Spiral Acquisition' },
  sequenced: CT.sequenced,
  'constant-angle': CT.constantAngle,
};

const PROCEDURE_REPORTED_CT: Code = { value: '77477000', scheme: 'SCT', meaning: 'Computed Tomography X-Ray' };

export function buildCtDoseReportSpec(options: Partial<CtDoseReportOptions> = {}): CtDoseReportSpec {
  const seed = options.seed ?? 1;
  const count = options.acquisitions ?? 3;
  const base = buildProcedureSpec({ seed, events: 1 });
  const random = seededRandom(seed).fork('ct');
  const acquisitions: CtAcquisitionSpec[] = Array.from({ length: count }, (_, index) => {
    const head = index === 0 && random.next() < 0.3;
    const ctdiVolMGy = roundTo(head ? random.between(30, 60) : random.between(4, 20), 2);
    const scanningLengthMm = roundTo(head ? random.between(150, 220) : random.between(250, 700), 1);
    return {
      uid: deterministicUid(seed, `ct-acquisition-${index}`),
      protocol: head ? 'Head Routine' : 'Thorax-Abdomen',
      acquisitionType: index === count - 1 && count > 1 ? 'constant-angle' : 'spiral',
      ctdiVolMGy,
      dlpMGyCm: roundTo((ctdiVolMGy * scanningLengthMm) / 10, 2),
      phantom: head ? 'head' : 'body',
      kvp: random.pick([80, 100, 120, 140]),
      exposureTimeS: roundTo(random.between(1, 12), 2),
      scanningLengthMm,
    };
  });
  return {
    seed,
    patient: base.patient,
    study: { ...base.study, description: 'CT Thorax-Abdomen' },
    device: { ...base.device, manufacturer: 'Kerma Test Systems', modelName: 'CT Reference 1', stationName: 'CT1' },
    dlpTotalMGyCm: roundTo(
      acquisitions.reduce((total, acquisition) => total + acquisition.dlpMGyCm, 0),
      2,
    ),
    acquisitions,
    dlpUnit: options.dlpUnit ?? 'mGy.cm',
    patientSizeMm: options.patientSizeMm ?? null,
  };
}

const MGY = ucum('mGy');
const KV = ucum('kV');
const S = ucum('s');
const MM = ucum('mm');
const EVENTS = ucum('{events}', 'events');

/** A Part-10 X-Ray Radiation Dose SR with a CT report (TID 10011). */
export function generateCtDoseReport(spec: CtDoseReportSpec = buildCtDoseReportSpec()): Uint8Array {
  const dlpUnit = ucum(spec.dlpUnit);
  const content: ContentItem[] = [
    codeValue('HAS CONCEPT MOD', CONCEPT.procedureReported, PROCEDURE_REPORTED_CT, [
      codeValue('HAS CONCEPT MOD', SCT_VOCABULARY.hasIntent, SCT_VOCABULARY.intent),
    ]),
    codeValue('HAS OBS CONTEXT', CONCEPT.observerType, CONCEPT.device),
    uidRef('HAS OBS CONTEXT', CONCEPT.deviceObserverUid, spec.device.deviceObserverUid),
    text('HAS OBS CONTEXT', CONCEPT.deviceObserverManufacturer, spec.device.manufacturer),
    codeValue('HAS OBS CONTEXT', CONCEPT.scopeOfAccumulation, CONCEPT.study, [uidRef('HAS PROPERTIES', CONCEPT.studyInstanceUid, spec.study.studyInstanceUid)]),
    container('CONTAINS', CT.accumulatedDoseData, [
      num('CONTAINS', CT.totalNumberOfIrradiationEvents, spec.acquisitions.length, EVENTS),
      num('CONTAINS', CT.dlpTotal, spec.dlpTotalMGyCm, dlpUnit),
    ]),
    ...spec.acquisitions.map((a) => ctAcquisition(a, dlpUnit, spec.patientSizeMm)),
    codeValue('CONTAINS', CONCEPT.sourceOfDoseInformation, CONCEPT.automatedDataCollection),
  ];
  return writeDoseReportDocument(spec, '10011', content);
}

function ctAcquisition(acquisition: CtAcquisitionSpec, dlpUnit: Unit, size: CtDoseReportSpec['patientSizeMm']): ContentItem {
  return container('CONTAINS', CT.ctAcquisition, [
    text('CONTAINS', CONCEPT.acquisitionProtocol, acquisition.protocol),
    codeValue('CONTAINS', CONCEPT.targetRegion, SCT_VOCABULARY.entireBody),
    codeValue('CONTAINS', CT.acquisitionType, ACQUISITION_TYPES[acquisition.acquisitionType]),
    uidRef('CONTAINS', CONCEPT.irradiationEventUid, acquisition.uid),
    container('CONTAINS', CT.acquisitionParameters, [
      num('CONTAINS', CT.exposureTime, acquisition.exposureTimeS, S),
      num('CONTAINS', CT.scanningLength, acquisition.scanningLengthMm, MM),
      container('CONTAINS', CT.ctXraySourceParameters, [
        text('CONTAINS', CT.identificationOfXraySource, 'A'),
        num('CONTAINS', CONCEPT.kvp, acquisition.kvp, KV),
      ]),
    ]),
    container('CONTAINS', CT.ctDose, [
      num('CONTAINS', CT.meanCtdiVol, acquisition.ctdiVolMGy, MGY),
      codeValue('CONTAINS', CT.phantomType, acquisition.phantom === 'head' ? CT.phantomHead : CT.phantomBody),
      num('CONTAINS', CT.dlp, acquisition.dlpMGyCm, dlpUnit),
      ...(size === null ? [] : [num('CONTAINS', CT.measuredLateralDimension, size.lateral, MM), num('CONTAINS', CT.measuredApDimension, size.ap, MM)]),
    ]),
  ]);
}
