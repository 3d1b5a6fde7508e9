import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { ConfigError } from '../config/load-config';
import { DEFAULT_MAP_FONT_FILE, MapFontMissingError, mapFontFileFromEnv, svgToPng } from './index';

/** Decodes a PNG with resvg's own PNG decoder (the PNG as an image in an SVG of its size): RGBA pixels. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const width = Buffer.from(png).readUInt32BE(16);
  const height = Buffer.from(png).readUInt32BE(20);
  const wrapper = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  const image = new Resvg(wrapper).render();
  return { width: image.width, height: image.height, rgba: new Uint8Array(image.pixels) };
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><rect width="300" height="80" fill="#ffffff"/><rect x="200" y="10" width="60" height="60" fill="#440154"/><text x="10" y="50" font-family="DejaVu Sans" font-size="28">M 2 Gy</text></svg>`;

function darkPixelsIn(img: { width: number; rgba: Uint8Array }, x0: number, x1: number): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    const x = (i / 4) % img.width;
    if (x >= x0 && x < x1 && img.rgba[i] < 128 && img.rgba[i + 1] < 128 && img.rgba[i + 2] < 128) n++;
  }
  return n;
}

describe('SVG to PNG (resvg, explicit font)', () => {
  it('gives a PNG of the SVG size whose pixels carry the shapes and the text', () => {
    const img = decodePng(svgToPng(SVG, DEFAULT_MAP_FONT_FILE));
    expect([img.width, img.height]).toEqual([300, 80]);
    expect(Array.from(img.rgba.subarray((40 * 300 + 230) * 4, (40 * 300 + 230) * 4 + 3))).toEqual([0x44, 0x01, 0x54]);
    // Glyphs drawn: the text area (x < 190) has dark pixels; without a font resvg would leave it white.
    expect(darkPixelsIn(img, 0, 190)).toBeGreaterThan(200);
  });

  it('names the font path when the font is gone at render time', () => {
    expect(() => svgToPng(SVG, '/nonexistent/DejaVuSans.ttf')).toThrow(MapFontMissingError);
    expect(() => svgToPng(SVG, '/nonexistent/DejaVuSans.ttf')).toThrow('/nonexistent/DejaVuSans.ttf cannot be read (ENOENT)');
  });

  it('validates KERMA_FONT_FILE at start-up, naming the variable; defaults to DejaVu Sans', () => {
    expect(mapFontFileFromEnv({})).toBe(DEFAULT_MAP_FONT_FILE);
    const notAFont = join(mkdtempSync(join(tmpdir(), 'kerma-font-')), 'font.ttf');
    writeFileSync(notAFont, 'hello');
    expect(() => mapFontFileFromEnv({ KERMA_FONT_FILE: notAFont })).toThrow(ConfigError);
    expect(() => mapFontFileFromEnv({ KERMA_FONT_FILE: notAFont })).toThrow(`KERMA_FONT_FILE: ${notAFont} is not a TrueType/OpenType font`);
    expect(() => mapFontFileFromEnv({ KERMA_FONT_FILE: '/nonexistent.ttf' })).toThrow('KERMA_FONT_FILE: /nonexistent.ttf cannot be read (ENOENT)');
  });

  it('draws text with another TrueType font given by KERMA_FONT_FILE (whatever its family name)', () => {
    const other = '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf';
    const img = decodePng(svgToPng(SVG, mapFontFileFromEnv({ KERMA_FONT_FILE: other })));
    expect(darkPixelsIn(img, 0, 190)).toBeGreaterThan(200);
  });
});
