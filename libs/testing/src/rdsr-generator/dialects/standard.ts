import { CONCEPT, SCT_VOCABULARY } from '../sr/codes';
import { ucum } from '../sr/content-items';
import type { Dialect } from '../sr/dialect';

export const X_RAY_RADIATION_DOSE_SR = '1.2.840.10008.5.1.4.1.1.88.67';
export const ENHANCED_X_RAY_RADIATION_DOSE_SR = '1.2.840.10008.5.1.4.1.1.88.76';

/** Conformant TID 10001: current SNOMED CT codes, UCUM units, nothing vendor-private. */
export const STANDARD_DIALECT: Dialect = {
  sopClassUid: X_RAY_RADIATION_DOSE_SR,
  vocabulary: SCT_VOCABULARY,
  units: {
    dap: ucum('Gy.m2'),
    doseRp: ucum('Gy'),
    exposure: ucum('uA.s', 'uA.s', 1000),
    pulseRate: ucum('{pulse}/s', 'pulse/s'),
    irradiationDuration: ucum('s'),
  },
  exposureTimeConcept: CONCEPT.exposureTime,
  tubeCurrentConcept: CONCEPT.tubeCurrent,
  filterType: CONCEPT.flatFilter,
  sourceOfDoseInformation: CONCEPT.automatedDataCollection,
  procedureReported: CONCEPT.projectionXray,
  acquisitionDeviceType: null,
  scope: 'study',
  modelNameInHeader: true,
  deviceObserverUidAsText: false,
  referencePointPerEvent: true,
  emptyPositionerAngles: false,
  childrenAsSiblings: false,
  writesDistanceSourceToDetector: () => true,
  writesTableHeight: true,
  calibration: true,
  conceptMeanings: {},
  rootComment: () => null,
  eventComment: () => null,
  vendorPlaneItems: () => [],
  vendorEventItems: () => [],
  enhancedGeometry: false,
};

/** Enhanced X-Ray RDSR: the standard report plus table and positioner geometry relative to the isocenter. */
export const ENHANCED_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  sopClassUid: ENHANCED_X_RAY_RADIATION_DOSE_SR,
  enhancedGeometry: true,
};
