export {
  accumulateStudyMaps,
  INTERVAL_METHOD,
  type StudySkinDose,
  type CumulativeSkinDose,
  type StudyContribution,
  type CumulativeAssumption,
  type CumulativeAssumptionCode,
} from './accumulate-study-maps';
export {
  bodySurface,
  checkMapFitsSurface,
  mapSurfaceOf,
  isBodySurface,
  surfaceKey,
  UnsupportedSurfaceError,
  type MapSurface,
  type BodySurface,
  type SurfaceSegment,
} from './map-surface';
export { patientPhantom, type PatientPhantom, type ReportedBody, type SizedFrom } from './patient-surface';
export { resampleDoseMap } from './resample';
export { encodeDoseGrid, decodeDoseGrid } from './compact-map';
