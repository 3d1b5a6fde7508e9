import { bracket, interpolateClamped } from './interpolate';

/** Transmission of a patient-support layer at normal incidence, tabulated by tube voltage and added Cu. */
export interface TransmissionPoint {
  readonly kvp: number;
  readonly cuMm: number;
  readonly transmission: number;
}

/** A transmission table arranged once for lookups: Cu levels ascending, each with its kV row ascending. */
interface TransmissionGrid {
  readonly cuLevels: readonly number[];
  readonly rows: readonly { readonly kvps: readonly number[]; readonly transmissions: readonly number[] }[];
}

/** Profiles are immutable, so a table is arranged once and looked up for every event of every study. */
const grids = new WeakMap<readonly TransmissionPoint[], TransmissionGrid>();

function gridOf(points: readonly TransmissionPoint[]): TransmissionGrid {
  const known = grids.get(points);
  if (known) return known;
  const cuLevels = [...new Set(points.map((p) => p.cuMm))].sort((a, b) => a - b);
  const rows = cuLevels.map((cu) => {
    const row = points.filter((p) => p.cuMm === cu).sort((a, b) => a.kvp - b.kvp);
    return { kvps: row.map((p) => p.kvp), transmissions: row.map((p) => p.transmission) };
  });
  const grid = { cuLevels, rows };
  grids.set(points, grid);
  return grid;
}

/**
 * Transmission at normal incidence, interpolated linearly in kV within each tabulated Cu thickness,
 * then linearly in Cu (clamped at the table edges).
 */
export function interpolateTransmission(points: readonly TransmissionPoint[], kvp: number, cuMm: number): number {
  if (points.length === 1) return points[0].transmission;
  const { cuLevels, rows } = gridOf(points);
  const b = bracket(cuLevels, cuMm);
  const atLevel = (k: number): number => interpolateClamped(rows[k].kvps, rows[k].transmissions, kvp);
  const lo = atLevel(b.lo);
  return lo + b.t * (atLevel(b.hi) - lo);
}

/**
 * Transmission along an oblique path (Beer–Lambert): a layer with normal-incidence transmission T
 * crossed with path length ratio L/t = 1/cos(theta) transmits T^(L/t). Same model as openSkin's
 * exp(−μ·t/sinα) with μ = −ln(T)/t.
 */
export function obliqueTransmission(normalTransmission: number, pathLengthRatio: number): number {
  return Math.pow(normalTransmission, pathLengthRatio);
}
