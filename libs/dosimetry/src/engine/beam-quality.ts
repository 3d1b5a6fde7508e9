import type { IrradiationEvent } from '@kerma/rdsr';
import { estimateHvl, mediumCorrection, backscatterCurve, interpolateTransmission, type BackscatterCurve } from '../physics';
import type { GeometryProfile } from '../profiles';
import type { AssumptionLog } from './assumptions';

export const DEFAULT_KVP = 80;

export interface BeamQuality {
  readonly kvp: number;
  readonly copperMm: number;
  readonly addedAluminiumMm: number;
  readonly hvlMmAl: number;
  readonly mediumFactor: number;
  readonly backscatter: BackscatterCurve;
  /** Table × mattress transmission at normal incidence. */
  readonly supportTransmission: number;
}

function thickness(f: IrradiationEvent['filters'][number]): { mm: number; range: boolean } {
  const lo = f.thicknessMinMm?.value ?? null;
  const hi = f.thicknessMaxMm?.value ?? null;
  if (lo !== null && hi !== null) return { mm: (lo + hi) / 2, range: Math.abs(hi - lo) > 1e-9 };
  return { mm: lo ?? hi ?? 0, range: false };
}

/** Beam quality of one event: kV, filtration → HVL, medium factor, backscatter curve, support transmission. */
export function beamQuality(
  e: IrradiationEvent,
  profile: GeometryProfile,
  inherentAlMm: number,
  tableTransmissionOverride: number | undefined,
  log: AssumptionLog,
): BeamQuality {
  let kvp = e.kvp?.value ?? null;
  if (kvp === null || !(kvp > 0)) {
    kvp = DEFAULT_KVP;
    log.noteEvent('kvp-defaulted', `no kVp reported; ${DEFAULT_KVP} kV assumed for backscatter, medium and table corrections`);
  }
  let copperMm = 0;
  let addedAluminiumMm = 0;
  for (const f of e.filters) {
    const t = thickness(f);
    if (t.range) log.noteEvent('filter-thickness-range', 'filter thickness given as a min–max range; the mean is used');
    if (f.materialName === 'copper') copperMm += t.mm;
    else if (f.materialName === 'aluminum') addedAluminiumMm += t.mm;
    else if (t.mm > 0) log.noteEvent('filter-material-ignored', 'a filter of another material than Cu or Al is ignored for the HVL estimate');
  }
  const hvl = estimateHvl(kvp, inherentAlMm + addedAluminiumMm, copperMm);
  if (hvl.clamped) log.noteEvent('hvl-out-of-table', 'kV or filtration outside the 50–150 kV, ≤ 0.9 mm Cu, 2.5–5.1 mm Al table; clamped to its edge');
  const supportTransmission =
    tableTransmissionOverride ??
    interpolateTransmission(profile.table.transmission.points, kvp, copperMm) * interpolateTransmission(profile.mattress.transmission.points, kvp, copperMm);
  return {
    kvp,
    copperMm,
    addedAluminiumMm,
    hvlMmAl: hvl.hvlMmAl,
    mediumFactor: mediumCorrection(kvp, hvl.hvlMmAl),
    backscatter: backscatterCurve(kvp, hvl.hvlMmAl),
    supportTransmission,
  };
}
