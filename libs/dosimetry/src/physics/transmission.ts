import { bracket, interpolateClamped } from './interpolate';

/** Transmission of a patient-support layer at normal incidence, tabulated by tube voltage and added Cu. */
export interface TransmissionPoint {
  readonly kvp: number;
  readonly cuMm: number;
  readonly transmission: number;
}

/**
 * Transmission at normal incidence, interpolated linearly in kV within each tabulated Cu thickness,
 * then linearly in Cu (clamped at the table edges).
 */
export function interpolateTransmission(points: readonly TransmissionPoint[], kvp: number, cuMm: number): number {
  if (points.length === 1) return points[0].transmission;
  const cuLevels = [...new Set(points.map((p) => p.cuMm))].sort((a, b) => a - b);
  const atLevel = cuLevels.map((cu) => {
    const row = points.filter((p) => p.cuMm === cu).sort((a, b) => a.kvp - b.kvp);
    return interpolateClamped(
      row.map((p) => p.kvp),
      row.map((p) => p.transmission),
      kvp,
    );
  });
  const b = bracket(cuLevels, cuMm);
  return atLevel[b.lo] + b.t * (atLevel[b.hi] - atLevel[b.lo]);
}

/**
 * Transmission along an oblique path (Beer–Lambert): a layer with normal-incidence transmission T
 * crossed with path length ratio L/t = 1/cos(theta) transmits T^(L/t). Same model as openSkin's
 * exp(−μ·t/sinα) with μ = −ln(T)/t.
 */
export function obliqueTransmission(normalTransmission: number, pathLengthRatio: number): number {
  return Math.pow(normalTransmission, pathLengthRatio);
}
