import type { CodedConcept } from './content-item';

/**
 * Concepts matched by (coding scheme, code value), never by meaning. A concept lists every code that
 * means it: current SNOMED CT (SCT) and the legacy SNOMED RT (SRT) code the same reports still send.
 */
export interface Concept {
  readonly name: string;
  readonly keys: ReadonlySet<string>;
  /** The same keys as a list, for queries that visit each (cheaper than iterating the set). */
  readonly keyList: readonly string[];
}

/** Legacy names of the same coding scheme, folded so that one key matches all of them. */
const SCHEME_ALIASES: Readonly<Record<string, string>> = { SNM3: 'SRT', '99SDM': 'SRT', UCM: 'UCUM' };

export function schemeKey(scheme: string): string {
  return SCHEME_ALIASES[scheme] ?? scheme;
}

export function codeKey(scheme: string, value: string): string {
  return `${schemeKey(scheme)}|${value}`;
}

export function concept(name: string, ...codes: readonly (readonly [scheme: string, value: string])[]): Concept {
  const keys = new Set(codes.map(([s, v]) => codeKey(s, v)));
  return { name, keys, keyList: [...keys] };
}

const dcm = (name: string, value: string): Concept => concept(name, ['DCM', value]);

export function is(code: CodedConcept | null | undefined, c: Concept): boolean {
  return code != null && c.keys.has(code.key);
}

/** Document roots and containers. */
export const Root = {
  xRayRadiationDoseReport: dcm('X-Ray Radiation Dose Report', '113701'),
  radiopharmaceuticalDoseReport: dcm('Radiopharmaceutical Radiation Dose Report', '113500'),
  patientRadiationDoseReport: dcm('Patient Radiation Dose Report', '128401'),
  siemensRadiationSummary: concept('Siemens radiation summary', ['99SMS_RADSUM', 'C-10']),
} as const;

export const Report = {
  procedureReported: dcm('Procedure reported', '121058'),
  hasIntent: concept('Has Intent', ['SRT', 'G-C0E8'], ['SCT', '363703001']),
  scopeOfAccumulation: dcm('Scope of Accumulation', '113705'),
  studyInstanceUid: dcm('Study Instance UID', '110180'),
  performedProcedureStepUid: dcm('Performed Procedure Step SOP Instance UID', '121126'),
  seriesInstanceUid: dcm('Series Instance UID', '112002'),
  accumulatedXRayDoseData: dcm('Accumulated X-Ray Dose Data', '113702'),
  irradiationEventXRayData: dcm('Irradiation Event X-Ray Data', '113706'),
  ctAccumulatedDoseData: dcm('CT Accumulated Dose Data', '113811'),
  ctAcquisition: dcm('CT Acquisition', '113819'),
  comment: dcm('Comment', '121106'),
  sourceOfDoseInformation: dcm('Source of Dose Information', '113854'),
} as const;

export const ProcedureType = {
  projectionXRay: dcm('Projection X-Ray', '113704'),
  computedTomography: concept('Computed Tomography X-Ray', ['SCT', '77477000'], ['SRT', 'P5-08000']),
  mammography: concept('Mammography', ['SCT', '71651007'], ['SRT', 'P5-40010']),
} as const;

export const Observer = {
  observerType: dcm('Observer Type', '121005'),
  device: dcm('Device', '121007'),
  person: dcm('Person', '121006'),
  deviceObserverUid: dcm('Device Observer UID', '121012'),
  deviceObserverName: dcm('Device Observer Name', '121013'),
  deviceObserverManufacturer: dcm('Device Observer Manufacturer', '121014'),
  deviceObserverModelName: dcm('Device Observer Model Name', '121015'),
  deviceObserverSerialNumber: dcm('Device Observer Serial Number', '121016'),
  deviceObserverPhysicalLocation: dcm('Device Observer Physical Location During Observation', '121017'),
} as const;

export const Accumulated = {
  acquisitionPlane: dcm('Acquisition Plane', '113764'),
  calibration: dcm('Calibration', '122505'),
  doseMeasurementDevice: dcm('Dose Measurement Device', '113794'),
  calibrationDate: dcm('Calibration Date', '113723'),
  calibrationFactor: dcm('Calibration Factor', '122322'),
  calibrationUncertainty: dcm('Calibration Uncertainty', '113763'),
  calibrationResponsibleParty: dcm('Calibration Responsible Party', '113724'),
  dapTotal: dcm('Dose Area Product Total', '113722'),
  doseRpTotal: dcm('Dose (RP) Total', '113725'),
  fluoroDapTotal: dcm('Fluoro Dose Area Product Total', '113726'),
  acquisitionDapTotal: dcm('Acquisition Dose Area Product Total', '113727'),
  fluoroDoseRpTotal: dcm('Fluoro Dose (RP) Total', '113728'),
  acquisitionDoseRpTotal: dcm('Acquisition Dose (RP) Total', '113729'),
  totalFluoroTime: dcm('Total Fluoro Time', '113730'),
  totalNumberOfRadiographicFrames: dcm('Total Number of Radiographic Frames', '113731'),
  totalAcquisitionTime: dcm('Total Acquisition Time', '113855'),
  referencePointDefinition: dcm('Reference Point Definition', '113780'),
} as const;

export const Plane = {
  a: dcm('Plane A', '113620'),
  b: dcm('Plane B', '113621'),
  single: dcm('Single Plane', '113622'),
} as const;

export const Event = {
  dateTimeStarted: dcm('DateTime Started', '111526'),
  irradiationEventUid: dcm('Irradiation Event UID', '113769'),
  irradiationEventType: dcm('Irradiation Event Type', '113721'),
  acquisitionProtocol: dcm('Acquisition Protocol', '125203'),
  targetRegion: dcm('Target Region', '123014'),
  dap: dcm('Dose Area Product', '122130'),
  patientTableRelationship: dcm('Patient Table Relationship', '113745'),
  patientOrientation: dcm('Patient Orientation', '113743'),
  patientOrientationModifier: dcm('Patient Orientation Modifier', '113744'),
  patientEquivalentThickness: dcm('Patient Equivalent Thickness', '111638'),
} as const;

export const EventType = {
  fluoroscopy: concept('Fluoroscopy', ['SCT', '44491008'], ['SRT', 'P5-06000']),
  stationary: dcm('Stationary Acquisition', '113611'),
  stepping: dcm('Stepping Acquisition', '113612'),
  rotational: dcm('Rotational Acquisition', '113613'),
} as const;

/** TID 10003B: X-ray source data. */
export const Source = {
  doseRp: dcm('Dose (RP)', '113738'),
  fluoroMode: dcm('Fluoro Mode', '113732'),
  continuous: dcm('Continuous', '113630'),
  pulsed: dcm('Pulsed', '113631'),
  pulseRate: dcm('Pulse Rate', '113791'),
  numberOfPulses: dcm('Number of Pulses', '113768'),
  irradiationDuration: dcm('Irradiation Duration', '113742'),
  kvp: dcm('KVP', '113733'),
  tubeCurrent: dcm('X-Ray Tube Current', '113734'),
  averageTubeCurrent: dcm('Average X-Ray Tube Current', '113767'),
  exposureTime: dcm('Exposure Time', '113824'),
  exposureTimeRetired: dcm('Exposure Time (retired)', '113735'),
  pulseWidth: dcm('Pulse Width', '113793'),
  exposure: dcm('Exposure', '113736'),
  focalSpotSize: dcm('Focal Spot Size', '113766'),
  collimatedFieldArea: dcm('Collimated Field Area', '113790'),
  collimatedFieldHeight: dcm('Collimated Field Height', '113788'),
  collimatedFieldWidth: dcm('Collimated Field Width', '113789'),
  xRayFilters: dcm('X-Ray Filters', '113771'),
  xRayFilterType: dcm('X-Ray Filter Type', '113772'),
  xRayFilterMaterial: dcm('X-Ray Filter Material', '113757'),
  xRayFilterThicknessMinimum: dcm('X-Ray Filter Thickness Minimum', '113758'),
  xRayFilterThicknessMaximum: dcm('X-Ray Filter Thickness Maximum', '113773'),
} as const;

/** TID 10003C: mechanical data, including the CID 10008 distances and positions. */
export const Mechanical = {
  positionerPrimaryAngle: dcm('Positioner Primary Angle', '112011'),
  positionerSecondaryAngle: dcm('Positioner Secondary Angle', '112012'),
  positionerPrimaryEndAngle: dcm('Positioner Primary End Angle', '113739'),
  positionerSecondaryEndAngle: dcm('Positioner Secondary End Angle', '113740'),
  columnAngulation: dcm('Column Angulation', '113770'),
  tableHeadTiltAngle: dcm('Table Head Tilt Angle', '113754'),
  tableHorizontalRotationAngle: dcm('Table Horizontal Rotation Angle', '113755'),
  tableCradleTiltAngle: dcm('Table Cradle Tilt Angle', '113756'),
  distanceSourceToIsocenter: dcm('Distance Source to Isocenter', '113748'),
  distanceSourceToDetector: dcm('Distance Source to Detector', '113750'),
  distanceSourceToReferencePoint: dcm('Distance Source to Reference Point', '113737'),
  distanceSourceToTablePlane: dcm('Distance Source to Table Plane', '113792'),
  tableLongitudinalPosition: dcm('Table Longitudinal Position', '113751'),
  tableLateralPosition: dcm('Table Lateral Position', '113752'),
  tableHeightPosition: dcm('Table Height Position', '113753'),
  tableLongitudinalEndPosition: dcm('Table Longitudinal End Position', '113759'),
  tableLateralEndPosition: dcm('Table Lateral End Position', '113760'),
  tableHeightEndPosition: dcm('Table Height End Position', '113761'),
} as const;

/** Enhanced X-Ray Radiation Dose SR (…88.76) geometry. */
export const Enhanced = {
  positionerIsocenterPrimaryAngle: dcm('Positioner Isocenter Primary Angle', '128757'),
  positionerIsocenterSecondaryAngle: dcm('Positioner Isocenter Secondary Angle', '128758'),
  positionerIsocenterDetectorRotationAngle: dcm('Positioner Isocenter Detector Rotation Angle', '128759'),
  tableXPositionToIsocenter: dcm('Table X Position to Isocenter', '128766'),
  tableYPositionToIsocenter: dcm('Table Y Position to Isocenter', '128767'),
  tableZPositionToIsocenter: dcm('Table Z Position to Isocenter', '128768'),
  frameOfReferenceOrigin: dcm('RDSR Frame of Reference Origin', '130506'),
} as const;

/** CID 21, 19, 20: patient position. */
export const PatientPosition = {
  headfirst: concept('headfirst', ['SCT', '102540008'], ['SRT', 'F-10470']),
  feetfirst: concept('feet-first', ['SCT', '102541007'], ['SRT', 'F-10480']),
  recumbent: concept('recumbent', ['SCT', '102538003'], ['SRT', 'F-10450']),
  erect: concept('erect', ['SCT', '102539006'], ['SRT', 'F-10460']),
  supine: concept('supine', ['SCT', '40199007'], ['SRT', 'F-10340']),
  prone: concept('prone', ['SCT', '1240000'], ['SRT', 'F-10310']),
  leftLateralDecubitus: concept('left lateral decubitus', ['SCT', '102535001'], ['SRT', 'F-10317']),
  rightLateralDecubitus: concept('right lateral decubitus', ['SCT', '102536000'], ['SRT', 'F-10319']),
} as const;

/**
 * CID 10006: filter materials. Legacy SRT codes as listed by CID 10006; the SNOMED CT codes of copper
 * and aluminum are the ones current reports send. Materials without a known code normalize to 'other'.
 */
export const FilterMaterial = {
  copper: concept('Copper', ['SCT', '66925006'], ['SRT', 'C-127F9']),
  aluminum: concept('Aluminum', ['SCT', '12503006'], ['SRT', 'C-120F9']),
  molybdenum: concept('Molybdenum', ['SRT', 'C-150F9']),
  rhodium: concept('Rhodium', ['SRT', 'C-167F9']),
  silver: concept('Silver', ['SRT', 'C-137F9']),
  lead: concept('Lead', ['SRT', 'C-132F9']),
  niobium: concept('Niobium', ['SRT', 'C-1190E']),
  europium: concept('Europium', ['SRT', 'C-1190F']),
} as const;

/** TID 10011 CT. */
export const Ct = {
  totalNumberOfIrradiationEvents: dcm('Total Number of Irradiation Events', '113812'),
  dlpTotal: dcm('CT Dose Length Product Total', '113813'),
  acquisitionType: dcm('CT Acquisition Type', '113820'),
  acquisitionParameters: dcm('CT Acquisition Parameters', '113822'),
  exposureTime: dcm('Exposure Time', '113824'),
  scanningLength: dcm('Scanning Length', '113825'),
  xRaySourceParameters: dcm('CT X-Ray Source Parameters', '113831'),
  ctDose: dcm('CT Dose', '113829'),
  meanCtdiVol: dcm('Mean CTDIvol', '113830'),
  phantomType: dcm('CTDIw Phantom Type', '113835'),
  dlp: dcm('DLP', '113838'),
} as const;

/** TID 10021 Radiopharmaceutical Radiation Dose, TID 10022 administration event, TID 10023 organ dose. */
export const Radiopharmaceutical = {
  administration: dcm('Radiopharmaceutical Administration', '113502'),
  administrationEventUid: concept('Radiopharmaceutical Administration Event UID', ['DCM', '113503'], ['DCM', '113769']),
  agent: concept('Radiopharmaceutical agent', ['SCT', '349358000'], ['SRT', 'F-61FDB']),
  radionuclide: concept('Radionuclide', ['SCT', '89457008'], ['SRT', 'C-10072']),
  halfLife: concept('Radionuclide Half Life', ['SCT', '304283002'], ['SRT', 'R-42806']),
  startDateTime: dcm('Radiopharmaceutical Start DateTime', '123003'),
  stopDateTime: dcm('Radiopharmaceutical Stop DateTime', '123004'),
  volume: dcm('Radiopharmaceutical Volume', '123005'),
  administeredActivity: dcm('Administered activity', '113507'),
  route: concept('Route of administration', ['SCT', '410675002'], ['SRT', 'G-C340']),
  site: concept('Site of', ['SCT', '363698007'], ['SRT', 'G-C0E3']),
  organDoseInformation: dcm('Organ Dose Information', '113517'),
  organDose: dcm('Organ Dose', '113518'),
  organ: concept('Finding site', ['SCT', '363698007'], ['SRT', 'G-C0E3']),
  referenceAuthority: dcm('Reference Authority', '113519'),
  effectiveDose: dcm('Effective Dose', '113839'),
} as const;

/** TID 10013 CT Dose: the patient size items of the size-specific dose estimate (CID 10023 context). */
export const CtSize = {
  measuredLateralDimension: dcm('Measured Lateral Dimension', '113931'),
  measuredApDimension: dcm('Measured AP Dimension', '113932'),
  derivedEffectiveDiameter: dcm('Derived Effective Diameter', '113933'),
} as const;
