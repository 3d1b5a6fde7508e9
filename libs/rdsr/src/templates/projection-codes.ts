import { concept, type Concept } from '../sr/codes';

/**
 * Concepts of the radiography and mammography parts of the X-ray dose report: TID 10001 row 4
 * (Acquisition Device Type), CID 10005 procedure types, TID 10005, CID 6023 / CID 244 sides, and the
 * SCT codes of CID 10006 filter materials that current mammography units send (legacy SRT beside them).
 */

const dcm = (name: string, value: string): Concept => concept(name, ['DCM', value]);

/** CID 10005 entries beyond Projection X-Ray, CT and Mammography (SRT codes from the 2024 edition). */
export const ProcedureTypeExtra = {
  plainRadiography: concept('Plain radiography', ['SCT', '168537006'], ['SRT', 'P5-009FA']),
  fluoroscopy: concept('Fluoroscopy', ['SCT', '44491008'], ['SRT', 'P5-06000']),
  // The 2024 and 2026 editions of CID 10005 give different SCT codes for this concept; both are accepted.
  fluoroscopyAndRadiography: concept('Fluoroscopy and radiography', ['SCT', '169014003'], ['SCT', '1373320005'], ['SRT', 'P5-0600F']),
} as const;

/** TID 10001 row 4 and CID 10032. */
export const AcquisitionDevice = {
  acquisitionDeviceType: dcm('Acquisition Device Type', '122142'),
  fluoroscopyGuided: dcm('Fluoroscopy-Guided Projection Radiography System', '113957'),
  integrated: dcm('Integrated Projection Radiography System', '113958'),
  cassetteBased: dcm('Cassette-based Projection Radiography System', '113959'),
} as const;

/** TID 10005 and the laterality modifier of its values. */
export const Mammography = {
  accumulatedAverageGlandularDose: dcm('Accumulated Average Glandular Dose', '111637'),
  laterality: concept('Laterality', ['SCT', '272741003'], ['SRT', 'G-C171']),
  leftBreast: concept('Left breast', ['SCT', '80248007'], ['SRT', 'T-04030']),
  rightBreast: concept('Right breast', ['SCT', '73056007'], ['SRT', 'T-04020']),
  bothBreasts: concept('Both breasts', ['SCT', '63762007'], ['SRT', 'T-04080']),
  left: concept('Left', ['SCT', '7771000'], ['SRT', 'G-A101']),
  right: concept('Right', ['SCT', '24028007'], ['SRT', 'G-A100']),
  rightAndLeft: concept('Right and left', ['SCT', '51440002'], ['SRT', 'G-A102']),
} as const;

/** CID 10006 filter materials by their SCT codes (sr/codes.ts lists only the legacy SRT codes of these). */
export const FilterMaterialSct = {
  molybdenum: concept('Molybdenum', ['SCT', '71128006']),
  rhodium: concept('Rhodium', ['SCT', '59801003']),
  silver: concept('Silver', ['SCT', '41967008']),
  lead: concept('Lead', ['SCT', '88488004']),
  niobium: concept('Niobium', ['SCT', '767776000']),
  europium: concept('Europium', ['SCT', '767775001']),
  tin: concept('Tin', ['SCT', '12597001']),
} as const;
