import { formatDecimalString } from './decimal-string';
import { deterministicUid } from './seeded-random';
import type { PatientSpec } from './procedure-spec';
import { buildProcedureSpec } from './build-procedure-spec';
import { writePart10 } from './dicom/part10';
import { patientModule } from './sr/header';

/**
 * Image objects whose headers carry dose attributes (DX, CR, MG, RF, XA), and CT dose screens
 * (secondary capture with dose text in a header field), with their ground truth. A tiny pixel matrix
 * makes each a real image; the dose is only in the header.
 */
export type HeaderImageModality = 'DX' | 'CR' | 'MG' | 'RF' | 'XA';

const IMAGE_SOP_CLASS: Readonly<Record<HeaderImageModality, string>> = {
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  CR: '1.2.840.10008.5.1.4.1.1.1',
  MG: '1.2.840.10008.5.1.4.1.1.1.2',
  RF: '1.2.840.10008.5.1.4.1.1.12.2',
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
};
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const IMAGE_SIDE = 8;

export interface HeaderStudySpec {
  readonly studyInstanceUid: string;
  readonly patient: PatientSpec;
  /** DICOM DA / TM. */
  readonly date: string;
  readonly time: string;
}

export interface HeaderDoseImageSpec {
  readonly modality: HeaderImageModality;
  readonly study: HeaderStudySpec;
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string;
  /** Null leaves the attribute out. dGy·cm² as DICOM writes 0018,115E. */
  readonly dapDGyCm2: number | null;
  readonly entranceDoseMGy: number | null;
  /** Organ Dose (0040,0316) in dGy: the mean glandular dose of a mammogram. */
  readonly organDoseDGy: number | null;
  readonly exposureMAs: number | null;
  readonly kvp: number;
  readonly tubeCurrentMA: number;
  readonly exposureTimeMs: number;
  readonly bodyPart: string;
  readonly distanceSourceToDetectorMm: number;
  readonly distanceSourceToPatientMm: number;
  readonly viewPosition: string;
  readonly laterality: 'L' | 'R' | null;
  /** Mammography: compressed breast thickness (mm) and compression force (N). */
  readonly bodyPartThicknessMm: number | null;
  readonly compressionForceN: number | null;
  readonly anode: string | null;
  readonly filter: string | null;
}

export interface HeaderDoseImageOptions {
  readonly seed: number;
  readonly modality: HeaderImageModality;
  /** Which image of the study (distinct UIDs per index). */
  readonly index: number;
  readonly studyInstanceUid: string;
  /** Leave every dose attribute out (an image that is not a dose object). */
  readonly withoutDose: boolean;
}

export function headerStudy(seed: number, studyInstanceUid?: string): HeaderStudySpec {
  const base = buildProcedureSpec({ seed, events: 1 });
  return { studyInstanceUid: studyInstanceUid ?? base.study.studyInstanceUid, patient: base.patient, date: base.study.date, time: base.study.time };
}

export function buildHeaderDoseImageSpec(options: Partial<HeaderDoseImageOptions> = {}): HeaderDoseImageSpec {
  const seed = options.seed ?? 1;
  const modality = options.modality ?? 'DX';
  const index = options.index ?? 0;
  const mg = modality === 'MG';
  const dose = !options.withoutDose;
  const laterality = mg ? (index % 2 === 0 ? 'R' : 'L') : null;
  return {
    modality,
    study: headerStudy(seed, options.studyInstanceUid),
    sopInstanceUid: deterministicUid(seed, `header-image-${modality}-${index}`),
    seriesInstanceUid: deterministicUid(seed, `header-series-${modality}`),
    dapDGyCm2: dose ? (mg ? null : 1.25 + index * 0.5) : null,
    entranceDoseMGy: dose && !mg ? 0.35 + index * 0.1 : null,
    organDoseDGy: dose && mg ? 0.012 + index * 0.001 : null,
    exposureMAs: dose ? (mg ? 80 + index * 5 : 4 + index) : null,
    kvp: mg ? 29 : modality === 'RF' || modality === 'XA' ? 75 : 81,
    tubeCurrentMA: mg ? 100 : 320,
    exposureTimeMs: mg ? 850 : 16,
    bodyPart: mg ? 'BREAST' : 'CHEST',
    distanceSourceToDetectorMm: mg ? 660 : 1800,
    distanceSourceToPatientMm: mg ? 610 : 1600,
    viewPosition: mg ? (index < 2 ? 'CC' : 'MLO') : index % 2 === 0 ? 'PA' : 'LL',
    laterality,
    bodyPartThicknessMm: mg ? 52 + index : null,
    compressionForceN: mg ? 95 + index : null,
    anode: mg ? 'TUNGSTEN' : null,
    filter: mg ? 'RHODIUM' : null,
  };
}

function commonImage(
  study: HeaderStudySpec,
  sopClassUid: string,
  sopInstanceUid: string,
  seriesInstanceUid: string,
  modality: string,
): Record<string, unknown> {
  const pixels = new Uint16Array(IMAGE_SIDE * IMAGE_SIDE).map((_, i) => (i * 37) % 4096);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: seriesInstanceUid,
    StudyDate: study.date,
    StudyTime: study.time,
    ContentDate: study.date,
    ContentTime: study.time,
    AcquisitionDate: study.date,
    AcquisitionTime: study.time,
    AccessionNumber: 'ACC-HEADER',
    ReferringPhysicianName: [],
    Modality: modality,
    Manufacturer: 'Kerma Test Systems',
    ManufacturerModelName: `${modality} Reference 1`,
    StationName: `${modality}1`,
    InstitutionName: 'Kerma Test Hospital',
    StudyID: '1',
    SeriesNumber: 1,
    InstanceNumber: 1,
    ...patientModule(study.patient),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: IMAGE_SIDE,
    Columns: IMAGE_SIDE,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
}

const ds = (value: number): string => formatDecimalString(value);

/** A Part-10 image whose header carries the spec's dose attributes. */
export function generateHeaderDoseImage(spec: HeaderDoseImageSpec = buildHeaderDoseImageSpec()): Uint8Array {
  const dataset: Record<string, unknown> = {
    ...commonImage(spec.study, IMAGE_SOP_CLASS[spec.modality], spec.sopInstanceUid, spec.seriesInstanceUid, spec.modality),
    SeriesDescription: `${spec.bodyPart} ${spec.viewPosition}`,
    BodyPartExamined: spec.bodyPart,
    KVP: ds(spec.kvp),
    XRayTubeCurrent: String(spec.tubeCurrentMA),
    ExposureTime: String(spec.exposureTimeMs),
    DistanceSourceToDetector: ds(spec.distanceSourceToDetectorMm),
    DistanceSourceToPatient: ds(spec.distanceSourceToPatientMm),
    ViewPosition: spec.viewPosition,
  };
  if (spec.exposureMAs !== null) dataset['Exposure'] = String(Math.round(spec.exposureMAs));
  if (spec.dapDGyCm2 !== null) dataset['ImageAndFluoroscopyAreaDoseProduct'] = ds(spec.dapDGyCm2);
  if (spec.entranceDoseMGy !== null) dataset['EntranceDoseInmGy'] = ds(spec.entranceDoseMGy);
  if (spec.organDoseDGy !== null) dataset['OrganDose'] = ds(spec.organDoseDGy);
  if (spec.laterality !== null) dataset['ImageLaterality'] = spec.laterality;
  if (spec.bodyPartThicknessMm !== null) dataset['BodyPartThickness'] = ds(spec.bodyPartThicknessMm);
  if (spec.compressionForceN !== null) dataset['CompressionForce'] = ds(spec.compressionForceN);
  if (spec.anode !== null) dataset['AnodeTargetMaterial'] = spec.anode;
  if (spec.filter !== null) dataset['FilterMaterial'] = spec.filter;
  return writePart10(dataset);
}

export type DoseScreenVendor = 'philips' | 'siemens' | 'ge';

export interface DoseScreenSpec {
  readonly vendor: DoseScreenVendor;
  readonly study: HeaderStudySpec;
  readonly sopInstanceUid: string;
  readonly dlpTotalMGyCm: number;
  readonly series: readonly { readonly label: string; readonly ctdiVolMGy: number; readonly dlpMGyCm: number }[];
  /** Text written instead of the vendor's dose text (for "unreadable screen" tests). */
  readonly textOverride: string | null;
}

export function buildDoseScreenSpec(
  options: { seed?: number; vendor?: DoseScreenVendor; studyInstanceUid?: string; textOverride?: string } = {},
): DoseScreenSpec {
  const seed = options.seed ?? 1;
  const series = [
    { label: 'Thorax', ctdiVolMGy: 6.42, dlpMGyCm: 231.5 },
    { label: 'Abdomen', ctdiVolMGy: 8.15, dlpMGyCm: 352.25 },
  ];
  return {
    vendor: options.vendor ?? 'philips',
    study: headerStudy(seed, options.studyInstanceUid),
    sopInstanceUid: deterministicUid(seed, `dose-screen-${options.vendor ?? 'philips'}`),
    dlpTotalMGyCm: 583.75,
    series,
    textOverride: options.textOverride ?? null,
  };
}

/** The dose text as each vendor writes it (Philips in Comments on Radiation Dose, Siemens and GE in Image Comments). */
function screenText(spec: DoseScreenSpec): string {
  if (spec.textOverride !== null) return spec.textOverride;
  if (spec.vendor === 'philips') return `Event=${spec.series.length} Total mAs=2210 Total DLP=${ds(spec.dlpTotalMGyCm)}`;
  const rows = spec.series.map((s) => `${s.label} CTDIvol=${ds(s.ctdiVolMGy)} mGy DLP=${ds(s.dlpMGyCm)} mGycm`).join('; ');
  return `${rows}; Total DLP=${ds(spec.dlpTotalMGyCm)} mGycm`;
}

/** A Part-10 secondary capture from a CT: a vendor dose screen with the dose text in its header. */
export function generateDoseScreen(spec: DoseScreenSpec = buildDoseScreenSpec()): Uint8Array {
  const field = spec.vendor === 'philips' ? 'CommentsOnRadiationDose' : 'ImageComments';
  return writePart10({
    ...commonImage(spec.study, SECONDARY_CAPTURE, spec.sopInstanceUid, deterministicUid(spec.sopInstanceUid.length, 'dose-screen-series'), 'CT'),
    Manufacturer: spec.vendor === 'philips' ? 'Philips' : spec.vendor === 'siemens' ? 'SIEMENS' : 'GE MEDICAL SYSTEMS',
    ConversionType: 'WSD',
    SeriesDescription: 'Dose Info',
    [field]: screenText(spec),
  });
}
