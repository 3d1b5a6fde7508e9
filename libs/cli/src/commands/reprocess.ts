import { InvalidArgumentError, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { parseBaseUrl } from './import';
import { parseDate } from './parse-date';
import { defaultReprocessJournal, formatReprocessSummary, runReprocessSelection } from './reprocess-selection';

const DICOM_UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

function parseStudyUid(value: string): string {
  if (!DICOM_UID.test(value) || value.length > 64) throw new InvalidArgumentError('expected a Study Instance UID (digits and dots, at most 64 characters)');
  return value;
}

/** The ingest endpoint that re-drives a study's stored objects. */
export function reprocessUrl(baseUrl: string, studyInstanceUid: string): string {
  return new URL(`api/v1/studies/${studyInstanceUid}:reprocess`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
}

/** Asks Kerma to announce every stored object of the study again; returns the line to print. */
export async function requestReprocess(baseUrl: string, studyInstanceUid: string, timeoutMs: number, token?: string): Promise<string> {
  const response = await fetch(reprocessUrl(baseUrl, studyInstanceUid), {
    method: 'POST',
    headers: authorizationHeader(token),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: { objectIds?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = {};
  }
  if (response.status !== 202 || !Array.isArray(body.objectIds)) {
    throw new Error(`Kerma answered HTTP ${response.status}: ${typeof body.message === 'string' ? body.message : text.slice(0, 200)}`);
  }
  const count = body.objectIds.length;
  return `${count} stored object${count === 1 ? '' : 's'} of study ${studyInstanceUid} queued for reprocessing`;
}

function parsePageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('expected 1 to 500 studies a page');
  return n;
}

interface ReprocessFlags {
  study?: string;
  since?: string;
  until?: string;
  device?: string;
  profile?: string;
  site?: string;
  url: string;
  historyUrl?: string;
  pageSize: number;
  journal?: string;
  token?: string;
}

/**
 * `kerma reprocess --study UID` or `kerma reprocess --since DATE [--until DATE] [--device D] [--profile P] [--site S]`:
 * an operator re-drives stored objects through the pipeline, one study or a selection page by page.
 */
export function registerReprocessCommand(program: Command): void {
  const command = program
    .command('reprocess')
    .description(
      'read stored objects again through the whole pipeline: one study (--study) or every study of a selection (--since …, by study date, newest first, resumable); each study gets a new revision and totals are not counted twice',
    )
    .option('--study <uid>', 'Study Instance UID', parseStudyUid)
    .option('--since <date>', 'studies of this study date or later, YYYY-MM-DD', parseDate)
    .option('--until <date>', 'studies of this study date or earlier, YYYY-MM-DD (inclusive)', parseDate)
    .option('--device <name>', 'only studies of this device (station name or model name, as in the study list)')
    .option('--profile <id>', 'only studies whose skin dose was computed with this dosimetry profile')
    .option('--site <site>', 'only studies of this site')
    .requiredOption('--url <url>', 'base URL of Kerma (single process or ingest service), e.g. http://127.0.0.1:3000', parseBaseUrl)
    .option('--history-url <url>', 'base URL of the history service that lists the studies (deployed mode; default: --url)', parseBaseUrl)
    .option('--page-size <n>', 'studies queued per request', parsePageSize, 200)
    .option('--journal <file>', 'journal of the pages queued (default: one per selection under ~/.cache/kerma)');
  withAccessTokenOption(command).action(async (opts: ReprocessFlags) => {
    try {
      if (opts.study && opts.since) throw new UsageError('--study and --since exclude each other');
      if (opts.study) {
        process.stdout.write(`${await requestReprocess(opts.url, opts.study, 30_000, opts.token)}\n`);
        return;
      }
      if (!opts.since) throw new UsageError('give --study <uid>, or --since <date> for a selection');
      if (opts.until && opts.until < opts.since) throw new UsageError('--until is before --since');
      const selection = { since: opts.since, until: opts.until, device: opts.device, site: opts.site, profile: opts.profile };
      const journalPath = opts.journal ?? defaultReprocessJournal(selection, opts.url);
      process.stderr.write(`journal: ${journalPath}\n`);
      const summary = await runReprocessSelection(
        { selection, ingestUrl: opts.url, historyUrl: opts.historyUrl ?? opts.url, pageSize: opts.pageSize, journalPath, token: opts.token, timeoutMs: 60_000 },
        (line) => process.stdout.write(`${line}\n`),
      );
      process.stdout.write(`${formatReprocessSummary(summary)}\n`);
    } catch (err) {
      const error = err as Error & { cause?: { code?: string } };
      process.stderr.write(`kerma reprocess: ${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    }
  });
}

class UsageError extends Error {}
