/** A coded entry as written in a Code Sequence item. */
export interface Code {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });
const srt = (value: string, meaning: string): Code => ({ value, scheme: 'SRT', meaning });

/** Concept names of TID 10001–10004 and the TID 1002 observer context (all DCM). */
export const CONCEPT = {
  xrayDoseReport: dcm('113701', 'X-Ray Radiation Dose Report'),
  procedureReported: dcm('121058', 'Procedure reported'),
  projectionXray: dcm('113704', 'Projection X-Ray'),
  observerType: dcm('121005', 'Observer Type'),
  device: dcm('121007', 'Device'),
  deviceObserverUid: dcm('121012', 'Device Observer UID'),
  deviceObserverName: dcm('121013', 'Device Observer Name'),
  deviceObserverManufacturer: dcm('121014', 'Device Observer Manufacturer'),
  deviceObserverModelName: dcm('121015', 'Device Observer Model Name'),
  deviceObserverSerialNumber: dcm('121016', 'Device Observer Serial Number'),
  scopeOfAccumulation: dcm('113705', 'Scope of Accumulation'),
  study: dcm('113014', 'Study'),
  performedProcedureStep: dcm('113016', 'Performed Procedure Step'),
  studyInstanceUid: dcm('110180', 'Study Instance UID'),
  ppsSopInstanceUid: dcm('121126', 'Performed Procedure Step SOP Instance UID'),
  accumulatedDoseData: dcm('113702', 'Accumulated X-Ray Dose Data'),
  acquisitionPlane: dcm('113764', 'Acquisition Plane'),
  planeA: dcm('113620', 'Plane A'),
  planeB: dcm('113621', 'Plane B'),
  singlePlane: dcm('113622', 'Single Plane'),
  calibration: dcm('122505', 'Calibration'),
  doseMeasurementDevice: dcm('113794', 'Dose Measurement Device'),
  calibrationDate: dcm('113723', 'Calibration Date'),
  calibrationFactor: dcm('122322', 'Calibration Factor'),
  calibrationUncertainty: dcm('113763', 'Calibration Uncertainty'),
  calibrationResponsibleParty: dcm('113724', 'Calibration Responsible Party'),
  dapTotal: dcm('113722', 'Dose Area Product Total'),
  doseRpTotal: dcm('113725', 'Dose (RP) Total'),
  fluoroDapTotal: dcm('113726', 'Fluoro Dose Area Product Total'),
  fluoroDoseRpTotal: dcm('113728', 'Fluoro Dose (RP) Total'),
  totalFluoroTime: dcm('113730', 'Total Fluoro Time'),
  acquisitionDapTotal: dcm('113727', 'Acquisition Dose Area Product Total'),
  acquisitionDoseRpTotal: dcm('113729', 'Acquisition Dose (RP) Total'),
  totalAcquisitionTime: dcm('113855', 'Total Acquisition Time'),
  totalRadiographicFrames: dcm('113731', 'Total Number of Radiographic Frames'),
  referencePointDefinition: dcm('113780', 'Reference Point Definition'),
  irradiationEvent: dcm('113706', 'Irradiation Event X-Ray Data'),
  dateTimeStarted: dcm('111526', 'DateTime Started'),
  irradiationEventType: dcm('113721', 'Irradiation Event Type'),
  acquisitionProtocol: dcm('125203', 'Acquisition Protocol'),
  irradiationEventUid: dcm('113769', 'Irradiation Event UID'),
  targetRegion: dcm('123014', 'Target Region'),
  comment: dcm('121106', 'Comment'),
  dap: dcm('122130', 'Dose Area Product'),
  doseRp: dcm('113738', 'Dose (RP)'),
  fluoroMode: dcm('113732', 'Fluoro Mode'),
  pulsed: dcm('113631', 'Pulsed'),
  continuous: dcm('113630', 'Continuous'),
  pulseRate: dcm('113791', 'Pulse Rate'),
  numberOfPulses: dcm('113768', 'Number of Pulses'),
  irradiationDuration: dcm('113742', 'Irradiation Duration'),
  kvp: dcm('113733', 'KVP'),
  tubeCurrent: dcm('113734', 'X-Ray Tube Current'),
  exposureTime: dcm('113824', 'Exposure Time'),
  exposureTimeRetired: dcm('113735', 'Exposure Time'),
  pulseWidth: dcm('113793', 'Pulse Width'),
  exposure: dcm('113736', 'Exposure'),
  focalSpotSize: dcm('113766', 'Focal Spot Size'),
  collimatedFieldArea: dcm('113790', 'Collimated Field Area'),
  collimatedFieldHeight: dcm('113788', 'Collimated Field Height'),
  collimatedFieldWidth: dcm('113789', 'Collimated Field Width'),
  xrayFilters: dcm('113771', 'X-Ray Filters'),
  xrayFilterType: dcm('113772', 'X-Ray Filter Type'),
  stripFilter: dcm('113650', 'Strip filter'),
  wedgeFilter: dcm('113651', 'Wedge filter'),
  flatFilter: dcm('113653', 'Flat filter'),
  xrayFilterMaterial: dcm('113757', 'X-Ray Filter Material'),
  filterThicknessMinimum: dcm('113758', 'X-Ray Filter Thickness Minimum'),
  filterThicknessMaximum: dcm('113773', 'X-Ray Filter Thickness Maximum'),
  positionerPrimaryAngle: dcm('112011', 'Positioner Primary Angle'),
  positionerSecondaryAngle: dcm('112012', 'Positioner Secondary Angle'),
  positionerPrimaryEndAngle: dcm('113739', 'Positioner Primary End Angle'),
  positionerSecondaryEndAngle: dcm('113740', 'Positioner Secondary End Angle'),
  tableHeadTiltAngle: dcm('113754', 'Table Head Tilt Angle'),
  distanceSourceToIsocenter: dcm('113748', 'Distance Source to Isocenter'),
  distanceSourceToDetector: dcm('113750', 'Distance Source to Detector'),
  distanceSourceToReferencePoint: dcm('113737', 'Distance Source to Reference Point'),
  tableLongitudinalPosition: dcm('113751', 'Table Longitudinal Position'),
  tableLateralPosition: dcm('113752', 'Table Lateral Position'),
  tableHeightPosition: dcm('113753', 'Table Height Position'),
  patientTableRelationship: dcm('113745', 'Patient Table Relationship'),
  patientOrientation: dcm('113743', 'Patient Orientation'),
  patientOrientationModifier: dcm('113744', 'Patient Orientation Modifier'),
  patientEquivalentThickness: dcm('111638', 'Patient Equivalent Thickness'),
  stationaryAcquisition: dcm('113611', 'Stationary Acquisition'),
  steppingAcquisition: dcm('113612', 'Stepping Acquisition'),
  rotationalAcquisition: dcm('113613', 'Rotational Acquisition'),
  sourceOfDoseInformation: dcm('113854', 'Source of Dose Information'),
  automatedDataCollection: dcm('113856', 'Automated Data Collection'),
  computedFromImageAttributes: dcm('113867', 'Computed From Image Attributes'),
  deviceRoleInProcedure: dcm('113876', 'Device Role in Procedure'),
  irradiatingDevice: dcm('113859', 'Irradiating Device'),
  deviceName: dcm('113877', 'Device Name'),
  deviceManufacturer: dcm('113878', 'Device Manufacturer'),
  deviceModelName: dcm('113879', 'Device Model Name'),
  deviceSerialNumber: dcm('113880', 'Device Serial Number'),
  tableXPositionToIsocenter: dcm('128766', 'Table X Position to Isocenter'),
  tableYPositionToIsocenter: dcm('128767', 'Table Y Position to Isocenter'),
  tableZPositionToIsocenter: dcm('128768', 'Table Z Position to Isocenter'),
  positionerIsocenterPrimaryAngle: dcm('128757', 'Positioner Isocenter Primary Angle'),
  positionerIsocenterSecondaryAngle: dcm('128758', 'Positioner Isocenter Secondary Angle'),
  frameOfReferenceOrigin: dcm('130506', 'RDSR Frame of Reference Origin'),
  isocenter: dcm('130539', 'Isocenter'),
} as const;

/** SNOMED concepts in both spellings: current SCT and the legacy SNOMED-RT (SRT) codes older devices still send. */
export interface SnomedVocabulary {
  readonly hasIntent: Code;
  readonly intent: Code;
  readonly fluoroscopy: Code;
  readonly copper: Code;
  readonly aluminum: Code;
  readonly headfirst: Code;
  readonly feetfirst: Code;
  readonly recumbent: Code;
  readonly supine: Code;
  readonly prone: Code;
  readonly entireBody: Code;
  /** Dose Measurement Device of the calibration; null where the SCT equivalent is not pinned down here, so it is left out. */
  readonly dosimeter: Code | null;
}

export const SCT_VOCABULARY: SnomedVocabulary = {
  hasIntent: sct('363703001', 'Has Intent'),
  intent: sct('261004008', 'Diagnostic Intent'),
  fluoroscopy: sct('44491008', 'Fluoroscopy'),
  copper: sct('66925006', 'Copper or Copper compound'),
  aluminum: sct('12503006', 'Aluminum or Aluminum compound'),
  headfirst: sct('102540008', 'headfirst'),
  feetfirst: sct('102541007', 'feet-first'),
  recumbent: sct('102538003', 'recumbent'),
  supine: sct('40199007', 'supine'),
  prone: sct('1240000', 'prone'),
  entireBody: sct('38266002', 'Entire body'),
  dosimeter: null,
};

export const SRT_VOCABULARY: SnomedVocabulary = {
  hasIntent: srt('G-C0E8', 'Has Intent'),
  intent: srt('R-002E9', 'Combined Diagnostic and Therapeutic Procedure'),
  fluoroscopy: srt('P5-06000', 'Fluoroscopy'),
  copper: srt('C-127F9', 'Copper or Copper compound'),
  aluminum: srt('C-120F9', 'Aluminum or Aluminum compound'),
  headfirst: srt('F-10470', 'headfirst'),
  feetfirst: srt('F-10480', 'feet-first'),
  recumbent: srt('F-10450', 'recumbent'),
  supine: srt('F-10340', 'supine'),
  prone: srt('F-10310', 'prone'),
  entireBody: srt('T-D0010', 'Entire body'),
  dosimeter: srt('A-2C090', 'Dosimeter'),
};
