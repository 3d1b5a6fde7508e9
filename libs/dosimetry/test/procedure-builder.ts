import { emptyIrradiationEvent, type AcquisitionPlane, type IrradiationEvent, type IrradiationEventType, type Procedure, type Quantity } from '@kerma/rdsr';

/** Builds normalized `Procedure` objects for skin-dose tests, without going through DICOM. */
const q = (value: number): Quantity => ({ value, provenance: 'read' });
const oq = (value: number | null | undefined): Quantity | null => (value === null || value === undefined ? null : q(value));

export interface EventSpec {
  readonly plane?: AcquisitionPlane;
  readonly type?: IrradiationEventType;
  readonly kermaGy?: number | null;
  readonly dapGyM2?: number | null;
  readonly kvp?: number | null;
  readonly copperMm?: number;
  readonly primaryDeg?: number | null;
  readonly secondaryDeg?: number | null;
  readonly primaryEndDeg?: number | null;
  readonly secondaryEndDeg?: number | null;
  readonly distanceSourceToIsocenterMm?: number | null;
  readonly distanceSourceToDetectorMm?: number | null;
  readonly distanceSourceToReferencePointMm?: number | null;
  /** Square collimated field area at the detector. */
  readonly fieldAreaM2?: number | null;
  readonly fieldHeightMm?: number | null;
  readonly fieldWidthMm?: number | null;
  readonly tableLongitudinalMm?: number | null;
  readonly tableLateralMm?: number | null;
  readonly tableHeightMm?: number | null;
  readonly numberOfPulses?: number | null;
  readonly referencePointCode?: string | null;
  readonly referencePointText?: string | null;
  readonly position?: 'HFS' | 'FFS' | 'HFP' | 'FFP' | null;
}

const POSITION: Record<'HFS' | 'FFS' | 'HFP' | 'FFP', Pick<IrradiationEvent, 'patientTableRelationship' | 'patientOrientationModifier'>> = {
  HFS: { patientTableRelationship: 'headfirst', patientOrientationModifier: 'supine' },
  FFS: { patientTableRelationship: 'feetfirst', patientOrientationModifier: 'supine' },
  HFP: { patientTableRelationship: 'headfirst', patientOrientationModifier: 'prone' },
  FFP: { patientTableRelationship: 'feetfirst', patientOrientationModifier: 'prone' },
};

export function testEvent(spec: EventSpec = {}): IrradiationEvent {
  const position = spec.position === undefined ? 'HFS' : spec.position;
  const refCode = spec.referencePointCode === undefined ? '113860' : spec.referencePointCode;
  return {
    ...emptyIrradiationEvent(spec.plane ?? 'single', spec.type ?? 'fluoroscopy'),
    dapGyM2: oq(spec.dapGyM2 === undefined ? 1e-4 : spec.dapGyM2),
    doseRpGy: oq(spec.kermaGy === undefined ? 0.01 : spec.kermaGy),
    referencePoint:
      refCode === null && !spec.referencePointText
        ? null
        : { code: refCode === null ? null : { scheme: 'DCM', value: refCode, meaning: 'reference point' }, text: spec.referencePointText ?? null },
    kvp: oq(spec.kvp === undefined ? 80 : spec.kvp),
    numberOfPulses: oq(spec.numberOfPulses),
    filters: spec.copperMm
      ? [
          {
            type: null,
            material: { scheme: 'SCT', value: '66925006', meaning: 'Copper' },
            materialName: 'copper',
            thicknessMinMm: q(spec.copperMm),
            thicknessMaxMm: q(spec.copperMm),
          },
        ]
      : [],
    positionerPrimaryAngleDeg: oq(spec.primaryDeg === undefined ? 0 : spec.primaryDeg),
    positionerSecondaryAngleDeg: oq(spec.secondaryDeg === undefined ? 0 : spec.secondaryDeg),
    positionerPrimaryEndAngleDeg: oq(spec.primaryEndDeg),
    positionerSecondaryEndAngleDeg: oq(spec.secondaryEndDeg),
    tableLongitudinalPositionMm: oq(spec.tableLongitudinalMm === undefined ? 0 : spec.tableLongitudinalMm),
    tableLateralPositionMm: oq(spec.tableLateralMm === undefined ? 0 : spec.tableLateralMm),
    tableHeightPositionMm: oq(spec.tableHeightMm === undefined ? 0 : spec.tableHeightMm),
    distanceSourceToIsocenterMm: oq(spec.distanceSourceToIsocenterMm === undefined ? 750 : spec.distanceSourceToIsocenterMm),
    distanceSourceToDetectorMm: oq(spec.distanceSourceToDetectorMm === undefined ? 1100 : spec.distanceSourceToDetectorMm),
    distanceSourceToReferencePointMm: oq(spec.distanceSourceToReferencePointMm),
    collimatedFieldAreaM2: oq(spec.fieldAreaM2 === undefined ? 0.04 : spec.fieldAreaM2),
    collimatedFieldHeightMm: oq(spec.fieldHeightMm),
    collimatedFieldWidthMm: oq(spec.fieldWidthMm),
    ...(position === null ? { patientTableRelationship: null, patientOrientationModifier: null } : POSITION[position]),
    patientOrientation: position === null ? null : 'recumbent',
  };
}

export interface ProcedureSpec {
  readonly manufacturer?: string | null;
  readonly modelName?: string | null;
  readonly heightM?: number | null;
  readonly massKg?: number | null;
  readonly events: readonly IrradiationEvent[];
  /** The device's Dose (RP) Total per plane (TID 10002), Gy. */
  readonly doseRpTotalGy?: Partial<Record<AcquisitionPlane, number>>;
}

type AccumulatedPlane = Procedure['planes'][number];

/** A plane's accumulated dose data (TID 10002) with only the given figures known. */
export function testPlane(
  plane: AcquisitionPlane,
  spec: { readonly doseRpTotalGy?: number; readonly calibrations?: AccumulatedPlane['calibrations'] } = {},
): AccumulatedPlane {
  return {
    plane,
    dapTotalGyM2: null,
    doseRpTotalGy: oq(spec.doseRpTotalGy),
    fluoroDapTotalGyM2: null,
    fluoroDoseRpTotalGy: null,
    fluoroTimeTotalS: null,
    acquisitionDapTotalGyM2: null,
    acquisitionDoseRpTotalGy: null,
    acquisitionTimeTotalS: null,
    radiographicFramesTotal: null,
    referencePoint: null,
    calibrations: spec.calibrations ?? [],
  };
}

export function testProcedure(spec: ProcedureSpec): Procedure {
  return {
    modelVersion: 1,
    kind: 'projection-xray',
    source: 'rdsr',
    device: {
      manufacturer: spec.manufacturer === undefined ? 'Test Vendor' : spec.manufacturer,
      modelName: spec.modelName === undefined ? 'Test C-arm' : spec.modelName,
      stationName: null,
      serialNumber: null,
      softwareVersions: null,
      deviceObserverUid: null,
      institutionName: null,
      filledFromObserverContext: [],
    },
    patient: {
      id: null,
      issuerOfId: null,
      name: null,
      sex: null,
      birthDate: null,
      ageYears: null,
      sizeM: oq(spec.heightM),
      weightKg: oq(spec.massKg),
    },
    patientPosition: null,
    study: {
      studyInstanceUid: '1.2.3',
      seriesInstanceUid: null,
      sopInstanceUid: '1.2.3.4',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67',
      sopClassKind: 'xray-rdsr',
      studyDateTime: null,
      contentDateTime: null,
      accessionNumber: null,
      description: null,
      institutionName: null,
      scopeOfAccumulation: null,
      scopeUid: null,
      procedureReported: null,
    },
    planes: Object.entries(spec.doseRpTotalGy ?? {}).map(([plane, gy]) => testPlane(plane as AcquisitionPlane, { doseRpTotalGy: gy })),
    eventSums: [],
    events: spec.events,
    ct: null,
    mammography: null,
    nuclearMedicine: null,
    adaptersApplied: [],
    warnings: [],
  };
}
