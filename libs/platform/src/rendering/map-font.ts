import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ConfigError } from '../config/load-config';

/** DejaVu Sans from Debian's fonts-dejavu-core (installed by .ci/run and the container image). */
export const DEFAULT_MAP_FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export class MapFontMissingError extends Error {
  override readonly name = 'MapFontMissingError';
}

/** TrueType (0x00010000, 'true') or OpenType ('OTTO') file signatures. */
const FONT_SIGNATURES = ['00010000', '74727565', '4f54544f'];

/** Why the file cannot serve as the map font, or null when it can. */
export function mapFontProblem(file: string): string | null {
  try {
    if (!statSync(file).isFile()) return `${file} is not a file`;
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    return FONT_SIGNATURES.includes(head.toString('hex')) ? null : `${file} is not a TrueType/OpenType font`;
  } catch (err) {
    return `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
  }
}

const MISSING_DEFAULT = `install Debian's fonts-dejavu-core (apt-get install -y fonts-dejavu-core) or set KERMA_FONT_FILE to a TrueType font`;

/**
 * The font the map images are drawn with: KERMA_FONT_FILE, else DejaVu Sans. Checked at start-up, so a
 * missing font stops the service with the path named instead of serving maps without text.
 */
export function mapFontFileFromEnv(source: NodeJS.ProcessEnv = process.env): string {
  const configured = source.KERMA_FONT_FILE;
  const file = configured && configured.trim() !== '' ? configured : DEFAULT_MAP_FONT_FILE;
  const problem = mapFontProblem(file);
  if (!problem) return file;
  throw new ConfigError([configured ? `KERMA_FONT_FILE: ${problem}` : `KERMA_FONT_FILE not set and the default map font ${problem}: ${MISSING_DEFAULT}`]);
}

/** Checked again when drawing: the font may have gone since start-up; the message names the path. */
export function assertMapFont(file: string): void {
  const problem = mapFontProblem(file);
  if (problem) throw new MapFontMissingError(`cannot draw the map's text: font ${problem}${file === DEFAULT_MAP_FONT_FILE ? `; ${MISSING_DEFAULT}` : ''}`);
}
