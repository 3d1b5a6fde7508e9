import type { IrradiationEventSpec, PlaneTotalsSpec } from '../procedure-spec';
import { CONCEPT, SRT_VOCABULARY, type Code } from '../sr/codes';
import { container, num, text, ucum, type ContentItem } from '../sr/content-items';
import type { Dialect } from '../sr/dialect';
import { PROJECTION_CODES } from '../sr/projection-report-codes';
import { STANDARD_DIALECT } from './standard';

const PHILIPS_SCHEME = '99PHI-IXR-XPER';
const phi = (value: string, meaning: string): Code => ({ value, scheme: PHILIPS_SCHEME, meaning });

/** Philips private concepts, as the Allura Xper / Clarity write them. */
export const PHILIPS_PRIVATE = {
  heightOfSystem: phi('001', 'Height of System'),
  focalSpotToIsoCenter: phi('002', 'Focal Spot to ISO Center'),
  numberOfFrames: phi('003', 'Number of Frames'),
  subImagesPerFrame: phi('004', 'SubImages per Frame'),
  wedgesAndShutters: phi('005', 'Wedges and Shutters'),
  bottomShutter: phi('006', 'Bottom Shutter'),
  leftShutter: phi('007', 'Left Shutter'),
  rightShutter: phi('008', 'Right Shutter'),
  topShutter: phi('009', 'Top Shutter'),
  distanceWedge1: phi('010', 'Distance Wedge 1'),
  distanceWedge2: phi('011', 'Distance Wedge 2'),
  angleWedge1: phi('012', 'Angle Wedge 1'),
  angleWedge2: phi('013', 'Angle Wedge 2'),
  beamPosition: phi('014', 'Beam Position'),
  longitudinalBeamPosition: phi('015', 'Longitudinal Beam Position'),
  beamAngle: phi('017', 'Beam Angle'),
  finalDistanceSourceToDetector: phi('018', 'Final Distance Source to Detector'),
  finalTableCradleAngle: phi('019', 'Final Table Cradle Angle'),
  finalTableHeightPosition: phi('020', 'Final Table Height Position'),
  tableHeightPosition: phi('021', 'Table Height Position'),
  finalTableTiltAngle: phi('022', 'Final Table Tilt Angle'),
  detectorFieldSize: phi('023', 'Detector Field Size'),
  xSide: phi('024', 'X side'),
  ySide: phi('025', 'Y side'),
  objectThickness: phi('026', 'Object Thickness'),
  applicationgroupName: phi('028', 'Applicationgroup Name'),
  applicationName: phi('029', 'Application Name'),
  fluoroFlavour: phi('030', 'Fluoro Flavour'),
} as const;

const MM = ucum('mm');
const DEG = ucum('deg');
const NO_UNITS = ucum('1', 'no units');
const HEIGHT_OF_SYSTEM_MM = 1134;

/**
 * Philips Allura Xper / Clarity: Reference Point Definition as text, no Collimated Field Area (shutters are private),
 * table height only private, DCM Distance Source to Detector only on acquisitions (private final DSD on every event),
 * Al + Cu filters, scope = Performed Procedure Step, no ManufacturerModelName in the header, no calibration.
 */
export const PHILIPS_ALLURA_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  vocabulary: SRT_VOCABULARY,
  filterType: CONCEPT.stripFilter,
  sourceOfDoseInformation: CONCEPT.computedFromImageAttributes,
  scope: 'performed-procedure-step',
  modelNameInHeader: false,
  calibration: false,
  writesDistanceSourceToDetector: (event) => event.type !== 'fluoroscopy',
  writesTableHeight: false,
  rootComment: () => 'X-Ray Radiation Dose Structured Report related to the Performed Procedure Step',
  vendorPlaneItems: alluraPlaneItems,
  vendorEventItems: alluraEventItems,
};

function alluraPlaneItems(_totals: PlaneTotalsSpec, spec: { events: readonly IrradiationEventSpec[] }): ContentItem[] {
  const sourceToIsocenterMm = spec.events.find((event) => event.distanceSourceToIsocenterMm !== null)?.distanceSourceToIsocenterMm;
  const items = [num('CONTAINS', PHILIPS_PRIVATE.heightOfSystem, HEIGHT_OF_SYSTEM_MM, MM)];
  if (sourceToIsocenterMm !== undefined && sourceToIsocenterMm !== null) {
    items.push(num('CONTAINS', PHILIPS_PRIVATE.focalSpotToIsoCenter, sourceToIsocenterMm, MM));
  }
  return items;
}

function alluraEventItems(event: IrradiationEventSpec): ContentItem[] {
  const p = PHILIPS_PRIVATE;
  const items: ContentItem[] = [];
  if (event.numberOfPulses !== null) items.push(num('CONTAINS', p.numberOfFrames, event.numberOfPulses, NO_UNITS));
  items.push(num('CONTAINS', p.subImagesPerFrame, 1, NO_UNITS));
  if (event.shutters) {
    items.push(
      container('CONTAINS', p.wedgesAndShutters, [
        num('CONTAINS', p.bottomShutter, event.shutters.bottomMm, MM),
        num('CONTAINS', p.leftShutter, event.shutters.leftMm, MM),
        num('CONTAINS', p.rightShutter, event.shutters.rightMm, MM),
        num('CONTAINS', p.topShutter, event.shutters.topMm, MM),
        num('CONTAINS', p.distanceWedge1, 125, MM),
        num('CONTAINS', p.distanceWedge2, 140, MM),
        num('CONTAINS', p.angleWedge1, 179, DEG),
        num('CONTAINS', p.angleWedge2, -1, DEG),
      ]),
    );
  }
  if (event.distanceSourceToDetectorMm !== null) {
    items.push(num('CONTAINS', p.finalDistanceSourceToDetector, event.distanceSourceToDetectorMm, MM));
  }
  items.push(num('CONTAINS', p.finalTableCradleAngle, 0, DEG));
  if (event.tableHeightMm !== null) {
    items.push(num('CONTAINS', p.finalTableHeightPosition, event.tableHeightMm, MM));
    items.push(num('CONTAINS', p.tableHeightPosition, event.tableHeightMm, MM));
  }
  items.push(num('CONTAINS', p.finalTableTiltAngle, 0, DEG));
  if (event.detectorFieldSizeMm !== null) {
    items.push(
      container('CONTAINS', p.detectorFieldSize, [
        num('CONTAINS', p.xSide, event.detectorFieldSizeMm, MM),
        num('CONTAINS', p.ySide, event.detectorFieldSizeMm, MM),
      ]),
    );
  }
  items.push(text('CONTAINS', p.applicationgroupName, 'Vascular ClarityIQ'));
  items.push(text('CONTAINS', p.applicationName, 'Head ClarityIQ'));
  if (event.type === 'fluoroscopy') items.push(text('CONTAINS', p.fluoroFlavour, 'Low 6 b/s'));
  return items;
}

/**
 * Philips Azurion: Collimated Field Area/Height/Width written as 0, filters as ranges, Distance Source to
 * Reference Point and Patient Equivalent Thickness present, Reference Point Definition as a code.
 * Procedure reported Projection X-Ray with Acquisition Device Type "Integrated Projection Radiography
 * System" (the fixed C-arm names itself integrated), which a code-only reading takes for radiography.
 */
export const PHILIPS_AZURION_DIALECT: Dialect = {
  ...STANDARD_DIALECT,
  acquisitionDeviceType: PROJECTION_CODES.integratedProjectionRadiographySystem,
  vocabulary: SRT_VOCABULARY,
  filterType: CONCEPT.stripFilter,
  sourceOfDoseInformation: CONCEPT.computedFromImageAttributes,
  scope: 'performed-procedure-step',
  calibration: false,
  rootComment: () => 'X-Ray Radiation Dose Structured Report related to the Performed Procedure Step',
  vendorPlaneItems: (totals, spec) => alluraPlaneItems(totals, spec),
};
