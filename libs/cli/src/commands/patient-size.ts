import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { withAccessTokenOption } from './access-token';
import { callKerma, reportFailure } from './api-client';
import { parseBaseUrl } from './import';

interface ImportAnswer {
  accepted: number;
  /** Rows for studies not received yet, kept until the study arrives (absent from older servers). */
  pending?: { line: number; site: string; expiresAt: string }[];
  rejected: { line: number; reason: string }[];
  recomputed: string[];
}

export function formatImport(file: string, a: ImportAnswer): string {
  return [
    `${file}: ${a.accepted} row${a.accepted === 1 ? '' : 's'} kept, ${a.pending?.length ?? 0} pending, ${a.rejected.length} refused, ${a.recomputed.length} stud${a.recomputed.length === 1 ? 'y' : 'ies'} recomputed`,
    ...(a.pending ?? []).map((p) => `  line ${p.line}: pending for its study at site ${p.site} until ${p.expiresAt}`),
    ...a.rejected.map((r) => `  line ${r.line}: ${r.reason}`),
  ].join('\n');
}

/** `kerma patient-size import sizes.csv --url …`: heights and weights from a RIS export. */
export function registerPatientSizeCommands(program: Command): void {
  const group = program.command('patient-size').description('patient height and weight from the RIS');
  withAccessTokenOption(
    group
      .command('import <file>')
      .description(
        'send a CSV (header: accession_number and/or study_instance_uid, height_cm|height_m, weight_kg|weight_lb, optional site); rows for studies not received yet are kept pending, refused rows are listed with their line',
      )
      .requiredOption('--url <url>', 'base URL of Kerma (single process or skin-dose service)', parseBaseUrl),
  ).action((file: string, opts: { url: string; token?: string }) =>
    reportFailure('patient-size import', async () => {
      const answer = await callKerma<ImportAnswer>(opts.url, 'api/v1/patient-sizes', {
        method: 'POST',
        body: readFileSync(file, 'utf8'),
        contentType: 'text/csv',
        token: opts.token,
        timeoutMs: 600_000,
      });
      process.stdout.write(`${formatImport(file, answer)}\n`);
      if (answer.rejected.length > 0) process.exitCode = 2;
    }),
  );
}
