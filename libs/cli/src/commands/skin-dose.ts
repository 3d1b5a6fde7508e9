import type { Command } from 'commander';
import type { SkinDoseFlags } from './skin-dose-run';

/** `kerma skin-dose FILE`: peak skin dose of one RDSR as JSON; the map as PNG and/or SVG on request. */
export function registerSkinDoseCommand(program: Command): void {
  program
    .command('skin-dose')
    .description('Compute the peak skin dose and skin-dose map of an X-ray RDSR')
    .argument('<file>', 'DICOM X-Ray Radiation Dose SR')
    .option('--png <out.png>', 'write the skin-dose map as PNG (font: KERMA_FONT_FILE, default DejaVu Sans)')
    .option('--svg <out.svg>', 'write the skin-dose map as SVG')
    .option('--phantom <kind>', 'plane | cylinder | human', 'human')
    .option('--table-transmission <t>', 'table + mattress transmission at normal incidence, replaces the profile (0–1]')
    .option('--profile <file.json>', 'geometry profile(s) to try before the built-ins (JSON object or array)')
    .option('--room-profile <file.json>', "a room's measured values (docs/commissioning.md), applied over the profile")
    .option('--reference-point-cm <cm>', 'reference point at this distance from the isocenter toward the source, for every event')
    .option('--inherent-filtration-mm-al <mm>', 'tube inherent filtration, mm Al (default from the profile, 3.1)')
    .option('--cell-mm <mm>', 'skin cell side in mm (≤ 10)')
    .option('--uncertainty-samples <n>', 'engine traces with the assumed inputs drawn, for the 95 % interval (16–1000, default 64)')
    .option('--include-map', 'include the dose map (base64 float32) in the JSON output')
    .action(async (file: string, flags: SkinDoseFlags) => (await import('./skin-dose-run')).runSkinDose(file, flags));
}
