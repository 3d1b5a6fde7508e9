import { Resvg } from '@resvg/resvg-js';
import { assertMapFont, DEFAULT_MAP_FONT_FILE, mapFontProblem } from './map-font';

/** The bold face next to the default font (same package): headings then are really bold, not the regular face. */
const DEFAULT_BOLD_FONT_FILE = DEFAULT_MAP_FONT_FILE.replace(/\.ttf$/, '-Bold.ttf');

/**
 * Rasterizes an SVG with resvg and the given font only (no system fonts: the image must not depend on
 * what the host happens to have). resvg draws no text at all without a font, hence the check first.
 */
export function svgToPng(svg: string, fontFile: string): Uint8Array {
  assertMapFont(fontFile);
  const fontFiles = fontFile === DEFAULT_MAP_FONT_FILE && !mapFontProblem(DEFAULT_BOLD_FONT_FILE) ? [fontFile, DEFAULT_BOLD_FONT_FILE] : [fontFile];
  const png = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' }).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/** The services' map rasterizer, bound to the font validated at start-up (a Nest provider by its class). */
export class MapPngRenderer {
  constructor(readonly fontFile: string) {}

  png(svg: string): Uint8Array {
    return svgToPng(svg, this.fontFile);
  }
}
