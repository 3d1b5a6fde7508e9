/**
 * Plausible patient sizes (the engine's own range for a reported size): a value outside is refused
 * with the reason, never scaled into a phantom. Height 0.4–2.5 m, mass 2–350 kg.
 */
export const HEIGHT_RANGE_M = [0.4, 2.5] as const;
export const MASS_RANGE_KG = [2, 350] as const;

export function implausibleHeight(heightM: number): string | null {
  if (!Number.isFinite(heightM)) return 'height is not a number';
  return heightM < HEIGHT_RANGE_M[0] || heightM > HEIGHT_RANGE_M[1]
    ? `height ${round(heightM)} m is outside the plausible ${HEIGHT_RANGE_M[0]}–${HEIGHT_RANGE_M[1]} m`
    : null;
}

export function implausibleMass(massKg: number): string | null {
  if (!Number.isFinite(massKg)) return 'weight is not a number';
  return massKg < MASS_RANGE_KG[0] || massKg > MASS_RANGE_KG[1]
    ? `weight ${round(massKg)} kg is outside the plausible ${MASS_RANGE_KG[0]}–${MASS_RANGE_KG[1]} kg`
    : null;
}

const round = (v: number): number => Number(v.toPrecision(6));

/** 1 lb (avoirdupois) = 0.45359237 kg exactly (international yard and pound agreement, 1959). */
export const KG_PER_LB = 0.45359237;
