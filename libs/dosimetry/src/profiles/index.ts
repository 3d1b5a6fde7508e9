export { DEFAULT_PROFILES, GENERIC_PROFILE } from './builtins';
export { validateProfile, geometryProfileSchema, InvalidProfileError, type GeometryProfile, type ProfileValidation, type FieldSizeSource } from './schema';
export { selectProfile, normalizeDeviceName, UnknownProfileError, type ProfileSelection, type ProfileSelectionKind } from './select';
