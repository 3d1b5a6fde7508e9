import { InvalidArgumentError, type Command } from 'commander';
import { withAccessTokenOption } from '../access-token';
import { parseBaseUrl } from '../import';
import { parseDate } from '../parse-date';

const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

function parseAeTitle(value: string): string {
  if (!AE_TITLE.test(value) || value.trim() === '') throw new InvalidArgumentError('an AE title is 1-16 printable characters without backslash');
  return value.trim();
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError('expected a TCP port 1-65535');
  return port;
}

function parseModalities(value: string): string[] {
  const modalities = value
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);
  if (modalities.length === 0 || modalities.some((m) => !/^[A-Z0-9]{1,16}$/.test(m)))
    throw new InvalidArgumentError('expected DICOM modalities separated by commas, e.g. XA,RF,CT,SR');
  return modalities;
}

/** "5", "5/s" or "0.5/s": retrievals started per second. */
export function parseRate(value: string): number {
  const rate = Number(value.replace(/\/s$/, ''));
  if (!Number.isFinite(rate) || rate <= 0) throw new InvalidArgumentError('expected retrievals per second, e.g. 5 or 5/s');
  return rate;
}

interface BackfillFlags {
  aet: string;
  calledAet: string;
  host: string;
  port: number;
  from: string;
  to: string;
  modality?: string[];
  moveDestination?: string;
  get: boolean;
  rate?: number;
  journal?: string;
  url: string;
  site?: string;
  token?: string;
  timeout: number;
}

/** `kerma pacs backfill`: fetch the dose objects of a period from a PACS into Kerma, resumably. */
export function registerPacsCommands(program: Command): void {
  const pacs = program.command('pacs').description('work with a PACS (DICOM query/retrieve)');
  const command = pacs
    .command('backfill')
    .description(
      "find the dose reports of a period on a PACS (C-FIND) and have them sent to Kerma (C-MOVE to Kerma's C-STORE SCP, or C-GET); one line per object, a summary; a journal makes a rerun skip what is done; exit code 1 if any object failed",
    )
    .requiredOption('--called-aet <aet>', 'AE title of the PACS', parseAeTitle)
    .requiredOption('--host <host>', 'host of the PACS')
    .requiredOption('--port <port>', 'DICOM port of the PACS', parsePort)
    .requiredOption('--from <date>', 'first study date, YYYY-MM-DD', parseDate)
    .requiredOption('--to <date>', 'last study date, YYYY-MM-DD (inclusive)', parseDate)
    .requiredOption('--url <url>', 'base URL of Kerma (single process or ingest service): objects it holds are not fetched again', parseBaseUrl)
    .option('--aet <aet>', 'AE title Kerma calls the PACS with', parseAeTitle, 'KERMA')
    .option(
      '--modality <list>',
      'only studies with one of these modalities, e.g. XA,RF,CT (a study holding only its dose report has modality SR)',
      parseModalities,
    )
    .option('--move-destination <aet>', "C-MOVE destination: the AE title of Kerma's C-STORE SCP as configured on the PACS (default: --aet)", parseAeTitle)
    .option('--get', 'retrieve with C-GET on this association and send each object to Kerma by STOW-RS, instead of C-MOVE', false)
    .option('--rate <n/s>', 'at most this many retrievals started per second', parseRate)
    .option('--journal <file>', 'journal of studies and objects done (default: one per PACS and period under ~/.cache/kerma)')
    .option('--site <site>', "site recorded with objects sent by C-GET (C-MOVE: the site of Kerma's SCP for the PACS's AE title)")
    .option('--timeout <seconds>', 'per-request timeout', (v) => Number(v), 120);
  withAccessTokenOption(command).action(async (opts: BackfillFlags) => {
    if (opts.get && opts.moveDestination) {
      process.stderr.write('kerma pacs backfill: --get and --move-destination exclude each other\n');
      process.exitCode = 2;
      return;
    }
    if (opts.from > opts.to) {
      process.stderr.write('kerma pacs backfill: --from is after --to\n');
      process.exitCode = 2;
      return;
    }
    // Loaded only when a backfill runs: the DIMSE library alone costs ~0.1 s of start-up to every other command.
    const { defaultBackfillJournal, formatBackfillSummary, runBackfill } = await import('./backfill');
    const target = { host: opts.host, port: opts.port, callingAeTitle: opts.aet, calledAeTitle: opts.calledAet };
    const journalPath = opts.journal ?? defaultBackfillJournal(target, opts.from, opts.to);
    process.stderr.write(`journal: ${journalPath}\n`);
    try {
      const summary = await runBackfill(
        {
          pacs: target,
          from: opts.from,
          to: opts.to,
          modalities: opts.modality ?? [],
          moveDestination: opts.get ? null : (opts.moveDestination ?? opts.aet),
          ratePerS: opts.rate ?? null,
          journalPath,
          kermaUrl: opts.url,
          site: opts.site,
          token: opts.token,
          timeoutMs: opts.timeout * 1000,
        },
        (line) => process.stdout.write(`${line}\n`),
      );
      for (const line of formatBackfillSummary(summary)) process.stdout.write(`${line}\n`);
      if (summary.failures.length > 0) process.exitCode = 1;
    } catch (err) {
      process.stderr.write(`kerma pacs backfill: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  });
}
