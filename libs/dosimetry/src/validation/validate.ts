import type { DoseMap } from '../engine';
import { binFilm, binPoints, compareWithMap, type ValidationComparison } from './compare';
import { renderComparisonPng } from './comparison-picture';
import { filmToDose, parseFilmCalibration } from './film';
import { decodePng } from './png-read';
import { parsePointsCsv } from './points-csv';
import { registerByFiducials, type Fiducial } from './registration';

export interface ValidationReport extends ValidationComparison {
  /** Film only: the transform the fiducials gave, and how it agrees with the calibration's pixel spacing. */
  readonly registration: { readonly mmPerPixel: number; readonly rotationDeg: number } | null;
}

export interface FilmValidationInput {
  readonly map: DoseMap;
  readonly png: Uint8Array;
  /** The calibration JSON, validated here. */
  readonly calibration: unknown;
  readonly fiducials: readonly Fiducial[];
}

/** Spacing implied by the fiducials against the scan's: more than 2 % apart means a fiducial is misplaced or the scan was resized. */
const SPACING_TOLERANCE = 0.02;

export function validateFilm(input: FilmValidationInput): { report: ValidationReport; picturePng: Uint8Array } {
  const calibration = parseFilmCalibration(input.calibration);
  const registration = registerByFiducials(input.fiducials);
  const film = filmToDose(decodePng(input.png), calibration);
  const measured = binFilm(input.map, film, registration);
  const comparison = compareWithMap(input.map, measured);
  const notes = [...comparison.notes];
  if (calibration.pixelSpacingMm !== undefined && Math.abs(registration.mmPerPixel / calibration.pixelSpacingMm - 1) > SPACING_TOLERANCE) {
    notes.push(
      `the fiducials imply ${registration.mmPerPixel.toFixed(4)} mm per pixel, the calibration says ${calibration.pixelSpacingMm} mm: check the fiducials or the scan resolution`,
    );
  }
  if (film.extrapolatedPixels > 0)
    notes.push(`${film.extrapolatedPixels} pixels lie beyond the calibration's largest netOD (${calibration.maxNetOd}): their dose is extrapolated`);
  return {
    report: { ...comparison, notes, registration: { mmPerPixel: registration.mmPerPixel, rotationDeg: registration.rotationDeg } },
    picturePng: renderComparisonPng(input.map, measured),
  };
}

export function validatePoints(input: { readonly map: DoseMap; readonly csv: string }): { report: ValidationReport; picturePng: Uint8Array } {
  const measured = binPoints(input.map, parsePointsCsv(input.csv));
  return { report: { ...compareWithMap(input.map, measured), registration: null }, picturePng: renderComparisonPng(input.map, measured) };
}
