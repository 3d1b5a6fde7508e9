import type { IrradiationEventSpec } from './procedure-spec';

/**
 * Maps a generated event onto one fixed view: the same 0.02 m² field on the same skin every time, the
 * table at the origin, no rotation during the run. Studies built with it add up cell by cell, which is
 * what cumulative skin-dose tests need to predict their sums.
 */
export function fixedView(options: { readonly doseRpGy: number; readonly primaryAngleDeg?: number }): (e: IrradiationEventSpec) => IrradiationEventSpec {
  return (e) => ({
    ...e,
    primaryAngleDeg: options.primaryAngleDeg ?? 0,
    secondaryAngleDeg: 0,
    primaryEndAngleDeg: null,
    secondaryEndAngleDeg: null,
    tableLongitudinalMm: 0,
    tableLateralMm: 0,
    tableHeightMm: 0,
    tableHeadTiltDeg: null,
    collimatedFieldAreaM2: 0.02,
    collimatedFieldHeightMm: null,
    collimatedFieldWidthMm: null,
    doseRpGy: options.doseRpGy,
    dapGyM2: 0.0006,
  });
}
