/**
 * Size-specific dose estimate (SSDE) of a CT acquisition, AAPM Report 204 (2011): SSDE = f × CTDIvol,
 * with the conversion factor f = a · e^(−b · D) of the patient's effective diameter D in cm, fitted
 * separately for CTDIvol measured in the 32 cm and the 16 cm PMMA phantom (Report 204, section 4,
 * equations for Tables 1D and 2D). AAPM Report 220 (2014) puts the water-equivalent diameter Dw in
 * place of D in the same relation; it accounts for the attenuation of the tissues, so it is preferred
 * when the report gives it. Report 204 covers body (trunk) scans; head scans (AAPM Report 293) are not.
 * A CTDIvol or a size that is unknown gives no SSDE, with the reason — never an estimate from defaults.
 */

/** Fit coefficients of AAPM Report 204: f = a · e^(−b · D[cm]). */
export const AAPM_204_FIT = {
  phantom32Cm: { a: 3.704369, b: 0.03671937 },
  phantom16Cm: { a: 1.874799, b: 0.03871313 },
} as const;

export type CtdiPhantom = '32cm' | '16cm';

/** What is known of the patient's size at the scan, in order of preference. */
export type PatientSizeForSsde =
  | { readonly kind: 'water-equivalent-diameter'; readonly cm: number }
  | { readonly kind: 'effective-diameter'; readonly cm: number }
  | { readonly kind: 'lateral-and-ap'; readonly lateralCm: number; readonly apCm: number };

export type SsdeMethod = 'aapm-220-water-equivalent-diameter' | 'aapm-204-effective-diameter' | 'aapm-204-lateral-and-ap';

export type SsdeResult =
  | { readonly ssdeMGy: number; readonly conversionFactor: number; readonly diameterCm: number; readonly method: SsdeMethod; readonly phantom: CtdiPhantom }
  | { readonly ssdeMGy: null; readonly reason: string };

/** The diameters Report 204 tabulates f for (its patient data span them): outside, no extrapolation. */
export const AAPM_204_DIAMETER_RANGE_CM = { min: 8, max: 45 } as const;

export function aapm204ConversionFactor(diameterCm: number, phantom: CtdiPhantom): number {
  const { a, b } = phantom === '32cm' ? AAPM_204_FIT.phantom32Cm : AAPM_204_FIT.phantom16Cm;
  return a * Math.exp(-b * diameterCm);
}

function diameterOf(size: PatientSizeForSsde): { cm: number; method: SsdeMethod } {
  switch (size.kind) {
    case 'water-equivalent-diameter':
      return { cm: size.cm, method: 'aapm-220-water-equivalent-diameter' };
    case 'effective-diameter':
      return { cm: size.cm, method: 'aapm-204-effective-diameter' };
    case 'lateral-and-ap':
      // Report 204: the effective diameter is that of the circle with the area of the ellipse, √(AP × LAT).
      return { cm: Math.sqrt(size.lateralCm * size.apCm), method: 'aapm-204-lateral-and-ap' };
  }
}

export function sizeSpecificDoseEstimate(input: {
  readonly ctdiVolMGy: number | null;
  readonly phantom: CtdiPhantom | null;
  readonly size: PatientSizeForSsde | null;
}): SsdeResult {
  if (input.ctdiVolMGy === null) return { ssdeMGy: null, reason: 'the acquisition has no CTDIvol' };
  if (input.phantom === null) return { ssdeMGy: null, reason: 'the CTDIvol phantom (32 cm body or 16 cm head) is unknown' };
  if (input.size === null)
    return { ssdeMGy: null, reason: 'the patient size is unknown: no water-equivalent diameter, effective diameter, or lateral and AP dimensions' };
  const { cm, method } = diameterOf(input.size);
  const { min, max } = AAPM_204_DIAMETER_RANGE_CM;
  if (!Number.isFinite(cm) || cm < min || cm > max)
    return { ssdeMGy: null, reason: `the diameter ${cm} cm is outside the ${min}–${max} cm of AAPM Report 204` };
  const conversionFactor = aapm204ConversionFactor(cm, input.phantom);
  return { ssdeMGy: conversionFactor * input.ctdiVolMGy, conversionFactor, diameterCm: cm, method, phantom: input.phantom };
}
