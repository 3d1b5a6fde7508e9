import type { AcquisitionPlane } from '@kerma/rdsr';
import { backscatterIntervalOf, evaluateBackscatter } from '../physics';
import type { ExposureStep } from './prepare-steps';
import type { PlacedPhantom } from './placed-phantom';
import { computeHitSet, sameBeamPyramid, type HitSet, type SupportSlab } from './hit-set';
import type { BeamGeometry } from '../geometry';

export interface PlaneAccumulation {
  readonly doseGy: Float64Array;
  eventIndices: Set<number>;
  kermaGy: number;
  dapGyM2: number;
  dapReported: boolean;
  dapOnPhantomGyM2: number;
}

export interface Accumulation {
  readonly planes: Map<AcquisitionPlane, PlaneAccumulation>;
  readonly geometriesComputed: number;
}

/** D_cell += Ka,r × (d_ref / r)² × BSF(kV, HVL, field side at the cell) × f_med × T^(L/t) for one step's hit cells. */
function addStepDose(dose: Float64Array, step: ExposureStep, hits: HitSet): void {
  const q = step.quality;
  const base = step.kermaGy * step.referenceDistanceMm * step.referenceDistanceMm * q.mediumFactor;
  const lnT = Math.log(q.supportTransmission);
  const { cells, inverseSquareMm2, fieldSideCm, supportPathRatio, count } = hits;
  const curve = q.backscatter;
  const k = backscatterIntervalOf(curve, hits.minFieldSideCm, hits.maxFieldSideCm);
  if (k >= 0) {
    // The same cubic, term for term, as evaluateBackscatter on this interval, without its per-cell search.
    const knot = curve.knotsCm[k];
    const c = curve.intervalCoefficients;
    const c0 = c[4 * k];
    const c1 = c[4 * k + 1];
    const c2 = c[4 * k + 2];
    const c3 = c[4 * k + 3];
    for (let i = 0; i < count; i++) {
      const path = supportPathRatio[i];
      const t = path > 0 ? Math.exp(lnT * path) : 1;
      const side = fieldSideCm[i] - knot;
      dose[cells[i]] += base * inverseSquareMm2[i] * (c0 + side * (c1 + side * (c2 + side * c3))) * t;
    }
    return;
  }
  // A local binding: the module namespace accessor would otherwise be called for every cell.
  const backscatterAt = evaluateBackscatter;
  for (let i = 0; i < count; i++) {
    const path = supportPathRatio[i];
    const t = path > 0 ? Math.exp(lnT * path) : 1;
    dose[cells[i]] += base * inverseSquareMm2[i] * backscatterAt(curve, fieldSideCm[i]) * t;
  }
}

/**
 * D_cell += Ka,r × (d_ref / r)² × BSF(kV, HVL, field side at the cell) × f_med × T^(L/t) (only when
 * the ray crosses the support). Consecutive steps with the same beam pyramid reuse the hit set.
 */
export function accumulate(steps: readonly ExposureStep[], placed: PlacedPhantom, support: SupportSlab): Accumulation {
  const planes = new Map<AcquisitionPlane, PlaneAccumulation>();
  let lastBeam: BeamGeometry | null = null;
  let hits: HitSet | null = null;
  let geometriesComputed = 0;
  for (const step of steps) {
    if (hits === null || lastBeam === null || !sameBeamPyramid(step.beam, lastBeam)) {
      hits = computeHitSet(step.beam, placed, support);
      lastBeam = step.beam;
      geometriesComputed++;
    }
    let acc = planes.get(step.plane);
    if (!acc) {
      acc = { doseGy: new Float64Array(placed.phantom.cellCount), eventIndices: new Set(), kermaGy: 0, dapGyM2: 0, dapReported: false, dapOnPhantomGyM2: 0 };
      planes.set(step.plane, acc);
    }
    acc.eventIndices.add(step.eventIndex);
    acc.kermaGy += step.kermaGy;
    if (step.dapGyM2 !== null) {
      acc.dapReported = true;
      acc.dapGyM2 += step.dapGyM2;
      const fieldSolidAngle = 4 * step.beam.tanHalfU * step.beam.tanHalfV;
      acc.dapOnPhantomGyM2 += step.dapGyM2 * Math.min(1, hits.solidAngleSr / fieldSolidAngle);
    }
    addStepDose(acc.doseGy, step, hits);
  }
  return { planes, geometriesComputed };
}
