import { evaluateBackscatter } from '../physics';
import type { UnplacedExposure } from './prepare-steps';

/** Field side assumed at the reference point when DAP/Ka,r cannot give it (cm): the estimate's. */
const DEFAULT_FIELD_SIDE_CM = 10;
/** The bound's, when the field is unknown: the largest side of the backscatter fit, where B is largest. */
const LARGEST_FIELD_SIDE_CM = 35;

export interface UnplacedDose {
  /** Skin at the reference point (inverse square 1): an estimate, not a bound. */
  readonly estimateGy: number;
  /** Skin at the device class's minimum source–skin distance: no skin can be nearer the source. */
  readonly upperBoundGy: number;
}

/**
 * Entrance dose of an event that cannot be placed (mobile C-arm, no angles): Ka,r × B(field from DAP/Ka,r)
 * × f, no table attenuation. The estimate puts the skin at the reference point; the upper bound scales
 * Ka,r by inverse square to the minimum source–skin distance (never below the estimate). Backscatter is
 * taken for the field at the reference point, which is at least the field at a nearer skin, and B grows
 * with field size, so the bound stays a bound. All such events are summed as if they hit the same skin.
 */
export function unplacedEntranceDose(e: UnplacedExposure, minimumSourceSkinDistanceMm: number): UnplacedDose {
  const sideCm = e.dapGyM2 !== null && e.dapGyM2 > 0 ? Math.sqrt(e.dapGyM2 / e.kermaGy) * 100 : null;
  const entrance = (side: number): number => e.kermaGy * evaluateBackscatter(e.quality.backscatter, side) * e.quality.mediumFactor;
  const estimateGy = entrance(sideCm ?? DEFAULT_FIELD_SIDE_CM);
  const inverseSquare = Math.max(1, (e.referenceDistanceMm / minimumSourceSkinDistanceMm) ** 2);
  return { estimateGy, upperBoundGy: Math.max(estimateGy, entrance(sideCm ?? LARGEST_FIELD_SIDE_CM) * inverseSquare) };
}
