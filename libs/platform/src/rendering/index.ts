export { DEFAULT_MAP_FONT_FILE, MapFontMissingError, mapFontFileFromEnv, mapFontProblem, assertMapFont } from './map-font';
export { svgToPng, MapPngRenderer } from './svg-to-png';
