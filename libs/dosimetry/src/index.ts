export * from './engine';
export { ALGORITHM_VERSION } from './version';
export { DEFAULT_PROFILES, GENERIC_PROFILE, validateProfile, selectProfile, InvalidProfileError, UnknownProfileError } from './profiles';
export type { GeometryProfile, ProfileValidation } from './profiles';
export { serializeDoseMap, deserializeDoseMap, InvalidDoseMapError, type SerializedDoseMap } from './output/serialize';
export { renderSkinDoseMapPng, DOSE_BANDS } from './output/render-map';
export { encodePng } from './output/png';
export type { PhantomKind } from './phantoms';
export type { PatientPosition } from './geometry';
