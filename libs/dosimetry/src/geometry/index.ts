export { detectorDirectionPatient, toTableFrame, buildBeam, type BeamGeometry } from './beam';
export { resolvePatientPosition, placement, type PatientPosition, type Placement, type PositionResolution } from './patient-position';
export { resolveReferenceDistance, type ReferenceDistance, type ReferenceGeometry } from './reference-point';
export { resolveFieldSize, type FieldSize, type FieldInputs } from './field';
export { tableDisplacement, weightedMedian, type TableDisplacement } from './table-position';
export type { V3 } from './vector';
export { resolveDeviceClass, MINIMUM_SOURCE_SKIN_DISTANCE_MM, type DeviceClass, type DeviceClassResolution } from './device-class';
export { checkAngleRange, type AngleRangeCheck } from './angle-range';
