import type { V3 } from '../geometry';

/**
 * Alternative values for inputs the engine had to assume, used only by the uncertainty sampling
 * (uncertainty.ts). Every field absent gives the reported result exactly.
 */
export interface EnginePerturbation {
  /** Added to every event's isocenter, table frame, mm (patient placement on the table not known). */
  readonly isocenterShiftMm?: V3;
  /** kV used for events that report none (instead of DEFAULT_KVP). */
  readonly defaultKvp?: number;
  /** Where in a reported min–max filter range the thickness lies (0 = min, 1 = max; the result uses 0.5). */
  readonly filterRangeFraction?: number;
  /** Reference point of events whose reference point was defaulted: this many cm from the isocenter toward the source. */
  readonly defaultReferencePointCm?: number;
  /** Factor on the table × mattress transmission at normal incidence (the product is kept ≤ 1). */
  readonly supportTransmissionScale?: number;
}

export const NO_PERTURBATION: EnginePerturbation = {};
