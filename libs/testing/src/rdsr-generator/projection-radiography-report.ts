import { roundSignificant, roundTo, representable } from './decimal-string';
import { deterministicUid, seededRandom } from './seeded-random';
import type { DeviceSpec, FilterSpec, PatientSpec, ReferencePointSpec, StudySpec } from './procedure-spec';
import { buildProcedureSpec } from './build-procedure-spec';
import { REFERENCE_POINTS } from './reference-points';
import { writeDoseReportDocument } from './sr/dose-report-document';
import { CONCEPT, SCT_VOCABULARY, type Code } from './sr/codes';
import { codeValue, container, dateTime, num, optionalNum, text, ucum, uidRef, type ContentItem } from './sr/content-items';
import { PROJECTION_CODES } from './sr/projection-report-codes';
import { reportContext } from './sr/report-context';
import { xrayFilterItem } from './sr/filter-item';

/**
 * Ground truth of a generated radiography (DX) dose report: TID 10001 with single-plane accumulated data
 * (TID 10002 with TID 10007 totals) and one stationary acquisition per exposure.
 */
export interface RadiographyExposureSpec {
  readonly uid: string;
  /** DICOM DT as written: YYYYMMDDHHMMSS. */
  readonly dateTimeStarted: string;
  readonly protocol: string;
  readonly dapGyM2: number;
  readonly doseRpGy: number;
  readonly kvp: number;
  readonly tubeCurrentMA: number;
  readonly exposureTimeMs: number;
  readonly exposureMAs: number;
  readonly distanceSourceToDetectorMm: number;
  readonly collimatedFieldAreaM2: number;
  readonly filters: readonly FilterSpec[];
}

/** How the report names the procedure: Projection X-Ray (113704), or Plain radiography (CID 10005 since 2024). */
export type RadiographyProcedureReported = 'projection-xray' | 'plain-radiography';

export interface ProjectionRadiographyReportSpec {
  readonly seed: number;
  readonly patient: PatientSpec;
  readonly study: StudySpec;
  readonly device: DeviceSpec;
  readonly procedureReported: RadiographyProcedureReported;
  /** TID 10001 row 4; null = the report leaves it out. */
  readonly acquisitionDeviceType: 'integrated' | null;
  readonly referencePoint: ReferencePointSpec;
  /** TID 10007 totals, as the device reports them (the sums of the exposures). */
  readonly dapTotalGyM2: number;
  readonly doseRpTotalGy: number;
  readonly radiographicFramesTotal: number;
  readonly exposures: readonly RadiographyExposureSpec[];
}

export interface ProjectionRadiographyReportOptions {
  readonly seed: number;
  readonly exposures: number;
  readonly procedureReported: RadiographyProcedureReported;
  readonly acquisitionDeviceType: 'integrated' | null;
}

const PROTOCOLS = ['Chest PA', 'Chest LAT', 'Abdomen AP', 'Pelvis AP', 'Knee LAT'] as const;

export function buildProjectionRadiographyReportSpec(options: Partial<ProjectionRadiographyReportOptions> = {}): ProjectionRadiographyReportSpec {
  const seed = options.seed ?? 1;
  const count = options.exposures ?? 3;
  const base = buildProcedureSpec({ seed, events: 1 });
  const random = seededRandom(seed).fork('radiography');
  const exposures: RadiographyExposureSpec[] = Array.from({ length: count }, (_, index) => {
    const kvp = random.pick([70, 81, 90, 102, 109, 125]);
    const exposureMAs = roundTo(random.between(1, 40), 1);
    const exposureTimeMs = roundTo(random.between(5, 200), 1);
    const fieldSideM = random.between(0.2, 0.43);
    return {
      uid: deterministicUid(seed, `radiography-exposure-${index}`),
      dateTimeStarted: `${base.study.date}${base.study.time.slice(0, 2)}${String(index).padStart(2, '0')}00`,
      protocol: PROTOCOLS[index % PROTOCOLS.length]!,
      dapGyM2: roundSignificant(random.between(2e-5, 3e-4), 4),
      doseRpGy: roundSignificant(random.between(5e-5, 3e-3), 4),
      kvp,
      tubeCurrentMA: roundTo((exposureMAs / exposureTimeMs) * 1000, 1),
      exposureTimeMs,
      exposureMAs,
      distanceSourceToDetectorMm: random.pick([1000, 1150, 1800]),
      collimatedFieldAreaM2: roundSignificant(fieldSideM * fieldSideM, 4),
      filters: [
        { material: 'aluminum', thicknessMinMm: 1, thicknessMaxMm: 1 },
        { material: 'copper', thicknessMinMm: 0.1, thicknessMaxMm: 0.1 },
      ],
    };
  });
  return {
    seed,
    patient: base.patient,
    study: { ...base.study, description: 'Radiography' },
    device: { ...base.device, manufacturer: 'Kerma Test Systems', modelName: 'DX Reference 1', stationName: 'DX1' },
    procedureReported: options.procedureReported ?? 'projection-xray',
    acquisitionDeviceType: options.acquisitionDeviceType === undefined ? 'integrated' : options.acquisitionDeviceType,
    referencePoint: REFERENCE_POINTS.inFrontOfImageInput30Cm,
    dapTotalGyM2: representable(exposures.reduce((total, e) => total + e.dapGyM2, 0)),
    doseRpTotalGy: representable(exposures.reduce((total, e) => total + e.doseRpGy, 0)),
    radiographicFramesTotal: exposures.length,
    exposures,
  };
}

const PROCEDURE_REPORTED: Readonly<Record<RadiographyProcedureReported, Code>> = {
  'projection-xray': CONCEPT.projectionXray,
  'plain-radiography': PROJECTION_CODES.plainRadiography,
};

const GY = ucum('Gy');
const GY_M2 = ucum('Gy.m2');
const KV = ucum('kV');
const MA = ucum('mA');
const MS = ucum('ms');
const MM = ucum('mm');
const M2 = ucum('m2');
const UAS = ucum('uA.s', 'uA.s', 1000);
const NO_UNITS = ucum('1', 'no units');

function referencePointItem(referencePoint: ReferencePointSpec): ContentItem {
  return referencePoint.kind === 'code'
    ? codeValue('CONTAINS', CONCEPT.referencePointDefinition, { value: referencePoint.codeValue, scheme: 'DCM', meaning: referencePoint.meaning })
    : text('CONTAINS', CONCEPT.referencePointDefinition, referencePoint.text);
}

/** A Part-10 X-Ray Radiation Dose SR of a radiography room (TID 10001, TID 10007 totals). */
export function generateProjectionRadiographyReport(spec: ProjectionRadiographyReportSpec = buildProjectionRadiographyReportSpec()): Uint8Array {
  const content: ContentItem[] = [
    ...reportContext(PROCEDURE_REPORTED[spec.procedureReported], spec.device, spec.study),
    ...(spec.acquisitionDeviceType === 'integrated'
      ? [codeValue('CONTAINS', PROJECTION_CODES.acquisitionDeviceType, PROJECTION_CODES.integratedProjectionRadiographySystem)]
      : []),
    container('CONTAINS', CONCEPT.accumulatedDoseData, [
      codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, CONCEPT.singlePlane),
      num('CONTAINS', CONCEPT.dapTotal, spec.dapTotalGyM2, GY_M2),
      num('CONTAINS', CONCEPT.doseRpTotal, spec.doseRpTotalGy, GY),
      num('CONTAINS', CONCEPT.totalRadiographicFrames, spec.radiographicFramesTotal, NO_UNITS),
      referencePointItem(spec.referencePoint),
    ]),
    ...spec.exposures.map((exposure) => radiographyEvent(exposure, spec.referencePoint)),
    codeValue('CONTAINS', CONCEPT.sourceOfDoseInformation, CONCEPT.automatedDataCollection),
  ];
  return writeDoseReportDocument(spec, '10001', content);
}

function radiographyEvent(exposure: RadiographyExposureSpec, referencePoint: ReferencePointSpec): ContentItem {
  const items: ContentItem[] = [
    codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, CONCEPT.singlePlane),
    dateTime('CONTAINS', CONCEPT.dateTimeStarted, exposure.dateTimeStarted),
    codeValue('CONTAINS', CONCEPT.irradiationEventType, CONCEPT.stationaryAcquisition),
    text('CONTAINS', CONCEPT.acquisitionProtocol, exposure.protocol),
    codeValue('CONTAINS', CONCEPT.targetRegion, SCT_VOCABULARY.entireBody),
    uidRef('CONTAINS', CONCEPT.irradiationEventUid, exposure.uid),
    num('CONTAINS', CONCEPT.dap, exposure.dapGyM2, GY_M2),
    num('CONTAINS', CONCEPT.doseRp, exposure.doseRpGy, GY),
    referencePointItem(referencePoint),
    num('CONTAINS', CONCEPT.collimatedFieldArea, exposure.collimatedFieldAreaM2, M2),
    ...exposure.filters.map((filter) => xrayFilterItem(CONCEPT.flatFilter, SCT_VOCABULARY[filter.material], filter.thicknessMinMm, filter.thicknessMaxMm)),
    num('CONTAINS', CONCEPT.kvp, exposure.kvp, KV),
    num('CONTAINS', CONCEPT.tubeCurrent, exposure.tubeCurrentMA, MA),
    num('CONTAINS', CONCEPT.exposureTime, exposure.exposureTimeMs, MS),
    num('CONTAINS', CONCEPT.exposure, exposure.exposureMAs, UAS),
  ];
  optionalNum(items, CONCEPT.distanceSourceToDetector, exposure.distanceSourceToDetectorMm, MM);
  return container('CONTAINS', CONCEPT.irradiationEvent, items);
}
