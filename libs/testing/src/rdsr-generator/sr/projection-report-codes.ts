import type { Code } from './codes';

/**
 * Codes of the radiography and mammography dose reports (PS3.16 TID 10001 row 4, TID 10003, TID 10005,
 * CID 10005, 10006, 10016, 244, 6023). SNOMED concepts carry their current SCT code; the legacy SRT code
 * is given where the parser must also accept it.
 */
const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });

export const PROJECTION_CODES = {
  acquisitionDeviceType: dcm('122142', 'Acquisition Device Type'),
  integratedProjectionRadiographySystem: dcm('113958', 'Integrated Projection Radiography System'),
  /** CID 10005 (2024 and later): the SCT code that names plain radiography outright. */
  plainRadiography: sct('168537006', 'Plain radiography'),
  mammography: sct('71651007', 'Mammography'),
  averageGlandularDose: dcm('111631', 'Average Glandular Dose'),
  anodeTargetMaterial: dcm('111632', 'Anode Target Material'),
  compressionThickness: dcm('111633', 'Compression Thickness'),
  halfValueLayer: dcm('111634', 'Half Value Layer'),
  entranceExposureAtRp: dcm('111636', 'Entrance Exposure at RP'),
  accumulatedAverageGlandularDose: dcm('111637', 'Accumulated Average Glandular Dose'),
  laterality: sct('272741003', 'Laterality'),
  breast: sct('76752008', 'Breast'),
} as const;

/** CID 6023: the breast(s) an accumulated AGD is for. */
export const BREAST_SIDE_CODES = {
  left: sct('80248007', 'Left breast'),
  right: sct('73056007', 'Right breast'),
  bilateral: sct('63762007', 'Both breasts'),
} as const;

/** CID 244: laterality of one exposure. */
export const LATERALITY_CODES = {
  left: sct('7771000', 'Left'),
  right: sct('24028007', 'Right'),
} as const;

/** CID 10016 anode target materials. */
export const ANODE_CODES = {
  molybdenum: sct('71128006', 'Molybdenum'),
  rhodium: sct('59801003', 'Rhodium'),
  tungsten: sct('26194003', 'Tungsten'),
} as const;

/** CID 10006 filter materials used in mammography. */
export const MAMMOGRAPHY_FILTER_CODES = {
  molybdenum: sct('71128006', 'Molybdenum'),
  rhodium: sct('59801003', 'Rhodium'),
  silver: sct('41967008', 'Silver'),
  aluminum: sct('12503006', 'Aluminum'),
} as const;
