/**
 * DICOM PS3.3 C.8.7.5.1.2: Positioner Primary Angle −180…+180°, Positioner Secondary Angle −90…+90°.
 * A primary angle beyond ±180° (up to ±360°) names the same direction as its wrap (the beam depends on
 * the angle only through sine and cosine), so it is used as reported and flagged; rotational sweeps keep
 * their unwrapped end so the arc keeps its direction. A secondary angle beyond ±90° has no reading
 * within the standard: 183° could be a 0–360° encoding of −177°, a value of another field, or the arm
 * tilted over the head, each putting the beam elsewhere, so the event's geometry is excluded (its dose
 * goes to the events without geometry, with this reason).
 */
const PRIMARY_LIMIT_DEG = 180;
const SECONDARY_LIMIT_DEG = 90;
const FULL_TURN_DEG = 360;
const EPSILON_DEG = 1e-6;

export interface AngleRangeCheck {
  /** Why the event's geometry cannot be used; null when it can. */
  readonly exclude: string | null;
  /** A flagged but unambiguous reading (primary beyond ±180°); null when none. */
  readonly note: string | null;
}

const wrap = (deg: number): number => ((((deg + 180) % 360) + 360) % 360) - 180;

export function checkAngleRange(angles: {
  readonly primaryDeg: number;
  readonly secondaryDeg: number | null;
  readonly primaryEndDeg: number | null;
  readonly secondaryEndDeg: number | null;
}): AngleRangeCheck {
  for (const [name, v] of [
    ['secondary angle', angles.secondaryDeg],
    ['secondary end angle', angles.secondaryEndDeg],
  ] as const) {
    if (v !== null && Math.abs(v) > SECONDARY_LIMIT_DEG + EPSILON_DEG) {
      return { exclude: `${name} ${v}° outside the DICOM PS3.3 range −90…+90°`, note: null };
    }
  }
  let note: string | null = null;
  for (const [name, v] of [
    ['primary angle', angles.primaryDeg],
    ['primary end angle', angles.primaryEndDeg],
  ] as const) {
    if (v === null || Math.abs(v) <= PRIMARY_LIMIT_DEG + EPSILON_DEG) continue;
    if (Math.abs(v) > FULL_TURN_DEG + EPSILON_DEG) return { exclude: `${name} ${v}° is more than a full turn`, note: null };
    note ??= `${name} ${v}° outside the DICOM PS3.3 range −180…+180°: the same direction as ${Number(wrap(v).toFixed(3))}°, used as such`;
  }
  return { exclude: null, note };
}
