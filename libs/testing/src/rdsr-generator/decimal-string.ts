/**
 * DICOM DS values are at most 16 characters. dcmjs truncates longer ones, which would silently change
 * the value, so numbers are formatted here and the spec keeps exactly the number the string represents.
 */
const DS_MAX_CHARS = 16;

export class DecimalStringError extends Error {
  constructor(readonly value: number) {
    super(`cannot write ${value} as a DICOM decimal string (not a finite number)`);
    this.name = 'DecimalStringError';
  }
}

/** The shortest string of at most 16 characters for `value`, exact when the number allows it. */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new DecimalStringError(value);
  const shortest = String(value);
  if (shortest.length <= DS_MAX_CHARS) return shortest;
  for (let digits = 15; digits >= 1; digits--) {
    const candidate = String(Number(value.toPrecision(digits)));
    if (candidate.length <= DS_MAX_CHARS) return candidate;
  }
  throw new DecimalStringError(value);
}

/** The number a written DS will be read back as: use it for every value the spec stores. */
export function representable(value: number): number {
  return Number(formatDecimalString(value));
}

/** Rounds to `decimals` places, then to what a DS can carry. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return representable(Math.round(value * factor) / factor);
}

/** Rounds to `digits` significant digits (for small doses like 3.2e-6 Gy·m²). */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0) return 0;
  return representable(Number(value.toPrecision(digits)));
}
