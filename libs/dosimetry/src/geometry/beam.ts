import { cross, normalize, sub, scale, type V3 } from './vector';
import type { Placement } from './patient-position';

const DEG = Math.PI / 180;

/**
 * Direction from the isocenter to the detector in the patient frame (x left, y head, z anterior),
 * DICOM PS3.3 C.8.7.5: primary angle in the transaxial plane, 0 = detector above the chest (the
 * source under the table), +90 = detector at the patient's left (LAO); secondary angle in the sagittal
 * plane, +90 = toward the head (cranial).
 */
export function detectorDirectionPatient(primaryDeg: number, secondaryDeg: number): V3 {
  const a = primaryDeg * DEG;
  const b = secondaryDeg * DEG;
  return [Math.sin(a) * Math.cos(b), Math.sin(b), Math.cos(a) * Math.cos(b)];
}

export function toTableFrame(v: V3, p: Placement): V3 {
  return [p.sx * v[0], p.sy * v[1], p.sz * v[2]];
}

/** A pyramid beam: focal spot, central axis (toward the detector), two field axes and half-angle tangents. */
export interface BeamGeometry {
  readonly source: V3;
  readonly axis: V3;
  readonly fieldU: V3;
  readonly fieldV: V3;
  readonly tanHalfU: number;
  readonly tanHalfV: number;
}

/**
 * Field axes: u across the patient (the collimated width), v along the patient (the height), both
 * perpendicular to the central axis.
 */
export function buildBeam(
  isocenter: V3,
  axis: V3,
  distanceSourceToIsocenterMm: number,
  fieldWidthAtPlaneMm: number,
  fieldHeightAtPlaneMm: number,
  planeDistanceMm: number,
): BeamGeometry {
  const source = sub(isocenter, scale(axis, distanceSourceToIsocenterMm));
  const longAxis: V3 = [0, 1, 0];
  const across = cross(longAxis, axis);
  // A beam along the table axis (secondary angle ±90°) has no across direction; any perpendicular will do.
  const u = Math.hypot(across[0], across[1], across[2]) < 1e-9 ? ([1, 0, 0] as V3) : normalize(across);
  const v = cross(axis, u);
  return {
    source,
    axis,
    fieldU: u,
    fieldV: v,
    tanHalfU: fieldWidthAtPlaneMm / 2 / planeDistanceMm,
    tanHalfV: fieldHeightAtPlaneMm / 2 / planeDistanceMm,
  };
}
