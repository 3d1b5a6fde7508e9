import { SPECTRUM_TABLE } from './spectrum-table';
import { bracket, interpolateClamped } from './interpolate';

/**
 * Medium correction f = (mu_en/rho)_water / (mu_en/rho)_air: converts air kerma to water (skin) kerma.
 * Benmakhlouf, Bouchard, Fransson & Andreo, Phys. Med. Biol. 56 (2011) 7179, table values for a 10 cm
 * field (field-size dependence ≤ 1 %); interpolated linearly in HVL within each kV, then in kV.
 */
const KV_NODES = [50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150];

const CURVES = KV_NODES.map((kv) => {
  const rows = SPECTRUM_TABLE.filter((r) => r[0] === kv)
    .slice()
    .sort((a, b) => a[3] - b[3]);
  return { hvl: rows.map((r) => r[3]), ratio: rows.map((r) => r[4]) };
});

export function mediumCorrection(kvp: number, hvlMmAl: number): number {
  const b = bracket(KV_NODES, kvp);
  const lo = interpolateClamped(CURVES[b.lo].hvl, CURVES[b.lo].ratio, hvlMmAl);
  const hi = interpolateClamped(CURVES[b.hi].hvl, CURVES[b.hi].ratio, hvlMmAl);
  return lo + b.t * (hi - lo);
}
