import { z } from 'zod';
import type { DecodedImage } from './png-read';

/**
 * Film calibration: pixel value → net optical density → dose. netOD = log10((PV₀ − PV_dark) / (PV −
 * PV_dark)) in the chosen channel (red for EBT3/EBT4 up to ~8 Gy, green above); dose = P(netOD) / Q(netOD)
 * with P, Q polynomials (a polynomial fit is Q = [1]; the usual rational fits are one-term P and Q).
 */
export const filmCalibrationSchema = z.object({
  channel: z.enum(['grey', 'red', 'green', 'blue']),
  /** Pixel value of unexposed film (same scanner, same orientation). */
  unexposedPixelValue: z.number().gt(0).max(255),
  /** Pixel value with the scanner light blocked (0 when not measured). */
  darkPixelValue: z.number().min(0).max(254).default(0),
  curve: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('polynomial'), coefficients: z.array(z.number().finite()).min(2) }),
    z.object({ kind: z.literal('rational'), numerator: z.array(z.number().finite()).min(1), denominator: z.array(z.number().finite()).min(1) }),
  ]),
  /** Largest netOD of the calibration films: beyond it the fit extrapolates (counted, not refused). */
  maxNetOd: z.number().positive().optional(),
  /** Scan resolution, mm per pixel, checked against the spacing the two fiducials imply. */
  pixelSpacingMm: z.number().positive().optional(),
});
export type FilmCalibration = z.infer<typeof filmCalibrationSchema>;

export class InvalidFilmCalibrationError extends Error {
  override readonly name = 'InvalidFilmCalibrationError';
}

/** Validates a calibration JSON, naming each bad field. */
export function parseFilmCalibration(json: unknown): FilmCalibration {
  const r = filmCalibrationSchema.safeParse(json);
  if (!r.success)
    throw new InvalidFilmCalibrationError(`invalid film calibration: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  if (r.data.unexposedPixelValue <= r.data.darkPixelValue)
    throw new InvalidFilmCalibrationError('invalid film calibration: unexposedPixelValue must be above darkPixelValue');
  return r.data;
}

const polynomial = (c: readonly number[], x: number): number => c.reduceRight((s, ci) => s * x + ci, 0);

export function doseOfNetOd(curve: FilmCalibration['curve'], netOd: number): number {
  return curve.kind === 'polynomial' ? polynomial(curve.coefficients, netOd) : polynomial(curve.numerator, netOd) / polynomial(curve.denominator, netOd);
}

const CHANNEL_INDEX = { grey: 0, red: 0, green: 1, blue: 2 } as const;

export interface FilmDose {
  readonly width: number;
  readonly height: number;
  /** Gy per pixel, row-major; never negative (a fit's offset at netOD ≈ 0 is clamped to 0). */
  readonly doseGy: Float32Array;
  /** Pixels whose netOD lies beyond the calibration's largest (extrapolated). */
  readonly extrapolatedPixels: number;
}

/** The scan as dose, pixel by pixel. */
export function filmToDose(image: DecodedImage, calibration: FilmCalibration): FilmDose {
  if (calibration.channel === 'grey' ? image.channels > 2 : image.channels < 3) {
    throw new InvalidFilmCalibrationError(
      `calibration reads the ${calibration.channel} channel but the scan has ${image.channels === 1 || image.channels === 2 ? 'grey' : 'colour'} pixels`,
    );
  }
  const channel = CHANNEL_INDEX[calibration.channel];
  const dark = calibration.darkPixelValue;
  const open = calibration.unexposedPixelValue - dark;
  const n = image.width * image.height;
  const doseGy = new Float32Array(n);
  // 256 pixel values: the curve is evaluated once per value, not per pixel.
  const lookup = new Float64Array(256);
  const beyond = new Uint8Array(256);
  for (let pv = 0; pv < 256; pv++) {
    const netOd = Math.log10(open / Math.max(0.5, pv - dark));
    lookup[pv] = Math.max(0, doseOfNetOd(calibration.curve, netOd));
    beyond[pv] = calibration.maxNetOd !== undefined && netOd > calibration.maxNetOd ? 1 : 0;
  }
  let extrapolatedPixels = 0;
  for (let i = 0; i < n; i++) {
    const pv = image.data[i * image.channels + channel];
    doseGy[i] = lookup[pv];
    extrapolatedPixels += beyond[pv];
  }
  return { width: image.width, height: image.height, doseGy, extrapolatedPixels };
}
