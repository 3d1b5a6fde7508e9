export { computeSkinDose, startSkinDose, type SteppedSkinDose } from './compute-skin-dose';
export { SkinDoseInputError } from './errors';
export type {
  SkinDoseOptions,
  SkinDoseResult,
  DoseMap,
  Assumption,
  AssumptionCode,
  PsdLocation,
  PlaneContribution,
  Uncertainty,
  UncertaintyComponent,
  SanityFinding,
  WithoutGeometry,
  KermaReconciliation,
  PatientSizeSource,
} from './types';
