import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { parseBaseUrl } from './import';

export type ExportKind = 'studies' | 'drl';

export interface ExportOptions {
  readonly url: string;
  readonly kind: ExportKind;
  readonly format: 'csv' | 'xlsx';
  readonly output: string;
  readonly filters: Readonly<Record<string, string | undefined>>;
  readonly token?: string;
}

/** The export route of each kind; the filters become its query parameters, unchanged (Kerma validates them). */
export function exportUrl(o: Pick<ExportOptions, 'url' | 'kind' | 'format' | 'filters'>): string {
  const path = o.kind === 'studies' ? `api/v1/exports/studies.${o.format}` : `api/v1/analytics/drl.${o.format}`;
  const url = new URL(path, o.url.endsWith('/') ? o.url : `${o.url}/`);
  for (const [name, value] of Object.entries(o.filters)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/**
 * Downloads an export into `output`: written to a temporary file beside it and renamed at the end,
 * so an interrupted download never leaves a file that looks complete. `progress` hears the bytes so far.
 */
export async function runExport(o: ExportOptions, progress: (bytes: number) => void = () => undefined): Promise<number> {
  const response = await fetch(exportUrl(o), { headers: authorizationHeader(o.token) });
  if (response.status !== 200 || !response.body) {
    const text = await response.text();
    let message = text.slice(0, 300);
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? message);
    } catch {
      // not JSON: the text itself is the message
    }
    throw new Error(`Kerma answered HTTP ${response.status}: ${message}`);
  }
  const partial = `${o.output}.partial`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      progress(bytes);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, createWriteStream(partial));
    await rename(partial, o.output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return bytes;
}

function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(value))
    throw new InvalidArgumentError('expected a local date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm[:ss]');
  return value;
}

const FILTERS = ['from', 'to', 'site', 'device', 'kind', 'modality', 'status', 'procedure', 'bodyRegion', 'metric', 'minWeightKg', 'maxWeightKg'] as const;

/** `kerma export studies|drl --url … --from … --to … --format csv|xlsx -o file` */
export function registerExportCommand(program: Command): void {
  const command = program
    .command('export')
    .description('download the study list or the DRL report of a period as CSV or XLSX')
    .argument('<what>', 'studies or drl', (v: string) => {
      if (v !== 'studies' && v !== 'drl') throw new InvalidArgumentError('expected studies or drl');
      return v;
    })
    .requiredOption('--url <url>', 'base URL of Kerma (single process or history service)', parseBaseUrl)
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .requiredOption('-o, --output <file>', 'file to write')
    .option('--from <date>', 'study date at or after (local)', parseDate)
    .option('--to <date>', 'study date at or before (local; a date includes the whole day)', parseDate)
    .option('--site <site>', 'one site of your scope')
    .option('--device <name>', 'station name (or model name)')
    .option('--kind <kind>', 'studies: projection-xray, ct, mammography or radiography')
    .option('--modality <modality>', 'studies: DICOM modality (CT, MG, DX, XA, …)')
    .option('--status <status>', 'studies: pending, complete or failed')
    .option('--procedure <name>', 'drl: examination, exactly as grouped')
    .option('--body-region <region>', 'drl: body region, exactly as grouped')
    .option('--metric <metric>', 'drl: dlp, ctdivol, kap, kar, fluoro-time, agd or activity')
    .option('--min-weight-kg <kg>', 'drl: patient weight at least')
    .option('--max-weight-kg <kg>', 'drl: patient weight at most');
  withAccessTokenOption(command).action(async (what: ExportKind, opts: Record<string, string | undefined>) => {
    const filters = Object.fromEntries(FILTERS.map((name) => [name, opts[name]]));
    const tty = process.stderr.isTTY === true;
    const started = Date.now();
    // On a terminal a running count of what has arrived (the size of a streamed export is not known in advance).
    const progress = (bytes: number) => {
      if (tty) process.stderr.write(`\r${what}: ${(bytes / 1e6).toFixed(1)} MB received, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    };
    try {
      const bytes = await runExport(
        { url: opts.url!, kind: what, format: opts.format as 'csv' | 'xlsx', output: opts.output!, filters, token: opts.token },
        progress,
      );
      if (tty) process.stderr.write('\n');
      process.stdout.write(`${opts.output}: ${bytes} bytes (${what}, ${opts.format})\n`);
    } catch (err) {
      if (tty) process.stderr.write('\n');
      const error = err as Error & { cause?: { code?: string } };
      process.stderr.write(`kerma export: ${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}\n`);
      process.exitCode = 1;
    }
  });
}
