/**
 * The normalized dose-report model: what every vendor's RDSR becomes.
 *
 * Every physical quantity carries its unit in its field name (Gy, GyM2, Mm, Deg, S, Ms, KV, MA, MAs, M, Kg)
 * and is a `Quantity`: the number plus where it came from. A quantity that the report does not give
 * is `null` — never 0 — so that downstream code must decide explicitly what to assume.
 */

/** How a value was obtained. `note` says from which unit, which private item, or which inputs. */
export type ProvenanceKind =
  | 'read' // as reported, already in the canonical unit
  | 'converted' // as reported, scaled from another unit (note: the reported unit)
  | 'vendor-private' // taken from a vendor-private item (note: the item)
  | 'derived' // computed from other values (note: from what)
  | 'image-header' // read from a dose attribute of an image header (note: the attribute)
  | 'dose-screen'; // read from the text of a vendor dose screen (note: the text matched)

export interface Quantity {
  readonly value: number;
  readonly provenance: ProvenanceKind;
  readonly note?: string;
}

/** A coded concept as (scheme, value) plus the meaning the file gave, for display only. */
export interface Coded {
  readonly scheme: string;
  readonly value: string;
  readonly meaning: string;
}

export type AcquisitionPlane = 'A' | 'B' | 'single' | 'unknown';

export type IrradiationEventType = 'fluoroscopy' | 'stationary' | 'stepping' | 'rotational' | 'unknown';

export type SopClassKind =
  | 'xray-rdsr' // 1.2.840.10008.5.1.4.1.1.88.67
  | 'enhanced-xray-rdsr' // 1.2.840.10008.5.1.4.1.1.88.76
  | 'enhanced-sr' // 1.2.840.10008.5.1.4.1.1.88.22 carrying a dose report
  | 'comprehensive-sr' // 1.2.840.10008.5.1.4.1.1.88.33 carrying a dose report
  | 'radiopharmaceutical-rdsr' // 1.2.840.10008.5.1.4.1.1.88.68
  | 'image' // an image storage class whose header carries dose attributes (DX, CR, MG, RF, XA)
  | 'secondary-capture'; // 1.2.840.10008.5.1.4.1.1.7, a vendor dose screen

export type ProcedureKind = 'projection-xray' | 'ct' | 'mammography' | 'radiography' | 'nuclear-medicine';

/**
 * Where the dose figures come from. A dose report (RDSR, RRDSR) is the reference; figures read from
 * image headers or a dose screen only stand for a study that has no dose report.
 */
export type DoseSource = 'rdsr' | 'image-header' | 'dose-screen';

export interface Device {
  readonly manufacturer: string | null;
  readonly modelName: string | null;
  readonly stationName: string | null;
  readonly serialNumber: string | null;
  readonly softwareVersions: string | null;
  readonly deviceObserverUid: string | null;
  readonly institutionName: string | null;
  /** Which header fields were empty and filled from the Device Observer context (TID 1002). */
  readonly filledFromObserverContext: readonly string[];
}

export type PatientSex = 'M' | 'F' | 'O' | null;

export interface Patient {
  readonly id: string | null;
  readonly issuerOfId: string | null;
  /** Kept for display at the edges only; never logged. */
  readonly name: string | null;
  readonly sex: PatientSex;
  /** ISO date YYYY-MM-DD. */
  readonly birthDate: string | null;
  readonly ageYears: Quantity | null;
  readonly sizeM: Quantity | null;
  readonly weightKg: Quantity | null;
}

export interface Study {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string | null;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly sopClassKind: SopClassKind;
  /** ISO 8601 local date-time as written (no time zone is assumed). */
  readonly studyDateTime: string | null;
  readonly contentDateTime: string | null;
  readonly accessionNumber: string | null;
  readonly description: string | null;
  readonly institutionName: string | null;
  /** Scope of accumulation (113705): study, performed procedure step, … */
  readonly scopeOfAccumulation: Coded | null;
  readonly scopeUid: string | null;
  readonly procedureReported: Coded | null;
}

/** Reference point definition: a code of CID 10025, or the free text some vendors send. */
export interface ReferencePointDefinition {
  readonly code: Coded | null;
  readonly text: string | null;
}

export interface Calibration {
  readonly measurementDevice: Coded | null;
  readonly date: string | null;
  readonly factor: Quantity | null;
  readonly uncertaintyPercent: Quantity | null;
  readonly responsibleParty: string | null;
}

/** TID 10002 / 10004: totals as reported by the device, per plane. */
export interface PlaneTotals {
  readonly plane: AcquisitionPlane;
  readonly dapTotalGyM2: Quantity | null;
  readonly doseRpTotalGy: Quantity | null;
  readonly fluoroDapTotalGyM2: Quantity | null;
  readonly fluoroDoseRpTotalGy: Quantity | null;
  readonly fluoroTimeTotalS: Quantity | null;
  readonly acquisitionDapTotalGyM2: Quantity | null;
  readonly acquisitionDoseRpTotalGy: Quantity | null;
  readonly acquisitionTimeTotalS: Quantity | null;
  readonly radiographicFramesTotal: Quantity | null;
  readonly referencePoint: ReferencePointDefinition | null;
  readonly calibrations: readonly Calibration[];
}

/** Sums of the events of one plane, computed by Kerma: a different fact from the device's totals. */
export interface PlaneEventSums {
  readonly plane: AcquisitionPlane;
  readonly eventCount: number;
  readonly eventCountByType: Readonly<Record<IrradiationEventType, number>>;
  /** Null when no event of the plane reported the quantity. */
  readonly dapSumGyM2: number | null;
  readonly doseRpSumGy: number | null;
  readonly irradiationDurationSumS: number | null;
}

export interface XRayFilter {
  readonly type: Coded | null;
  readonly material: Coded | null;
  /** Normalized material name for physics lookups. */
  readonly materialName: 'copper' | 'aluminum' | 'tin' | 'molybdenum' | 'rhodium' | 'silver' | 'lead' | 'niobium' | 'europium' | 'tungsten' | 'other' | null;
  readonly thicknessMinMm: Quantity | null;
  readonly thicknessMaxMm: Quantity | null;
}

export type PatientTableRelationship = 'headfirst' | 'feetfirst' | 'other' | null;
export type PatientOrientation = 'recumbent' | 'erect' | 'other' | null;
export type PatientOrientationModifier = 'supine' | 'prone' | 'left-lateral' | 'right-lateral' | 'other' | null;

/**
 * What an image header says about its exposure beyond the event's common fields (source image-header):
 * the attributes OpenREM-class tools read. Entrance dose is at the patient's surface, not Ka,r at the
 * reference point, so it is kept here and never stands in for doseRpGy.
 */
export interface ImageHeaderExposure {
  readonly sopInstanceUid: string;
  readonly modality: string | null;
  readonly bodyPartExamined: string | null;
  readonly viewPosition: string | null;
  readonly laterality: string | null;
  readonly entranceDoseMGy: Quantity | null;
  /** Organ Dose (0040,0316): for mammography the mean glandular dose of the image. */
  readonly organDoseMGy: Quantity | null;
  readonly distanceSourceToPatientMm: Quantity | null;
  /** Body Part Thickness (0018,11A0): for mammography the compressed breast thickness. */
  readonly bodyPartThicknessMm: Quantity | null;
  readonly compressionForceN: Quantity | null;
  readonly anodeTargetMaterial: string | null;
  readonly filterMaterial: string | null;
}

export interface IrradiationEvent {
  readonly uid: string | null;
  readonly plane: AcquisitionPlane;
  readonly type: IrradiationEventType;
  readonly typeCode: Coded | null;
  /** ISO 8601 local date-time as written. */
  readonly dateTimeStarted: string | null;
  readonly protocol: string | null;
  readonly targetRegion: Coded | null;
  readonly comment: string | null;

  readonly dapGyM2: Quantity | null;
  readonly doseRpGy: Quantity | null;
  readonly referencePoint: ReferencePointDefinition | null;

  readonly fluoroMode: 'pulsed' | 'continuous' | null;
  readonly kvp: Quantity | null;
  readonly tubeCurrentMA: Quantity | null;
  readonly averageTubeCurrentMA: Quantity | null;
  readonly exposureTimeMs: Quantity | null;
  readonly exposureMAs: Quantity | null;
  readonly pulseWidthMs: Quantity | null;
  readonly pulseRatePerS: Quantity | null;
  readonly numberOfPulses: Quantity | null;
  readonly irradiationDurationS: Quantity | null;
  readonly focalSpotSizeMm: Quantity | null;
  readonly filters: readonly XRayFilter[];

  readonly positionerPrimaryAngleDeg: Quantity | null;
  readonly positionerSecondaryAngleDeg: Quantity | null;
  readonly positionerPrimaryEndAngleDeg: Quantity | null;
  readonly positionerSecondaryEndAngleDeg: Quantity | null;
  readonly columnAngulationDeg: Quantity | null;
  readonly tableHeadTiltAngleDeg: Quantity | null;
  readonly tableHorizontalRotationAngleDeg: Quantity | null;
  readonly tableCradleTiltAngleDeg: Quantity | null;

  readonly tableLongitudinalPositionMm: Quantity | null;
  readonly tableLateralPositionMm: Quantity | null;
  readonly tableHeightPositionMm: Quantity | null;
  readonly tableLongitudinalEndPositionMm: Quantity | null;
  readonly tableLateralEndPositionMm: Quantity | null;
  readonly tableHeightEndPositionMm: Quantity | null;

  /** Enhanced X-Ray RDSR (…88.76): table position relative to the isocenter, and isocenter angles. */
  readonly tableXPositionToIsocenterMm: Quantity | null;
  readonly tableYPositionToIsocenterMm: Quantity | null;
  readonly tableZPositionToIsocenterMm: Quantity | null;
  readonly positionerIsocenterPrimaryAngleDeg: Quantity | null;
  readonly positionerIsocenterSecondaryAngleDeg: Quantity | null;
  readonly positionerIsocenterDetectorRotationAngleDeg: Quantity | null;
  readonly frameOfReferenceOrigin: Coded | null;

  readonly distanceSourceToIsocenterMm: Quantity | null;
  readonly distanceSourceToDetectorMm: Quantity | null;
  readonly distanceSourceToReferencePointMm: Quantity | null;
  readonly distanceSourceToTablePlaneMm: Quantity | null;

  readonly collimatedFieldAreaM2: Quantity | null;
  readonly collimatedFieldHeightMm: Quantity | null;
  readonly collimatedFieldWidthMm: Quantity | null;
  /** Detector field of view (e.g. Siemens iiDiameter), when the report gives one. */
  readonly detectorFieldSizeMm: Quantity | null;

  readonly patientTableRelationship: PatientTableRelationship;
  readonly patientOrientation: PatientOrientation;
  readonly patientOrientationModifier: PatientOrientationModifier;
  readonly patientEquivalentThicknessMm: Quantity | null;
  /** Null unless the event was read from an image header. */
  readonly imageHeader: ImageHeaderExposure | null;
}

/** CT dose (TID 10011 / 10013 / 10012). */
export interface CtAcquisition {
  readonly uid: string | null;
  readonly protocol: string | null;
  readonly targetRegion: Coded | null;
  readonly acquisitionType: Coded | null;
  readonly ctdiVolMGy: Quantity | null;
  readonly dlpMGyCm: Quantity | null;
  readonly phantomType: Coded | null;
  readonly kvp: Quantity | null;
  readonly exposureTimeS: Quantity | null;
  readonly scanningLengthMm: Quantity | null;
  /**
   * The patient's size at the scan, for the size-specific dose estimate (AAPM Report 204): from the CT
   * Dose container (TID 10013) or, failing that, the header's Measured Lateral / AP Dimension (0010,1024 / 0010,1023).
   */
  readonly lateralDimensionMm: Quantity | null;
  readonly apDimensionMm: Quantity | null;
  readonly effectiveDiameterMm: Quantity | null;
}

export interface CtTotals {
  readonly dlpTotalMGyCm: Quantity | null;
  readonly eventCount: Quantity | null;
}

/** Which breast(s) an accumulated average glandular dose covers (CID 6023 / CID 244). */
export type BreastLaterality = 'left' | 'right' | 'bilateral';

/** TID 10005: one accumulated average glandular dose per breast imaged, or one for both. */
export interface AccumulatedAverageGlandularDose {
  readonly laterality: BreastLaterality | null;
  readonly doseMGy: Quantity;
}

export interface MammographyDose {
  readonly accumulatedAverageGlandularDose: readonly AccumulatedAverageGlandularDose[];
}

/** One organ's absorbed dose from an administration (TID 10023), as estimated by the report's reference authority. */
export interface RadiopharmaceuticalOrganDose {
  readonly organ: Coded | null;
  readonly doseMGy: Quantity;
  readonly referenceAuthority: Coded | null;
}

/** TID 10022: one radiopharmaceutical administration. */
export interface RadiopharmaceuticalAdministration {
  readonly uid: string | null;
  readonly agent: Coded | null;
  /** The agent as free text when the report gives no code (e.g. a compounded tracer). */
  readonly agentText: string | null;
  readonly radionuclide: Coded | null;
  readonly halfLifeS: Quantity | null;
  readonly administeredActivityMBq: Quantity | null;
  readonly volumeMl: Quantity | null;
  readonly route: Coded | null;
  readonly site: Coded | null;
  /** ISO 8601 local date-time as written. */
  readonly startDateTime: string | null;
  readonly stopDateTime: string | null;
  readonly organDoses: readonly RadiopharmaceuticalOrganDose[];
  readonly effectiveDoseMSv: Quantity | null;
}

/** TID 10021: the administrations of a Radiopharmaceutical Radiation Dose report. */
export interface NuclearMedicineDose {
  readonly administrations: readonly RadiopharmaceuticalAdministration[];
}

export interface Procedure {
  /** Version of the model, bumped when its meaning changes. */
  readonly modelVersion: 1;
  readonly kind: ProcedureKind;
  /** Dose report, image headers or dose screen (see DoseSource). */
  readonly source: DoseSource;
  readonly device: Device;
  readonly patient: Patient;
  /** Patient position from the report as a whole (e.g. Siemens root Comment XML), when events do not give it. */
  readonly patientPosition: { readonly code: string; readonly provenance: ProvenanceKind; readonly note?: string } | null;
  readonly study: Study;
  readonly planes: readonly PlaneTotals[];
  readonly eventSums: readonly PlaneEventSums[];
  readonly events: readonly IrradiationEvent[];
  readonly ct: { readonly totals: CtTotals; readonly acquisitions: readonly CtAcquisition[] } | null;
  /** Null for every kind but mammography. */
  readonly mammography: MammographyDose | null;
  /** Null for every kind but nuclear-medicine. */
  readonly nuclearMedicine: NuclearMedicineDose | null;
  /** Vendor adapters that changed something, e.g. 'philips-allura/private-table-height'. */
  readonly adaptersApplied: readonly string[];
  /** Non-fatal findings: items skipped, values judged implausible, … (never patient-identifying). */
  readonly warnings: readonly string[];
}
