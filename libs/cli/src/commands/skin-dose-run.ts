import { readFileSync, writeFileSync } from 'node:fs';
import { parseDoseReport } from '@kerma/rdsr';
import { mapFontFileFromEnv, svgToPng } from '@kerma/platform';
import {
  computeSkinDose,
  presentSkinDoseResult,
  renderSkinDoseMapSvg,
  serializeDoseMap,
  studyMapContextOf,
  studyMapFigure,
  SkinDoseInputError,
  validateProfile,
  validateRoomProfile,
  type RoomContext,
  type SkinDoseOptions,
  type SkinDoseResult,
  type GeometryProfile,
} from '@kerma/dosimetry';

const PHANTOMS = ['plane', 'cylinder', 'human'] as const;

export interface SkinDoseFlags {
  readonly png?: string;
  readonly svg?: string;
  readonly phantom: string;
  readonly tableTransmission?: string;
  readonly profile?: string;
  readonly roomProfile?: string;
  readonly referencePointCm?: string;
  readonly inherentFiltrationMmAl?: string;
  readonly cellMm?: string;
  readonly uncertaintySamples?: string;
  readonly includeMap?: boolean;
}

class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

export function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new CliInputError(`${flag} expects a number, got "${raw}"`);
  return v;
}

/** A profile file holds one profile object or an array of them; each is validated with its fields named. */
export function loadProfiles(file: string): GeometryProfile[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliInputError(`cannot read profile file ${file}: ${(err as Error).message}`);
  }
  return (Array.isArray(json) ? json : [json]).map((entry) => {
    const v = validateProfile(entry);
    if (!v.ok) throw v.error;
    return v.profile;
  });
}

/** A room profile file (docs/commissioning.md), applied as version 0 of an unnamed room: to try values before entering them. */
function loadRoomProfile(file: string): RoomContext {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliInputError(`cannot read room profile file ${file}: ${(err as Error).message}`);
  }
  const v = validateRoomProfile(json);
  if (!v.ok) throw new CliInputError(`${file}: ${v.error.message}`);
  return { id: `file:${file}`, profileVersion: 0, profile: v.profile };
}

/** Engine option → the flag a user typed, so errors speak of flags, not of the library's option names. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  tableTransmission: '--table-transmission',
  referencePointCm: '--reference-point-cm',
  inherentFiltrationMmAl: '--inherent-filtration-mm-al',
  cellSizeMm: '--cell-mm',
  uncertaintySamples: '--uncertainty-samples',
};

function compute(file: string, procedure: Parameters<typeof computeSkinDose>[0], opts: SkinDoseOptions): SkinDoseResult {
  try {
    return computeSkinDose(procedure, opts);
  } catch (err) {
    if (!(err instanceof SkinDoseInputError)) throw err;
    const flag = FLAG_OF_OPTION[err.field];
    throw new CliInputError(flag ? err.message.replace(`option ${err.field}`, flag) : `${file}: ${err.message}`);
  }
}

function options(flags: SkinDoseFlags): SkinDoseOptions {
  if (!(PHANTOMS as readonly string[]).includes(flags.phantom))
    throw new CliInputError(`--phantom must be one of ${PHANTOMS.join(', ')}, got "${flags.phantom}"`);
  return {
    phantom: flags.phantom as SkinDoseOptions['phantom'],
    tableTransmission: number('--table-transmission', flags.tableTransmission),
    referencePointCm: number('--reference-point-cm', flags.referencePointCm),
    inherentFiltrationMmAl: number('--inherent-filtration-mm-al', flags.inherentFiltrationMmAl),
    cellSizeMm: number('--cell-mm', flags.cellMm),
    uncertaintySamples: number('--uncertainty-samples', flags.uncertaintySamples),
    profiles: flags.profile ? loadProfiles(flags.profile) : undefined,
    room: flags.roomProfile ? loadRoomProfile(flags.roomProfile) : undefined,
  };
}

/** `kerma skin-dose FILE`: loaded only when the command runs (the engine is not needed by other commands). */
export function runSkinDose(file: string, flags: SkinDoseFlags): void {
  const opts = options(flags);
  // The font is checked before any work, so a missing font is said at once, naming its path.
  const fontFile = flags.png ? mapFontFileFromEnv() : null;
  const parsed = parseDoseReport(new Uint8Array(readFileSync(file)));
  if (!parsed.ok) throw new CliInputError(`${file}: ${parsed.error.message}`);
  const result = compute(file, parsed.procedure, opts);
  const shown = presentSkinDoseResult(result);
  if (flags.png || flags.svg) {
    // The figure shows the rounded figures (as the API does) on the full-precision map.
    const svg = renderSkinDoseMapSvg(studyMapFigure({ ...shown, doseMap: result.doseMap }, studyMapContextOf(parsed.procedure)));
    if (flags.svg) writeFileSync(flags.svg, svg);
    if (flags.png && fontFile) writeFileSync(flags.png, svgToPng(svg, fontFile));
  }
  const { doseMap, ...summary } = shown;
  const output = flags.includeMap && result.doseMap ? { ...summary, doseMap: serializeDoseMap(result.doseMap) } : summary;
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}
