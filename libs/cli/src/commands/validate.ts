import type { Command } from 'commander';
import type { ValidateFilmFlags } from './validate-run';

/** `kerma validate film`: a measured dose distribution (film scan or point CSV) against the computed map. */
export function registerValidateCommands(program: Command): void {
  const validate = program.command('validate').description('Compare measured skin doses with the computed map');
  validate
    .command('film')
    .description('Compare a calibrated film scan (PNG) or point measurements (CSV) with the skin-dose map of a report')
    .requiredOption('--report <r.dcm>', 'DICOM X-Ray Radiation Dose SR of the exposure')
    .requiredOption('--measured <m.png|m.csv>', 'film scan (8-bit grey or RGB PNG) or CSV with x_mm, y_mm, dose_gy (or dose_mgy) on the unrolled surface')
    .option('--calibration <cal.json>', 'film calibration: channel, unexposedPixelValue, curve (netOD → Gy), pixelSpacingMm (film only)')
    .option('--fiducials <list>', 'two fiducials "px,py=xMm,yMm;px,py=xMm,yMm": scan pixel = point of the unrolled surface (film only)')
    .option('--phantom <kind>', 'plane | cylinder | human (the surface the film lay on)', 'plane')
    .option('--profile <file.json>', 'geometry profile(s) to try before the built-ins (JSON object or array)')
    .option('--cell-mm <mm>', 'skin cell side in mm (≤ 10)')
    .option('--picture <out.png>', 'write computed | measured | difference side by side as PNG')
    .action(async (flags: ValidateFilmFlags) => (await import('./validate-run')).runValidateFilm(flags));
}
