import type { GeometryProfile, TransmissionTable } from './schema';

/**
 * Built-in geometry profiles. Sources: PySkinDose normalization settings and table data (MIT,
 * github.com/rvbCMTS/PySkinDose) for Siemens AXIOM-Artis and Philips Allura Clarity; vendor quirks seen
 * in real RDSRs (which table field carries the long travel) for the others. None has a calibrated
 * table origin, so all anchor the isocenter at the target region (an assumption every result lists).
 */

const ESTIMATED_PATIENT_SUPPORT: TransmissionTable = {
  kind: 'estimated',
  source: 'table + mattress together, 0.8 at all beam qualities (PySkinDose estimate_k_tab default); not measured on this model',
  points: [{ kvp: 80, cuMm: 0, transmission: 0.8 }],
};

const INCLUDED_IN_TABLE: TransmissionTable = {
  kind: 'estimated',
  source: 'included in the table transmission (measured or estimated for table and mattress together)',
  points: [{ kvp: 80, cuMm: 0, transmission: 1 }],
};

/** Table + pad measured on a Siemens AXIOM-Artis (PySkinDose table_transmission.csv, lab 106, 2018-04). */
const SIEMENS_AXIOM_MEASURED: TransmissionTable = {
  kind: 'measured',
  source: 'table + pad, Siemens AXIOM-Artis, PySkinDose table_transmission.csv (measured lab 106, 2018-04)',
  points: (
    [
      [0, [0.5974, 0.6192, 0.6383, 0.6547, 0.6685, 0.6796, 0.688, 0.6956]],
      [0.1, [0.6514, 0.6702, 0.6866, 0.7004, 0.7118, 0.7207, 0.7272, 0.7322]],
      [0.2, [0.6715, 0.6904, 0.7065, 0.72, 0.7307, 0.7388, 0.7441, 0.747]],
      [0.3, [0.6861, 0.704, 0.7192, 0.7319, 0.7419, 0.7493, 0.7541, 0.7563]],
      [0.6, [0.7003, 0.7191, 0.735, 0.7477, 0.7574, 0.764, 0.7676, 0.7672]],
      [0.9, [0.6977, 0.7204, 0.7391, 0.754, 0.765, 0.7721, 0.7752, 0.7747]],
    ] as const
  ).flatMap(([cuMm, values]) => [50, 60, 70, 80, 90, 100, 110, 125].map((kvp, i) => ({ kvp, cuMm, transmission: values[i] }))),
};

const COMMON_SUPPORT = { widthMm: 450, thicknessMm: 50 } as const;
const MATTRESS_MM = 40;

/** Table, mattress and isocenter of a profile without a calibrated table origin (all built-ins, see above). */
function uncalibratedSupport(tableTransmission: TransmissionTable): Pick<GeometryProfile, 'isocenter' | 'table' | 'mattress'> {
  return {
    isocenter: { mode: 'anchored' },
    table: { ...COMMON_SUPPORT, transmission: tableTransmission },
    mattress: { thicknessMm: MATTRESS_MM, transmission: INCLUDED_IN_TABLE },
  };
}

export const GENERIC_PROFILE: GeometryProfile = {
  id: 'generic',
  version: '1.0.0',
  description:
    'Fallback for any fixed C-arm: DICOM PS3.3 angle conventions, RDSR Table Longitudinal moves along the patient, no sign flips, estimated table transmission',
  match: { manufacturer: '.*', model: '.*' },
  tableAxes: { longitudinal: { field: 'longitudinal', sign: 1 }, lateral: { field: 'lateral', sign: 1 }, heightSign: 1 },
  angleSigns: { primary: 1, secondary: 1 },
  ...uncalibratedSupport(ESTIMATED_PATIENT_SUPPORT),
  detector: { sideMm: 400 },
  defaults: { distanceSourceToIsocenterMm: 750, distanceSourceToDetectorMm: 1100, inherentFiltrationMmAl: 3.1 },
  fieldSizeSources: ['height-width', 'area', 'dap-over-kar', 'detector'],
};

export const DEFAULT_PROFILES: readonly GeometryProfile[] = [
  {
    id: 'siemens-artis',
    version: '1.1.0',
    description:
      'Siemens AXIOM-Artis / Artis zee / Q / One: Table Lateral Position carries the long travel (axes swapped), larger Table Height Position = lower table (PySkinDose), measured table + pad transmission of one AXIOM-Artis',
    match: { manufacturer: 'siemens', model: 'axiom|artis' },
    tableAxes: { longitudinal: { field: 'lateral', sign: 1 }, lateral: { field: 'longitudinal', sign: 1 }, heightSign: -1 },
    angleSigns: { primary: 1, secondary: 1 },
    ...uncalibratedSupport(SIEMENS_AXIOM_MEASURED),
    detector: { sideMm: 400 },
    deviceClass: 'fixed',
    defaults: { distanceSourceToIsocenterMm: 785, distanceSourceToDetectorMm: 1200, inherentFiltrationMmAl: 3.1 },
    fieldSizeSources: ['area', 'height-width', 'dap-over-kar', 'detector'],
  },
  {
    id: 'philips-allura',
    version: '1.1.0',
    description:
      'Philips Allura Xper / Clarity: long travel in Table Lateral Position (axes swapped), secondary angle inverted (PySkinDose), no collimated field area (field from DAP / Ka,r)',
    match: { manufacturer: 'philips', model: 'allura|xper|clarity' },
    tableAxes: { longitudinal: { field: 'lateral', sign: 1 }, lateral: { field: 'longitudinal', sign: 1 }, heightSign: 1 },
    angleSigns: { primary: 1, secondary: -1 },
    ...uncalibratedSupport(ESTIMATED_PATIENT_SUPPORT),
    detector: { sideMm: 400 },
    deviceClass: 'fixed',
    defaults: { distanceSourceToIsocenterMm: 765, distanceSourceToDetectorMm: 1100, inherentFiltrationMmAl: 3.1 },
    fieldSizeSources: ['height-width', 'area', 'dap-over-kar', 'detector'],
  },
  {
    id: 'philips-azurion',
    version: '1.1.0',
    description:
      'Philips Azurion: long travel in Table Longitudinal Position (not swapped, unlike Allura); collimated field values are 0, so the field comes from DAP / Ka,r; angle signs as Allura (unvalidated)',
    match: { manufacturer: 'philips', model: 'azurion' },
    tableAxes: { longitudinal: { field: 'longitudinal', sign: 1 }, lateral: { field: 'lateral', sign: 1 }, heightSign: 1 },
    angleSigns: { primary: 1, secondary: -1 },
    ...uncalibratedSupport(ESTIMATED_PATIENT_SUPPORT),
    detector: { sideMm: 400 },
    deviceClass: 'fixed',
    defaults: { distanceSourceToIsocenterMm: 765, distanceSourceToDetectorMm: 1100, inherentFiltrationMmAl: 3.1 },
    fieldSizeSources: ['dap-over-kar', 'height-width', 'area', 'detector'],
  },
  {
    id: 'canon-alphenix',
    version: '1.1.0',
    description:
      'Canon (Toshiba) Alphenix: long travel in Table Lateral Position (axes swapped); collimated field area and height × width disagree in real files, so the field comes from DAP / Ka,r first',
    match: { manufacturer: 'canon|toshiba', model: 'alphenix|infx|dfp-8000' },
    tableAxes: { longitudinal: { field: 'lateral', sign: 1 }, lateral: { field: 'longitudinal', sign: 1 }, heightSign: 1 },
    angleSigns: { primary: 1, secondary: 1 },
    ...uncalibratedSupport(ESTIMATED_PATIENT_SUPPORT),
    detector: { sideMm: 300 },
    deviceClass: 'fixed',
    defaults: { distanceSourceToIsocenterMm: 700, distanceSourceToDetectorMm: 1100, inherentFiltrationMmAl: 3.1 },
    fieldSizeSources: ['dap-over-kar', 'area', 'height-width', 'detector'],
  },
  GENERIC_PROFILE,
];
