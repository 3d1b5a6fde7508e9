export { skinDoseApplicability, type SkinDoseApplicability } from './skin-dose-applicability';
export {
  studyDoseFigures,
  sumKnown,
  type CtAcquisitionFigures,
  type CtFigures,
  type MammographyFigures,
  type PlaneDoseFigures,
  type StudyDoseFigures,
} from './study-dose-figures';
export { peakSkinDoseFigure, type PeakSkinDoseFigure } from './peak-skin-dose';
export * from './drl';
