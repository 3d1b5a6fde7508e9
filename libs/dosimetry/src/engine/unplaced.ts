import { evaluateBackscatter } from '../physics';
import type { UnplacedExposure } from './prepare-steps';

/** Field side assumed at the reference point when DAP/Ka,r cannot give it (cm). */
const DEFAULT_FIELD_SIDE_CM = 10;

/**
 * Conservative entrance dose of an event that cannot be placed (mobile C-arm, no angles): the skin is
 * taken at the reference point (inverse square = 1), no table attenuation, backscatter for the field
 * from DAP/Ka,r, medium factor. All such events are summed as if they hit the same skin.
 */
export function unplacedEntranceDoseGy(e: UnplacedExposure): number {
  const sideCm = e.dapGyM2 !== null && e.dapGyM2 > 0 ? Math.sqrt(e.dapGyM2 / e.kermaGy) * 100 : DEFAULT_FIELD_SIDE_CM;
  return e.kermaGy * evaluateBackscatter(e.quality.backscatter, sideCm) * e.quality.mediumFactor;
}
