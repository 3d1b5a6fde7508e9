import type { IrradiationEvent } from '@kerma/rdsr';
import type { GeometryProfile } from '../profiles';

/** Table displacement in the table frame (mm): x lateral, y toward the head end, z up; null = not reported. */
export interface TableDisplacement {
  readonly x: number | null;
  readonly y: number | null;
  readonly z: number | null;
}

function field(e: IrradiationEvent, which: 'longitudinal' | 'lateral'): number | null {
  const q = which === 'longitudinal' ? e.tableLongitudinalPositionMm : e.tableLateralPositionMm;
  return q ? q.value : null;
}

/** Applies the profile's axis mapping (including the longitudinal/lateral swap) and sign flips. */
export function tableDisplacement(e: IrradiationEvent, profile: GeometryProfile): TableDisplacement {
  const a = profile.tableAxes;
  const lat = field(e, a.lateral.field);
  const lon = field(e, a.longitudinal.field);
  const h = e.tableHeightPositionMm?.value ?? null;
  return {
    x: lat === null ? null : a.lateral.sign * lat,
    y: lon === null ? null : a.longitudinal.sign * lon,
    z: h === null ? null : a.heightSign * h,
  };
}

/** Weighted median of the reported values (robust to a few far-off events); null when none reported. */
export function weightedMedian(values: readonly (number | null)[], weights: readonly number[]): number | null {
  const pairs = values.flatMap((v, i) => (v === null ? [] : [[v, Math.max(weights[i], 0)] as const])).sort((a, b) => a[0] - b[0]);
  if (pairs.length === 0) return null;
  const total = pairs.reduce((s, p) => s + p[1], 0);
  if (total === 0) return pairs[Math.floor(pairs.length / 2)][0];
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w;
    if (acc >= total / 2) return v;
  }
  return pairs[pairs.length - 1][0];
}
