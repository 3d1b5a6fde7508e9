import { InvalidArgumentError, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { parseBaseUrl } from './import';

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
  const response = await fetch(reprocessUrl(baseUrl, studyInstanceUid), { method: 'POST', headers: authorizationHeader(token), signal: AbortSignal.timeout(timeoutMs) });
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

/** `kerma reprocess --study UID --url URL`: an operator re-drives a study's stored objects through the pipeline. */
export function registerReprocessCommand(program: Command): void {
  const command = program
    .command('reprocess')
    .description('read the stored objects of a study again through the whole pipeline (a new study revision; totals are not counted twice)')
    .requiredOption('--study <uid>', 'Study Instance UID', parseStudyUid)
    .requiredOption('--url <url>', 'base URL of Kerma (single process or ingest service), e.g. http://127.0.0.1:3000', parseBaseUrl);
  withAccessTokenOption(command).action(async (opts: { study: string; url: string; token?: string }) => {
      try {
        process.stdout.write(`${await requestReprocess(opts.url, opts.study, 30_000, opts.token)}\n`);
      } catch (err) {
        const error = err as Error & { cause?: { code?: string } };
        process.stderr.write(`kerma reprocess: ${error.message}${error.cause?.code ? ` (${error.cause.code})` : ''}\n`);
        process.exitCode = 1;
      }
    });
}
