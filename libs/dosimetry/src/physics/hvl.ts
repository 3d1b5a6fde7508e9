import { SPECTRUM_TABLE } from './spectrum-table';
import { bracket, interpolateClamped } from './interpolate';

/**
 * First half-value layer (mm Al) from tube voltage and filtration.
 *
 * Approximation, documented in docs/dosimetry.md: the Benmakhlouf et al. 2011 spectra (tungsten anode,
 * 50–150 kV) are tabulated at 3.1 mm Al inherent filtration for 0–0.9 mm Cu; HVL is interpolated
 * linearly in kV and Cu, and corrected for other aluminium filtration with the local slope
 * dHVL/dAl that the same table gives (2.5–5.1 mm Al). Inputs outside the table are clamped and reported.
 */
export interface HvlEstimate {
  readonly hvlMmAl: number;
  /** True when kV, Cu or Al lay outside the table and were clamped to its edge. */
  readonly clamped: boolean;
}

const KV_NODES = [50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150];
const CU_NODES = [0, 0.1, 0.2, 0.3, 0.6, 0.9];
const REFERENCE_AL_MM = 3.1;
const AL_RANGE_MM: readonly [number, number] = [2.5, 5.1];

function row(kv: number, alMm: number, cuMm: number): readonly number[] {
  const found = SPECTRUM_TABLE.find((r) => r[0] === kv && r[1] === alMm && r[2] === cuMm);
  if (!found) throw new Error(`spectrum table lacks kV ${kv}, ${alMm} mm Al, ${cuMm} mm Cu`);
  return found;
}

/** Aluminium pairs used for the slope at each Cu node: [lower Al, higher Al]. */
const SLOPE_PAIRS: Readonly<Record<number, readonly [number, number]>> = {
  0: [3.1, 4.1],
  0.1: [3.1, 4.1],
  0.2: [3.1, 4.1],
  0.3: [2.5, 3.1],
  0.9: [2.5, 3.1],
};

interface KvNode {
  readonly hvlAtReferenceAl: readonly number[];
  readonly slopePerMmAl: readonly number[];
}

const NODES: readonly KvNode[] = KV_NODES.map((kv) => {
  const hvlAtReferenceAl = CU_NODES.map((cu) => row(kv, REFERENCE_AL_MM, cu)[3]);
  const slopeAt = (cu: number): number => {
    const [a, b] = SLOPE_PAIRS[cu];
    return (row(kv, b, cu)[3] - row(kv, a, cu)[3]) / (b - a);
  };
  const slopes = CU_NODES.map((cu) => (cu === 0.6 ? (slopeAt(0.3) + slopeAt(0.9)) / 2 : slopeAt(cu)));
  return { hvlAtReferenceAl, slopePerMmAl: slopes };
});

function hvlAtNode(node: KvNode, alMm: number, cuMm: number): number {
  const base = interpolateClamped(CU_NODES, node.hvlAtReferenceAl, cuMm);
  const slope = interpolateClamped(CU_NODES, node.slopePerMmAl, cuMm);
  return base + slope * (alMm - REFERENCE_AL_MM);
}

export function estimateHvl(kvp: number, totalAlMm: number, cuMm: number): HvlEstimate {
  const al = Math.min(AL_RANGE_MM[1], Math.max(AL_RANGE_MM[0], totalAlMm));
  const clamped = kvp < KV_NODES[0] || kvp > KV_NODES[KV_NODES.length - 1] || cuMm < 0 || cuMm > CU_NODES[CU_NODES.length - 1] || al !== totalAlMm;
  const b = bracket(KV_NODES, kvp);
  const lo = hvlAtNode(NODES[b.lo], al, cuMm);
  const hi = hvlAtNode(NODES[b.hi], al, cuMm);
  return { hvlMmAl: lo + b.t * (hi - lo), clamped };
}
