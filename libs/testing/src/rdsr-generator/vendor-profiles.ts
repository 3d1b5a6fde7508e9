import type { DeviceSpec, FilterSpec, IrradiationEventSpec, ReferencePointSpec, RdsrVendor, SpecEventType } from './procedure-spec';
import { REFERENCE_POINTS } from './reference-points';
import { representable } from './decimal-string';

/**
 * What each flavour's device reports, applied to the physically generated events: which items it leaves
 * out (null in the spec), which axis carries the large table travel, its fixed geometry and filters.
 * How the items are then encoded (units, codes, nesting) is the dialect's job, not this one.
 */
export interface VendorProfile {
  readonly device: Omit<DeviceSpec, 'deviceObserverUid'>;
  readonly distanceSourceToIsocenterMm: number;
  readonly referencePoint: ReferencePointSpec;
  /** Which DICOM table axis holds the large (≈ 1 m) travel. */
  readonly largeTravelAxis: 'longitudinal' | 'lateral';
  readonly filters: (type: SpecEventType, copperMm: number) => readonly FilterSpec[];
  readonly shapeEvent: (event: IrradiationEventSpec) => IrradiationEventSpec;
}

const copperOnly = (_type: SpecEventType, copperMm: number): readonly FilterSpec[] =>
  copperMm > 0 ? [{ material: 'copper', thicknessMinMm: copperMm, thicknessMaxMm: copperMm }] : [];

const withoutEnhancedGeometry = {
  tableXPositionToIsocenterMm: null,
  tableYPositionToIsocenterMm: null,
  tableZPositionToIsocenterMm: null,
  positionerIsocenterPrimaryAngleDeg: null,
  positionerIsocenterSecondaryAngleDeg: null,
} as const;

const standardShape = (event: IrradiationEventSpec): IrradiationEventSpec => ({
  ...event,
  ...withoutEnhancedGeometry,
  shutters: null,
  detectorFieldSizeMm: null,
  patientEquivalentThicknessMm: null,
});

export const VENDOR_PROFILES: Readonly<Record<RdsrVendor, VendorProfile>> = {
  standard: {
    device: {
      manufacturer: 'Kerma Test Systems',
      modelName: 'Angio Reference 1',
      stationName: 'ANGIO1',
      serialNumber: 'KTS-0001',
      softwareVersions: '1.0.0',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 750,
    referencePoint: REFERENCE_POINTS.isocenterMinus15Cm,
    largeTravelAxis: 'longitudinal',
    filters: copperOnly,
    shapeEvent: standardShape,
  },
  enhanced: {
    device: {
      manufacturer: 'Kerma Test Systems',
      modelName: 'Angio Reference 2',
      stationName: 'ANGIO2',
      serialNumber: 'KTS-0002',
      softwareVersions: '2.0.0',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 750,
    referencePoint: REFERENCE_POINTS.isocenterMinus15Cm,
    largeTravelAxis: 'longitudinal',
    filters: copperOnly,
    shapeEvent: (event) => ({
      ...standardShape(event),
      // The isocenter frame: X lateral, Y vertical (table top below the isocenter), Z longitudinal.
      tableXPositionToIsocenterMm: event.tableLateralMm,
      tableYPositionToIsocenterMm: event.tableHeightMm === null ? null : representable(-event.tableHeightMm),
      tableZPositionToIsocenterMm: event.tableLongitudinalMm,
      positionerIsocenterPrimaryAngleDeg: event.primaryAngleDeg,
      positionerIsocenterSecondaryAngleDeg: event.secondaryAngleDeg,
    }),
  },
  siemens: {
    device: {
      manufacturer: 'Siemens',
      modelName: 'AXIOM-Artis',
      stationName: 'm265904',
      serialNumber: '146936',
      softwareVersions: 'VC21C 161026',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 785,
    referencePoint: REFERENCE_POINTS.isocenterMinus15Cm,
    largeTravelAxis: 'lateral',
    filters: copperOnly,
    shapeEvent: (event) => ({
      ...standardShape(event),
      detectorFieldSizeMm: event.detectorFieldSizeMm,
      irradiationDurationS: null,
      distanceSourceToReferencePointMm: null,
      collimatedFieldHeightMm: null,
      collimatedFieldWidthMm: null,
      tableHeadTiltDeg: null,
      fluoroMode: event.type === 'fluoroscopy' ? event.fluoroMode : null,
      patientTableRelationship: null,
      patientOrientationModifier: null,
    }),
  },
  'philips-allura': {
    device: {
      manufacturer: 'Philips',
      modelName: 'Allura Xper',
      stationName: 'INR Lab',
      serialNumber: '722013-362',
      softwareVersions: '8.1.30.5',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 810,
    referencePoint: REFERENCE_POINTS.philipsBelowBeamIsocenter,
    largeTravelAxis: 'lateral',
    filters: (_type, copperMm) => [...copperOnly(_type, copperMm), { material: 'aluminum', thicknessMinMm: 1, thicknessMaxMm: 1 }],
    shapeEvent: (event) => ({
      ...standardShape(event),
      shutters: event.shutters,
      detectorFieldSizeMm: event.detectorFieldSizeMm,
      exposureTimeMs: null,
      exposureMAs: null,
      focalSpotSizeMm: null,
      distanceSourceToReferencePointMm: null,
      collimatedFieldAreaM2: null,
      collimatedFieldHeightMm: null,
      collimatedFieldWidthMm: null,
      fluoroMode: event.type === 'fluoroscopy' ? event.fluoroMode : null,
    }),
  },
  'philips-azurion': {
    device: {
      manufacturer: 'Philips',
      modelName: 'Azurion',
      stationName: 'Cath Lab 2',
      serialNumber: '722158-114',
      softwareVersions: '1.2.0',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 765,
    referencePoint: REFERENCE_POINTS.isocenterMinus15Cm,
    largeTravelAxis: 'longitudinal',
    filters: () => [
      { material: 'aluminum', thicknessMinMm: 0, thicknessMaxMm: 1 },
      { material: 'copper', thicknessMinMm: 0, thicknessMaxMm: 0.4 },
    ],
    shapeEvent: (event) => ({
      ...standardShape(event),
      patientEquivalentThicknessMm: event.patientEquivalentThicknessMm,
      collimatedFieldAreaM2: 0,
      collimatedFieldHeightMm: 0,
      collimatedFieldWidthMm: 0,
    }),
  },
  'ge-oec': {
    device: {
      manufacturer: 'GE OEC Medical Systems',
      modelName: 'OEC Elite',
      stationName: 'OR3-CARM',
      serialNumber: 'E2-1234',
      softwareVersions: '4.2.1',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 850,
    referencePoint: REFERENCE_POINTS.inFrontOfImageInput30Cm,
    largeTravelAxis: 'longitudinal',
    filters: () => [{ material: 'aluminum', thicknessMinMm: 6, thicknessMaxMm: 7.2 }],
    shapeEvent: (event) => ({
      ...standardShape(event),
      primaryAngleDeg: null,
      secondaryAngleDeg: null,
      primaryEndAngleDeg: null,
      secondaryEndAngleDeg: null,
      tableLongitudinalMm: null,
      tableLateralMm: null,
      tableHeightMm: null,
      tableHeadTiltDeg: null,
      distanceSourceToIsocenterMm: null,
      distanceSourceToDetectorMm: null,
      distanceSourceToReferencePointMm: 700,
      patientTableRelationship: null,
      patientOrientationModifier: null,
    }),
  },
  canon: {
    device: {
      manufacturer: 'CANON_MEC',
      modelName: 'DFP-8000D',
      stationName: 'ALPHENIX1',
      serialNumber: 'C1234567',
      softwareVersions: 'V7.10',
      institutionName: 'Test Hospital',
    },
    distanceSourceToIsocenterMm: 700,
    referencePoint: REFERENCE_POINTS.isocenterMinus15Cm,
    largeTravelAxis: 'lateral',
    filters: copperOnly,
    shapeEvent: (event) => ({
      ...standardShape(event),
      numberOfPulses: event.type === 'rotational' ? null : event.numberOfPulses,
      primaryEndAngleDeg: event.primaryEndAngleDeg ?? event.primaryAngleDeg,
      secondaryEndAngleDeg: event.secondaryEndAngleDeg ?? event.secondaryAngleDeg,
      distanceSourceToReferencePointMm: null,
      // Reported area and height × width disagree on these devices.
      collimatedFieldAreaM2: event.collimatedFieldAreaM2 === null ? null : representable(Number((event.collimatedFieldAreaM2 * 0.19).toPrecision(4))),
    }),
  },
};
