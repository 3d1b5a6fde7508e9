import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseDoseReport } from '@kerma/rdsr';
import {
  computeSkinDose,
  presentSkinDoseResult,
  renderSkinDoseMapPng,
  serializeDoseMap,
  SkinDoseInputError,
  validateProfile,
  type SkinDoseOptions,
  type SkinDoseResult,
  type GeometryProfile,
} from '@kerma/dosimetry';

const PHANTOMS = ['plane', 'cylinder', 'human'] as const;

interface SkinDoseFlags {
  readonly png?: string;
  readonly phantom: string;
  readonly tableTransmission?: string;
  readonly profile?: string;
  readonly referencePointCm?: string;
  readonly inherentFiltrationMmAl?: string;
  readonly cellMm?: string;
  readonly includeMap?: boolean;
}

class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

function number(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new CliInputError(`${flag} expects a number, got "${raw}"`);
  return v;
}

/** A profile file holds one profile object or an array of them; each is validated with its fields named. */
function loadProfiles(file: string): GeometryProfile[] {
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

/** Engine option → the flag a user typed, so errors speak of flags, not of the library's option names. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  tableTransmission: '--table-transmission',
  referencePointCm: '--reference-point-cm',
  inherentFiltrationMmAl: '--inherent-filtration-mm-al',
  cellSizeMm: '--cell-mm',
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
  if (!(PHANTOMS as readonly string[]).includes(flags.phantom)) throw new CliInputError(`--phantom must be one of ${PHANTOMS.join(', ')}, got "${flags.phantom}"`);
  return {
    phantom: flags.phantom as SkinDoseOptions['phantom'],
    tableTransmission: number('--table-transmission', flags.tableTransmission),
    referencePointCm: number('--reference-point-cm', flags.referencePointCm),
    inherentFiltrationMmAl: number('--inherent-filtration-mm-al', flags.inherentFiltrationMmAl),
    cellSizeMm: number('--cell-mm', flags.cellMm),
    profiles: flags.profile ? loadProfiles(flags.profile) : undefined,
  };
}

/** `kerma skin-dose FILE`: peak skin dose of one RDSR as JSON; the map as PNG on request. */
export function registerSkinDoseCommand(program: Command): void {
  program
    .command('skin-dose')
    .description('Compute the peak skin dose and skin-dose map of an X-ray RDSR')
    .argument('<file>', 'DICOM X-Ray Radiation Dose SR')
    .option('--png <out.png>', 'write the unrolled skin-dose map as PNG')
    .option('--phantom <kind>', 'plane | cylinder | human', 'human')
    .option('--table-transmission <t>', 'table + mattress transmission at normal incidence, replaces the profile (0–1]')
    .option('--profile <file.json>', 'geometry profile(s) to try before the built-ins (JSON object or array)')
    .option('--reference-point-cm <cm>', 'reference point at this distance from the isocenter toward the source, for every event')
    .option('--inherent-filtration-mm-al <mm>', 'tube inherent filtration, mm Al (default from the profile, 3.1)')
    .option('--cell-mm <mm>', 'skin cell side in mm (≤ 10)')
    .option('--include-map', 'include the dose map (base64 float32) in the JSON output')
    .action((file: string, flags: SkinDoseFlags) => {
      const opts = options(flags);
      const parsed = parseDoseReport(new Uint8Array(readFileSync(file)));
      if (!parsed.ok) throw new CliInputError(`${file}: ${parsed.error.message}`);
      const result = compute(file, parsed.procedure, opts);
      if (flags.png) writeFileSync(flags.png, renderSkinDoseMapPng(result));
      const { doseMap, ...summary } = presentSkinDoseResult(result);
      const output = flags.includeMap && result.doseMap ? { ...summary, doseMap: serializeDoseMap(result.doseMap) } : summary;
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    });
}
