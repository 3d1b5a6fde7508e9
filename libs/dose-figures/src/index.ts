export { skinDoseApplicability, type SkinDoseApplicability } from './skin-dose-applicability';
export {
  studyDoseFigures,
  sumKnown,
  type CtAcquisitionFigures,
  type CtFigures,
  type AdministrationFigures,
  type MammographyFigures,
  type NuclearMedicineFigures,
  type PlaneDoseFigures,
  type StudyDoseFigures,
} from './study-dose-figures';
export { peakSkinDoseFigure, type PeakSkinDoseFigure } from './peak-skin-dose';
export {
  AAPM_204_FIT,
  AAPM_204_DIAMETER_RANGE_CM,
  aapm204ConversionFactor,
  sizeSpecificDoseEstimate,
  type CtdiPhantom,
  type PatientSizeForSsde,
  type SsdeMethod,
  type SsdeResult,
} from './ssde';
export * from './drl';
