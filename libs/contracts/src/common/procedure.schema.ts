import { z } from 'zod';

/**
 * Wire schema of the normalized procedure (libs/rdsr model). `procedure.schema.check.ts` proves at
 * compile time that it accepts exactly the rdsr model, so the two cannot drift apart.
 */
const quantity = z.object({
  value: z.number().finite(),
  provenance: z.enum(['read', 'converted', 'vendor-private', 'derived', 'image-header', 'dose-screen']),
  note: z.string().optional(),
});
const q = quantity.nullable();
const coded = z.object({ scheme: z.string(), value: z.string(), meaning: z.string() });
const plane = z.enum(['A', 'B', 'single', 'unknown']);
const eventType = z.enum(['fluoroscopy', 'stationary', 'stepping', 'rotational', 'unknown']);
const referencePoint = z.object({ code: coded.nullable(), text: z.string().nullable() });

const device = z.object({
  manufacturer: z.string().nullable(),
  modelName: z.string().nullable(),
  stationName: z.string().nullable(),
  serialNumber: z.string().nullable(),
  softwareVersions: z.string().nullable(),
  deviceObserverUid: z.string().nullable(),
  institutionName: z.string().nullable(),
  filledFromObserverContext: z.array(z.string()),
});

export const procedurePatientSchema = z.object({
  id: z.string().nullable(),
  issuerOfId: z.string().nullable(),
  name: z.string().nullable(),
  sex: z.enum(['M', 'F', 'O']).nullable(),
  birthDate: z.string().nullable(),
  ageYears: q,
  sizeM: q,
  weightKg: q,
});

const study = z.object({
  studyInstanceUid: z.string().min(1),
  seriesInstanceUid: z.string().nullable(),
  sopInstanceUid: z.string().min(1),
  sopClassUid: z.string().min(1),
  sopClassKind: z.enum(['xray-rdsr', 'enhanced-xray-rdsr', 'enhanced-sr', 'comprehensive-sr', 'radiopharmaceutical-rdsr', 'image', 'secondary-capture']),
  studyDateTime: z.string().nullable(),
  contentDateTime: z.string().nullable(),
  accessionNumber: z.string().nullable(),
  description: z.string().nullable(),
  institutionName: z.string().nullable(),
  scopeOfAccumulation: coded.nullable(),
  scopeUid: z.string().nullable(),
  procedureReported: coded.nullable(),
});

const calibration = z.object({
  measurementDevice: coded.nullable(),
  date: z.string().nullable(),
  factor: q,
  uncertaintyPercent: q,
  responsibleParty: z.string().nullable(),
});

const planeTotals = z.object({
  plane,
  dapTotalGyM2: q,
  doseRpTotalGy: q,
  fluoroDapTotalGyM2: q,
  fluoroDoseRpTotalGy: q,
  fluoroTimeTotalS: q,
  acquisitionDapTotalGyM2: q,
  acquisitionDoseRpTotalGy: q,
  acquisitionTimeTotalS: q,
  radiographicFramesTotal: q,
  referencePoint: referencePoint.nullable(),
  calibrations: z.array(calibration),
});

const planeEventSums = z.object({
  plane,
  eventCount: z.number().int().nonnegative(),
  eventCountByType: z.object({
    fluoroscopy: z.number().int(),
    stationary: z.number().int(),
    stepping: z.number().int(),
    rotational: z.number().int(),
    unknown: z.number().int(),
  }),
  dapSumGyM2: z.number().nullable(),
  doseRpSumGy: z.number().nullable(),
  irradiationDurationSumS: z.number().nullable(),
});

const filter = z.object({
  type: coded.nullable(),
  material: coded.nullable(),
  materialName: z.enum(['copper', 'aluminum', 'tin', 'molybdenum', 'rhodium', 'silver', 'lead', 'niobium', 'europium', 'tungsten', 'other']).nullable(),
  thicknessMinMm: q,
  thicknessMaxMm: q,
});

const imageHeaderExposure = z.object({
  sopInstanceUid: z.string(),
  modality: z.string().nullable(),
  bodyPartExamined: z.string().nullable(),
  viewPosition: z.string().nullable(),
  laterality: z.string().nullable(),
  entranceDoseMGy: q,
  organDoseMGy: q,
  distanceSourceToPatientMm: q,
  bodyPartThicknessMm: q,
  compressionForceN: q,
  anodeTargetMaterial: z.string().nullable(),
  filterMaterial: z.string().nullable(),
});

const event = z.object({
  uid: z.string().nullable(),
  plane,
  type: eventType,
  typeCode: coded.nullable(),
  dateTimeStarted: z.string().nullable(),
  protocol: z.string().nullable(),
  targetRegion: coded.nullable(),
  comment: z.string().nullable(),
  dapGyM2: q,
  doseRpGy: q,
  referencePoint: referencePoint.nullable(),
  fluoroMode: z.enum(['pulsed', 'continuous']).nullable(),
  kvp: q,
  tubeCurrentMA: q,
  averageTubeCurrentMA: q,
  exposureTimeMs: q,
  exposureMAs: q,
  pulseWidthMs: q,
  pulseRatePerS: q,
  numberOfPulses: q,
  irradiationDurationS: q,
  focalSpotSizeMm: q,
  filters: z.array(filter),
  positionerPrimaryAngleDeg: q,
  positionerSecondaryAngleDeg: q,
  positionerPrimaryEndAngleDeg: q,
  positionerSecondaryEndAngleDeg: q,
  columnAngulationDeg: q,
  tableHeadTiltAngleDeg: q,
  tableHorizontalRotationAngleDeg: q,
  tableCradleTiltAngleDeg: q,
  tableLongitudinalPositionMm: q,
  tableLateralPositionMm: q,
  tableHeightPositionMm: q,
  tableLongitudinalEndPositionMm: q,
  tableLateralEndPositionMm: q,
  tableHeightEndPositionMm: q,
  tableXPositionToIsocenterMm: q,
  tableYPositionToIsocenterMm: q,
  tableZPositionToIsocenterMm: q,
  positionerIsocenterPrimaryAngleDeg: q,
  positionerIsocenterSecondaryAngleDeg: q,
  positionerIsocenterDetectorRotationAngleDeg: q,
  frameOfReferenceOrigin: coded.nullable(),
  distanceSourceToIsocenterMm: q,
  distanceSourceToDetectorMm: q,
  distanceSourceToReferencePointMm: q,
  distanceSourceToTablePlaneMm: q,
  collimatedFieldAreaM2: q,
  collimatedFieldHeightMm: q,
  collimatedFieldWidthMm: q,
  detectorFieldSizeMm: q,
  patientTableRelationship: z.enum(['headfirst', 'feetfirst', 'other']).nullable(),
  patientOrientation: z.enum(['recumbent', 'erect', 'other']).nullable(),
  patientOrientationModifier: z.enum(['supine', 'prone', 'left-lateral', 'right-lateral', 'other']).nullable(),
  patientEquivalentThicknessMm: q,
  /** Added with image-header events; absent from earlier producers, whose events all come from dose reports. */
  imageHeader: imageHeaderExposure.nullable().default(null),
});

const ctAcquisition = z.object({
  uid: z.string().nullable(),
  protocol: z.string().nullable(),
  targetRegion: coded.nullable(),
  acquisitionType: coded.nullable(),
  ctdiVolMGy: q,
  dlpMGyCm: q,
  phantomType: coded.nullable(),
  kvp: q,
  exposureTimeS: q,
  scanningLengthMm: q,
  /** Added with the size-specific dose estimate; absent from earlier producers. */
  lateralDimensionMm: q.default(null),
  apDimensionMm: q.default(null),
  effectiveDiameterMm: q.default(null),
});

const radiopharmaceuticalAdministration = z.object({
  uid: z.string().nullable(),
  agent: coded.nullable(),
  agentText: z.string().nullable(),
  radionuclide: coded.nullable(),
  halfLifeS: q,
  administeredActivityMBq: q,
  volumeMl: q,
  route: coded.nullable(),
  site: coded.nullable(),
  startDateTime: z.string().nullable(),
  stopDateTime: z.string().nullable(),
  organDoses: z.array(z.object({ organ: coded.nullable(), doseMGy: quantity, referenceAuthority: coded.nullable() })),
  effectiveDoseMSv: q,
});

export const procedureSchema = z.object({
  modelVersion: z.literal(1),
  kind: z.enum(['projection-xray', 'ct', 'mammography', 'radiography', 'nuclear-medicine']),
  /** Added with image headers and dose screens; absent from earlier producers, which read dose reports only. */
  source: z.enum(['rdsr', 'image-header', 'dose-screen']).default('rdsr'),
  device,
  patient: procedurePatientSchema,
  patientPosition: z.object({ code: z.string(), provenance: quantity.shape.provenance, note: z.string().optional() }).nullable(),
  study,
  planes: z.array(planeTotals),
  eventSums: z.array(planeEventSums),
  events: z.array(event),
  ct: z
    .object({
      totals: z.object({ dlpTotalMGyCm: q, eventCount: q }),
      acquisitions: z.array(ctAcquisition),
    })
    .nullable(),
  mammography: z
    .object({
      accumulatedAverageGlandularDose: z.array(z.object({ laterality: z.enum(['left', 'right', 'bilateral']).nullable(), doseMGy: quantity })),
    })
    .nullable(),
  /** Added with radiopharmaceutical dose reports; absent from earlier producers (no nuclear-medicine kind). */
  nuclearMedicine: z
    .object({ administrations: z.array(radiopharmaceuticalAdministration) })
    .nullable()
    .default(null),
  adaptersApplied: z.array(z.string()),
  warnings: z.array(z.string()),
});
