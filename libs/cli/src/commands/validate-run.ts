import { readFileSync, writeFileSync } from 'node:fs';
import { parseDoseReport } from '@kerma/rdsr';
import { computeSkinDose, presentSkinDoseResult, validateFilm, validatePoints, type Fiducial } from '@kerma/dosimetry';
import { loadProfiles, number } from './skin-dose-run';

export interface ValidateFilmFlags {
  readonly report: string;
  readonly measured: string;
  readonly calibration?: string;
  readonly fiducials?: string;
  readonly phantom: 'plane' | 'cylinder' | 'human';
  readonly profile?: string;
  readonly cellMm?: string;
  readonly picture?: string;
}

class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

const PHANTOMS = ['plane', 'cylinder', 'human'];

/** "px,py=xMm,yMm;px,py=xMm,yMm" → two fiducials. */
export function parseFiducials(text: string): Fiducial[] {
  return text.split(';').map((part) => {
    const m = /^\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*=\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*$/.exec(part);
    if (!m) throw new CliInputError(`--fiducials: "${part}" is not "px,py=xMm,yMm"`);
    const [px, py, x, y] = m.slice(1).map(Number);
    return { pixel: { x: px, y: py }, surfaceMm: { x, y } };
  });
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliInputError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

export function runValidateFilm(flags: ValidateFilmFlags): void {
  if (!PHANTOMS.includes(flags.phantom)) throw new CliInputError(`--phantom must be one of ${PHANTOMS.join(', ')}, got "${flags.phantom}"`);
  const parsed = parseDoseReport(new Uint8Array(readFileSync(flags.report)));
  if (!parsed.ok) throw new CliInputError(`${flags.report}: ${parsed.error.message}`);
  const result = computeSkinDose(parsed.procedure, {
    phantom: flags.phantom,
    cellSizeMm: number('--cell-mm', flags.cellMm),
    profiles: flags.profile ? loadProfiles(flags.profile) : undefined,
  });
  if (!result.doseMap) throw new CliInputError(`${flags.report}: no skin-dose map (no event could be placed), nothing to compare`);
  const bytes = new Uint8Array(readFileSync(flags.measured));
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
  let validation;
  if (isPng) {
    if (!flags.calibration || !flags.fiducials) throw new CliInputError('a film scan needs --calibration and --fiducials');
    validation = validateFilm({
      map: result.doseMap,
      png: bytes,
      calibration: readJson(flags.calibration, 'calibration'),
      fiducials: parseFiducials(flags.fiducials),
    });
  } else {
    validation = validatePoints({ map: result.doseMap, csv: Buffer.from(bytes).toString('utf8') });
  }
  if (flags.picture) writeFileSync(flags.picture, validation.picturePng);
  const shown = presentSkinDoseResult({ ...result, doseMap: null });
  const output = {
    report: flags.report,
    measured: flags.measured,
    phantom: shown.phantom,
    profile: shown.profile,
    psdInterval95Gy: shown.psdInterval95Gy,
    comparison: validation.report,
  };
  process.stdout.write(`${JSON.stringify(output, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v), 2)}\n`);
}
