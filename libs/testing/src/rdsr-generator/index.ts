export * from './procedure-spec';
export { buildProcedureSpec, procedureSpec, ProcedureSpecError, type ProcedureSpecOptions } from './build-procedure-spec';
export { generateRdsr, rdsrDataset } from './xray-dose-report';
export { formatDecimalString, representable, DecimalStringError } from './decimal-string';
export { seededRandom, deterministicUid, type SeededRandom } from './seeded-random';
export { X_RAY_RADIATION_DOSE_SR, ENHANCED_X_RAY_RADIATION_DOSE_SR } from './dialects/standard';
export { EXPLICIT_VR_LITTLE_ENDIAN, writePart10 } from './dicom/part10';
export { DicomEncodingError } from './dicom/explicit-vr-le-encoder';
export {
  buildCtDoseReportSpec,
  generateCtDoseReport,
  type CtAcquisitionSpec,
  type CtDlpUnit,
  type CtDoseReportOptions,
  type CtDoseReportSpec,
} from './ct-dose-report';
export { generateNonDoseDicom, type NonDoseDicomKind } from './non-dose-dicom';
export { readBack } from './read-back';
export {
  buildProjectionRadiographyReportSpec,
  generateProjectionRadiographyReport,
  type ProjectionRadiographyReportOptions,
  type ProjectionRadiographyReportSpec,
  type RadiographyExposureSpec,
  type RadiographyProcedureReported,
} from './projection-radiography-report';
export {
  buildMammographyReportSpec,
  generateMammographyReport,
  type AccumulatedAgdSpec,
  type BreastSide,
  type MammographyExposureSpec,
  type MammographyReportOptions,
  type MammographyReportSpec,
} from './mammography-report';
export {
  buildRadiopharmaceuticalReportSpec,
  generateRadiopharmaceuticalDoseReport,
  RADIOPHARMACEUTICAL_CODES,
  type ActivityUnit,
  type OrganDoseSpec,
  type RadiopharmaceuticalAdministrationSpec,
  type RadiopharmaceuticalReportOptions,
  type RadiopharmaceuticalReportSpec,
} from './radiopharmaceutical-report';
export {
  buildDoseScreenSpec,
  buildHeaderDoseImageSpec,
  generateDoseScreen,
  generateHeaderDoseImage,
  headerStudy,
  type DoseScreenSpec,
  type DoseScreenVendor,
  type HeaderDoseImageOptions,
  type HeaderDoseImageSpec,
  type HeaderImageModality,
  type HeaderStudySpec,
} from './image-header-objects';
export { fixedView } from './fixed-view';
export { asAnotherStudy } from './another-study';
