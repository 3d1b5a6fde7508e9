export { IG_CANONICAL, IG_VERSION, PROFILE, SYSTEM, COMPONENT, PROCEDURE_REPORTED, RADIATION_DOSE_SUMMARY_CODE } from './codes';
export type { FhirStudyInput } from './study-input';
export type { FhirResource } from './resources';
export { radiationDoseBundle, radiationDosePushBundle, type BundleType } from './bundle';
export { radiationDoseSummary } from './radiation-dose-summary';
export { checkRadiationDoseSummaryIg, type IgFinding } from './ig-checks';
export const FHIR_JSON = 'application/fhir+json';
