import { roundTo, representable } from './decimal-string';
import { deterministicUid, seededRandom } from './seeded-random';
import type { DeviceSpec, PatientSpec, StudySpec } from './procedure-spec';
import { buildProcedureSpec } from './build-procedure-spec';
import { writeDoseReportDocument } from './sr/dose-report-document';
import { CONCEPT } from './sr/codes';
import { codeValue, container, dateTime, num, optionalNum, text, ucum, uidRef, type ContentItem } from './sr/content-items';
import { ANODE_CODES, BREAST_SIDE_CODES, LATERALITY_CODES, MAMMOGRAPHY_FILTER_CODES, PROJECTION_CODES } from './sr/projection-report-codes';
import { reportContext } from './sr/report-context';
import { xrayFilterItem } from './sr/filter-item';

/**
 * Ground truth of a generated mammography dose report: TID 10001 with Procedure Reported = Mammography,
 * the accumulated average glandular dose per breast (TID 10005) and one event per exposure (TID 10003).
 */
export type BreastSide = 'left' | 'right';
export type AnodeMaterial = keyof typeof ANODE_CODES;
export type MammographyFilterMaterial = keyof typeof MAMMOGRAPHY_FILTER_CODES;

export interface MammographyExposureSpec {
  readonly uid: string;
  /** DICOM DT as written: YYYYMMDDHHMMSS. */
  readonly dateTimeStarted: string;
  /** View name, e.g. 'L CC'. */
  readonly protocol: string;
  readonly laterality: BreastSide;
  readonly averageGlandularDoseMGy: number;
  readonly entranceExposureAtRpMGy: number;
  readonly compressionThicknessMm: number;
  /** Null where the device does not report it. */
  readonly halfValueLayerMm: number | null;
  readonly kvp: number;
  readonly exposureMAs: number;
  readonly exposureTimeMs: number;
  readonly anode: AnodeMaterial;
  readonly filter: { readonly material: MammographyFilterMaterial; readonly thicknessMm: number };
}

export interface AccumulatedAgdSpec {
  readonly laterality: BreastSide | 'bilateral';
  readonly doseMGy: number;
}

export interface MammographyReportSpec {
  readonly seed: number;
  readonly patient: PatientSpec;
  readonly study: StudySpec;
  readonly device: DeviceSpec;
  /** TID 10005: one value per breast imaged, or one value for both breasts. */
  readonly accumulatedAverageGlandularDose: readonly AccumulatedAgdSpec[];
  readonly exposures: readonly MammographyExposureSpec[];
}

export interface MammographyReportOptions {
  readonly seed: number;
  /** Which breasts were imaged (two views, CC and MLO, each). */
  readonly breasts: 'both' | BreastSide;
  /** 'per-breast' (as Hologic sends it) or one 'bilateral' value for both breasts. */
  readonly accumulation: 'per-breast' | 'bilateral';
}

/** Anode/filter combinations of real units; HVL is left out for the tungsten units, as some report none. */
const TARGET_FILTERS: readonly { anode: AnodeMaterial; filter: MammographyFilterMaterial; thicknessMm: number; reportsHvl: boolean }[] = [
  { anode: 'molybdenum', filter: 'molybdenum', thicknessMm: 0.03, reportsHvl: true },
  { anode: 'molybdenum', filter: 'rhodium', thicknessMm: 0.025, reportsHvl: true },
  { anode: 'tungsten', filter: 'rhodium', thicknessMm: 0.05, reportsHvl: false },
  { anode: 'tungsten', filter: 'silver', thicknessMm: 0.05, reportsHvl: false },
];

export function buildMammographyReportSpec(options: Partial<MammographyReportOptions> = {}): MammographyReportSpec {
  const seed = options.seed ?? 1;
  const breasts = options.breasts ?? 'both';
  const accumulation = options.accumulation ?? 'per-breast';
  const base = buildProcedureSpec({ seed, events: 1, patient: { sex: 'F', name: 'Test^Jane' } });
  const random = seededRandom(seed).fork('mammography');
  const sides: readonly BreastSide[] = breasts === 'both' ? ['right', 'left'] : [breasts];
  const technique = random.pick(TARGET_FILTERS);
  const exposures: MammographyExposureSpec[] = sides.flatMap((side) =>
    (['CC', 'MLO'] as const).map((view) => {
      const index = sides.indexOf(side) * 2 + (view === 'CC' ? 0 : 1);
      const compressionThicknessMm = roundTo(random.between(35, 75), 0);
      return {
        uid: deterministicUid(seed, `mammography-exposure-${index}`),
        dateTimeStarted: `${base.study.date}${base.study.time.slice(0, 2)}${String(index).padStart(2, '0')}00`,
        protocol: `${side === 'left' ? 'L' : 'R'} ${view}`,
        laterality: side,
        averageGlandularDoseMGy: roundTo(random.between(0.8, 2.4), 3),
        entranceExposureAtRpMGy: roundTo(random.between(3, 9), 3),
        compressionThicknessMm,
        halfValueLayerMm: technique.reportsHvl ? roundTo(random.between(0.3, 0.45), 3) : null,
        kvp: random.integer(26, 32),
        exposureMAs: roundTo(random.between(40, 160), 1),
        exposureTimeMs: roundTo(random.between(500, 1500), 0),
        anode: technique.anode,
        filter: { material: technique.filter, thicknessMm: technique.thicknessMm },
      };
    }),
  );
  const agdOf = (side: BreastSide) => representable(exposures.filter((e) => e.laterality === side).reduce((total, e) => total + e.averageGlandularDoseMGy, 0));
  const accumulated: AccumulatedAgdSpec[] =
    accumulation === 'bilateral'
      ? [{ laterality: 'bilateral', doseMGy: representable(exposures.reduce((total, e) => total + e.averageGlandularDoseMGy, 0)) }]
      : sides.map((side) => ({ laterality: side, doseMGy: agdOf(side) }));
  return {
    seed,
    patient: base.patient,
    study: { ...base.study, description: 'Screening mammography' },
    device: { ...base.device, manufacturer: 'Kerma Test Systems', modelName: 'MG Reference 1', stationName: 'MG1' },
    accumulatedAverageGlandularDose: accumulated,
    exposures,
  };
}

const MGY = ucum('mGy');
const MM = ucum('mm');
const KV = ucum('kV');
const MS = ucum('ms');
const UAS = ucum('uA.s', 'uA.s', 1000);

/** A Part-10 X-Ray Radiation Dose SR of a mammography unit (TID 10001, TID 10005). */
export function generateMammographyReport(spec: MammographyReportSpec = buildMammographyReportSpec()): Uint8Array {
  const content: ContentItem[] = [
    ...reportContext(PROJECTION_CODES.mammography, spec.device, spec.study),
    container('CONTAINS', CONCEPT.accumulatedDoseData, [
      codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, CONCEPT.singlePlane),
      ...spec.accumulatedAverageGlandularDose.map(accumulatedAgd),
    ]),
    ...spec.exposures.map(mammographyEvent),
    codeValue('CONTAINS', CONCEPT.sourceOfDoseInformation, CONCEPT.automatedDataCollection),
  ];
  return writeDoseReportDocument(spec, '10001', content);
}

function accumulatedAgd(agd: AccumulatedAgdSpec): ContentItem {
  const item = num('CONTAINS', PROJECTION_CODES.accumulatedAverageGlandularDose, agd.doseMGy, MGY);
  return { ...item, ContentSequence: [codeValue('HAS CONCEPT MOD', PROJECTION_CODES.laterality, BREAST_SIDE_CODES[agd.laterality])] };
}

function mammographyEvent(exposure: MammographyExposureSpec): ContentItem {
  const items: ContentItem[] = [
    codeValue('HAS CONCEPT MOD', CONCEPT.acquisitionPlane, CONCEPT.singlePlane),
    dateTime('CONTAINS', CONCEPT.dateTimeStarted, exposure.dateTimeStarted),
    codeValue('CONTAINS', CONCEPT.irradiationEventType, CONCEPT.stationaryAcquisition),
    text('CONTAINS', CONCEPT.acquisitionProtocol, exposure.protocol),
    codeValue('CONTAINS', CONCEPT.targetRegion, PROJECTION_CODES.breast),
    codeValue('CONTAINS', PROJECTION_CODES.laterality, LATERALITY_CODES[exposure.laterality]),
    uidRef('CONTAINS', CONCEPT.irradiationEventUid, exposure.uid),
    num('CONTAINS', PROJECTION_CODES.averageGlandularDose, exposure.averageGlandularDoseMGy, MGY),
    num('CONTAINS', PROJECTION_CODES.entranceExposureAtRp, exposure.entranceExposureAtRpMGy, MGY),
    num('CONTAINS', PROJECTION_CODES.compressionThickness, exposure.compressionThicknessMm, MM),
    codeValue('CONTAINS', PROJECTION_CODES.anodeTargetMaterial, ANODE_CODES[exposure.anode]),
    xrayFilterItem(CONCEPT.flatFilter, MAMMOGRAPHY_FILTER_CODES[exposure.filter.material], exposure.filter.thicknessMm, exposure.filter.thicknessMm),
    num('CONTAINS', CONCEPT.kvp, exposure.kvp, KV),
    num('CONTAINS', CONCEPT.exposureTime, exposure.exposureTimeMs, MS),
    num('CONTAINS', CONCEPT.exposure, exposure.exposureMAs, UAS),
  ];
  optionalNum(items, PROJECTION_CODES.halfValueLayer, exposure.halfValueLayerMm, MM);
  return container('CONTAINS', CONCEPT.irradiationEvent, items);
}
