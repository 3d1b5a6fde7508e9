/**
 * The ground truth of a generated dose report. Every number is in the canonical unit named by its field and
 * is exactly the number the written decimal string represents (for flavours that write another unit, the
 * written value is this one scaled, so a reader converting back matches it to ~1e-12 relative).
 * `null` means the flavour does not write the item.
 */

export type RdsrVendor = 'standard' | 'siemens' | 'philips-allura' | 'philips-azurion' | 'ge-oec' | 'canon' | 'enhanced';

export type SpecEventType = 'fluoroscopy' | 'stationary' | 'stepping' | 'rotational';
export type SpecPlane = 'A' | 'B' | 'single';
export type FilterMaterial = 'copper' | 'aluminum';

export interface FilterSpec {
  readonly material: FilterMaterial;
  readonly thicknessMinMm: number;
  readonly thicknessMaxMm: number;
}

/** A CID 10025 code value (e.g. '113860'), or the free text some vendors send instead. */
export type ReferencePointSpec =
  | { readonly kind: 'code'; readonly codeValue: string; readonly meaning: string }
  | { readonly kind: 'text'; readonly text: string };

export type PatientTableRelationshipSpec = 'headfirst' | 'feetfirst';
export type PatientOrientationModifierSpec = 'supine' | 'prone';

/** Philips private collimator values (mm at 1 m from the focal spot). */
export interface ShuttersSpec {
  readonly leftMm: number;
  readonly rightMm: number;
  readonly topMm: number;
  readonly bottomMm: number;
}

export interface IrradiationEventSpec {
  readonly uid: string;
  readonly plane: SpecPlane;
  readonly type: SpecEventType;
  /** DICOM DT as written, local time: YYYYMMDDHHMMSS. */
  readonly dateTimeStarted: string;
  readonly protocol: string;
  readonly referencePoint: ReferencePointSpec | null;

  readonly doseRpGy: number | null;
  readonly dapGyM2: number | null;
  readonly kvp: number | null;
  readonly tubeCurrentMA: number | null;
  readonly pulseWidthMs: number | null;
  readonly pulseRatePerS: number | null;
  readonly numberOfPulses: number | null;
  readonly irradiationDurationS: number | null;
  readonly exposureTimeMs: number | null;
  readonly exposureMAs: number | null;
  readonly focalSpotSizeMm: number | null;
  readonly fluoroMode: 'pulsed' | 'continuous' | null;
  readonly filters: readonly FilterSpec[];

  readonly primaryAngleDeg: number | null;
  readonly secondaryAngleDeg: number | null;
  readonly primaryEndAngleDeg: number | null;
  readonly secondaryEndAngleDeg: number | null;

  readonly tableLongitudinalMm: number | null;
  readonly tableLateralMm: number | null;
  readonly tableHeightMm: number | null;
  readonly tableHeadTiltDeg: number | null;

  readonly distanceSourceToIsocenterMm: number | null;
  readonly distanceSourceToDetectorMm: number | null;
  readonly distanceSourceToReferencePointMm: number | null;

  readonly collimatedFieldAreaM2: number | null;
  readonly collimatedFieldHeightMm: number | null;
  readonly collimatedFieldWidthMm: number | null;
  /** Detector field of view: Siemens iiDiameter (Comment XML), Philips private Detector Field Size. */
  readonly detectorFieldSizeMm: number | null;
  readonly shutters: ShuttersSpec | null;
  readonly patientEquivalentThicknessMm: number | null;

  readonly patientTableRelationship: PatientTableRelationshipSpec | null;
  readonly patientOrientationModifier: PatientOrientationModifierSpec | null;

  /** Enhanced X-Ray RDSR only. */
  readonly tableXPositionToIsocenterMm: number | null;
  readonly tableYPositionToIsocenterMm: number | null;
  readonly tableZPositionToIsocenterMm: number | null;
  readonly positionerIsocenterPrimaryAngleDeg: number | null;
  readonly positionerIsocenterSecondaryAngleDeg: number | null;
}

/** TID 10002/10004 totals of one plane, as the device reports them. */
export interface PlaneTotalsSpec {
  readonly plane: SpecPlane;
  readonly dapTotalGyM2: number;
  readonly doseRpTotalGy: number;
  readonly fluoroDapTotalGyM2: number;
  readonly fluoroDoseRpTotalGy: number;
  readonly fluoroTimeTotalS: number;
  readonly acquisitionDapTotalGyM2: number;
  readonly acquisitionDoseRpTotalGy: number;
  readonly acquisitionTimeTotalS: number;
  readonly radiographicFramesTotal: number;
  readonly referencePoint: ReferencePointSpec | null;
}

export interface PatientSpec {
  readonly id: string | null;
  readonly issuerOfId: string | null;
  readonly name: string | null;
  readonly sex: 'M' | 'F' | 'O' | null;
  /** DICOM DA: YYYYMMDD. */
  readonly birthDate: string | null;
  readonly heightM: number | null;
  readonly weightKg: number | null;
}

export interface StudySpec {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  /** Performed Procedure Step SOP Instance UID, used by flavours whose scope is the PPS. */
  readonly performedProcedureStepUid: string;
  /** DICOM DA / TM. */
  readonly date: string;
  readonly time: string;
  readonly accessionNumber: string | null;
  readonly description: string | null;
}

export interface DeviceSpec {
  readonly manufacturer: string;
  readonly modelName: string;
  readonly stationName: string;
  readonly serialNumber: string;
  readonly softwareVersions: string;
  readonly deviceObserverUid: string;
  readonly institutionName: string;
}

export interface ProcedureSpec {
  readonly seed: number;
  readonly vendor: RdsrVendor;
  readonly patient: PatientSpec;
  readonly study: StudySpec;
  readonly device: DeviceSpec;
  /** Position of the patient for the whole procedure (DICOM code such as 'HFS'); Siemens writes it only here. */
  readonly patientPosition: string;
  readonly planes: readonly PlaneTotalsSpec[];
  readonly events: readonly IrradiationEventSpec[];
}
