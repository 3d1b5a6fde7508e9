export { decodePng, InvalidPngError, type DecodedImage } from './png-read';
export { encodeRgbPng } from './png-write';
export { parseFilmCalibration, filmToDose, doseOfNetOd, filmCalibrationSchema, InvalidFilmCalibrationError, type FilmCalibration, type FilmDose } from './film';
export { registerByFiducials, InvalidRegistrationError, type Fiducial, type Registration } from './registration';
export { binFilm, binPoints, compareWithMap, type MeasuredCells, type MeasuredPoint, type ValidationComparison } from './compare';
export { parsePointsCsv, InvalidPointsCsvError } from './points-csv';
export { renderComparisonPng } from './comparison-picture';
export { validateFilm, validatePoints, type FilmValidationInput, type ValidationReport } from './validate';
