import type { IrradiationEvent } from '../model/procedure';
import { Mechanical } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { numValue } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';

/** TID 10003C Irradiation Event X-Ray Mechanical Data, with the CID 10008 distances and table positions. */

export type MechanicalFields = Pick<
  IrradiationEvent,
  | 'positionerPrimaryAngleDeg'
  | 'positionerSecondaryAngleDeg'
  | 'positionerPrimaryEndAngleDeg'
  | 'positionerSecondaryEndAngleDeg'
  | 'columnAngulationDeg'
  | 'tableHeadTiltAngleDeg'
  | 'tableHorizontalRotationAngleDeg'
  | 'tableCradleTiltAngleDeg'
  | 'tableLongitudinalPositionMm'
  | 'tableLateralPositionMm'
  | 'tableHeightPositionMm'
  | 'tableLongitudinalEndPositionMm'
  | 'tableLateralEndPositionMm'
  | 'tableHeightEndPositionMm'
  | 'distanceSourceToIsocenterMm'
  | 'distanceSourceToDetectorMm'
  | 'distanceSourceToReferencePointMm'
  | 'distanceSourceToTablePlaneMm'
>;

export function readMechanicalData(event: ContentItem): MechanicalFields {
  return {
    positionerPrimaryAngleDeg: numValue(event, Mechanical.positionerPrimaryAngle, U.Deg),
    positionerSecondaryAngleDeg: numValue(event, Mechanical.positionerSecondaryAngle, U.Deg),
    positionerPrimaryEndAngleDeg: numValue(event, Mechanical.positionerPrimaryEndAngle, U.Deg),
    positionerSecondaryEndAngleDeg: numValue(event, Mechanical.positionerSecondaryEndAngle, U.Deg),
    columnAngulationDeg: numValue(event, Mechanical.columnAngulation, U.Deg),
    tableHeadTiltAngleDeg: numValue(event, Mechanical.tableHeadTiltAngle, U.Deg),
    tableHorizontalRotationAngleDeg: numValue(event, Mechanical.tableHorizontalRotationAngle, U.Deg),
    tableCradleTiltAngleDeg: numValue(event, Mechanical.tableCradleTiltAngle, U.Deg),
    tableLongitudinalPositionMm: numValue(event, Mechanical.tableLongitudinalPosition, U.Mm),
    tableLateralPositionMm: numValue(event, Mechanical.tableLateralPosition, U.Mm),
    tableHeightPositionMm: numValue(event, Mechanical.tableHeightPosition, U.Mm),
    tableLongitudinalEndPositionMm: numValue(event, Mechanical.tableLongitudinalEndPosition, U.Mm),
    tableLateralEndPositionMm: numValue(event, Mechanical.tableLateralEndPosition, U.Mm),
    tableHeightEndPositionMm: numValue(event, Mechanical.tableHeightEndPosition, U.Mm),
    distanceSourceToIsocenterMm: numValue(event, Mechanical.distanceSourceToIsocenter, U.Mm),
    distanceSourceToDetectorMm: numValue(event, Mechanical.distanceSourceToDetector, U.Mm),
    distanceSourceToReferencePointMm: numValue(event, Mechanical.distanceSourceToReferencePoint, U.Mm),
    distanceSourceToTablePlaneMm: numValue(event, Mechanical.distanceSourceToTablePlane, U.Mm),
  };
}
