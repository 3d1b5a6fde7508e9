import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { InvalidArgumentError, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { Journal } from './journal';
import { Progress } from './progress';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] }>;

export type FileOutcome =
  | { readonly kind: 'stored' | 'duplicate'; readonly sopInstanceUid: string | null; readonly studyInstanceUid: string | null }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'skipped'; readonly reason: string }
  /** Sent by an earlier run of the same import, according to its journal (same path, same SHA-256). */
  | { readonly kind: 'sent-before'; readonly sopInstanceUid: string | null; readonly studyInstanceUid: string | null };

export interface ImportCounts {
  readonly stored: number;
  readonly duplicate: number;
  readonly refused: number;
  readonly skipped: number;
  readonly sentBefore: number;
  /** Refused files by Kerma's reason code. */
  readonly refusals: Readonly<Record<string, number>>;
}

export interface ImportOptions {
  readonly url: string;
  readonly site?: string;
  readonly recursive: boolean;
  readonly timeoutMs: number;
  /** Bearer access token, when Kerma requires authentication. */
  readonly token?: string;
  /** STOW-RS requests in flight at once (default 8). */
  readonly concurrency?: number;
  /** Files per STOW-RS request (default 16), within BATCH_MAX_BYTES. */
  readonly batch?: number;
  /** Journal of the files sent (path and SHA-256), so a rerun skips them; none when absent. */
  readonly journalPath?: string;
}

/** Kerma's private block in STOW responses (see the ingest service): reason code and text. */
const REASON_CODE_TAG = '00091001';
const REASON_TEXT_TAG = '00091002';
const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const FAILURE_REASON_TAG = '00081197';
const SOP_INSTANCE_UID_TAG = '00081155';
/** Kerma's number of the request part an item of the answer is about (1 = first), so a batch maps back to its files. */
const PART_NUMBER_TAG = '00091004';
const STUDY_INSTANCE_UID_TAG = '0020000D';

/** Media directories index an archive; they are not objects Kerma could store. */
const NOT_OBJECTS: Readonly<Record<string, string>> = { dicomdir: 'DICOMDIR (media directory index, not an object)' };

export class ImportPathError extends Error {}

/**
 * The files to send, in a stable order and each once: files named on the command line, the files
 * of named folders and, with `recursive`, of their sub-folders.
 */
export function collectImportFiles(paths: readonly string[], recursive: boolean): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (path: string, named: boolean): void => {
    let stats;
    try {
      stats = statSync(path);
    } catch (err) {
      throw new ImportPathError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (stats.isFile()) {
      if (!seen.has(resolve(path))) files.push(path);
      seen.add(resolve(path));
      return;
    }
    if (!stats.isDirectory() || (!named && !recursive)) return;
    for (const entry of readdirSync(path).sort()) visit(join(path, entry), false);
  };
  for (const path of paths) visit(path, true);
  return files;
}

/** What Kerma's STOW-RS answer says about the single object of a request. */
export function outcomeOfStowResponse(httpStatus: number, responseText: string): FileOutcome {
  const body = parseDicomJson(responseText);
  const referenced = body?.[REFERENCED_SOP_SEQUENCE]?.Value?.[0] as DicomJson | undefined;
  if (referenced) return outcomeOfReferenced(referenced);
  const failed = body?.[FAILED_SOP_SEQUENCE]?.Value?.[0] as DicomJson | undefined;
  if (failed) return outcomeOfFailed(failed);
  return requestRefusal(httpStatus, body, responseText);
}

/**
 * What Kerma's STOW-RS answer says about each of the `parts` objects of a request, in part order, from the
 * part number of each item; null when the answer does not say which item is which part (a server that does
 * not number them: the files are then sent one at a time). A refusal of the whole request (400, 415) is
 * every file's outcome.
 */
export function outcomesOfStowResponse(httpStatus: number, responseText: string, parts: number): FileOutcome[] | null {
  if (parts === 1) return [outcomeOfStowResponse(httpStatus, responseText)];
  const body = parseDicomJson(responseText);
  const items = [
    ...((body?.[REFERENCED_SOP_SEQUENCE]?.Value ?? []) as DicomJson[]).map((item) => [item, outcomeOfReferenced(item)] as const),
    ...((body?.[FAILED_SOP_SEQUENCE]?.Value ?? []) as DicomJson[]).map((item) => [item, outcomeOfFailed(item)] as const),
  ];
  if (items.length === 0) return Array.from({ length: parts }, () => requestRefusal(httpStatus, body, responseText));
  const outcomes: (FileOutcome | undefined)[] = new Array(parts);
  for (const [item, outcome] of items) {
    const part = Number(item[PART_NUMBER_TAG]?.Value?.[0]);
    if (!Number.isInteger(part) || part < 1 || part > parts || outcomes[part - 1]) return null;
    outcomes[part - 1] = outcome;
  }
  // A part no item names (`every` would skip the hole).
  for (let i = 0; i < parts; i++) if (!outcomes[i]) return null;
  return outcomes as FileOutcome[];
}

function parseDicomJson(text: string): DicomJson | null {
  try {
    return text ? (JSON.parse(text) as DicomJson) : null;
  } catch {
    return null;
  }
}

function outcomeOfReferenced(item: DicomJson): FileOutcome {
  const sopInstanceUid = stringAt(item, SOP_INSTANCE_UID_TAG);
  const studyInstanceUid = stringAt(item, STUDY_INSTANCE_UID_TAG);
  return { kind: stringAt(item, REASON_CODE_TAG) === 'duplicate' ? 'duplicate' : 'stored', sopInstanceUid, studyInstanceUid };
}

function outcomeOfFailed(item: DicomJson): FileOutcome {
  const reason = item[FAILURE_REASON_TAG]?.Value?.[0];
  const code = stringAt(item, REASON_CODE_TAG) ?? `failure-reason-0x${Number(reason).toString(16).padStart(4, '0')}`;
  return { kind: 'refused', code, message: stringAt(item, REASON_TEXT_TAG) ?? '' };
}

function requestRefusal(httpStatus: number, body: DicomJson | null, responseText: string): FileOutcome {
  const error = (body as { error?: unknown } | null)?.error;
  return { kind: 'refused', code: `http-${httpStatus}`, message: typeof error === 'string' ? error : responseText.slice(0, 200) };
}

function stringAt(item: DicomJson, tag: string): string | null {
  const value = item[tag]?.Value?.[0];
  return typeof value === 'string' ? value : null;
}

export function formatOutcome(file: string, outcome: FileOutcome): string {
  switch (outcome.kind) {
    case 'stored':
    case 'duplicate':
      return `${outcome.kind.padEnd(9)}  ${file}${outcome.sopInstanceUid ? `  ${outcome.sopInstanceUid}` : ''}${outcome.studyInstanceUid ? `  study ${outcome.studyInstanceUid}` : ''}`;
    case 'refused':
      return `${'refused'.padEnd(9)}  ${file}  ${outcome.code}${outcome.message ? `: ${outcome.message}` : ''}`;
    case 'skipped':
      return `${'skipped'.padEnd(9)}  ${file}  ${outcome.reason}`;
    case 'sent-before':
      return `${'skipped'.padEnd(9)}  ${file}  sent by an earlier run${outcome.sopInstanceUid ? `  ${outcome.sopInstanceUid}` : ''}${outcome.studyInstanceUid ? `  study ${outcome.studyInstanceUid}` : ''}`;
  }
}

/** The count line, then one line per refusal reason (most frequent first). */
export function formatCounts(counts: ImportCounts): string[] {
  const total = counts.stored + counts.duplicate + counts.refused + counts.skipped + counts.sentBefore;
  const parts = [`${counts.stored} stored`, `${counts.duplicate} duplicate`, `${counts.refused} refused`];
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  if (counts.sentBefore > 0) parts.push(`${counts.sentBefore} sent by an earlier run`);
  const reasons = Object.entries(counts.refusals).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return [`${total} file${total === 1 ? '' : 's'}: ${parts.join(', ')}`, ...reasons.map(([code, n]) => `  refused ×${n}: ${code}`)];
}

/** The STOW-RS URL of an import: `source=import` so Kerma records how the objects arrived. */
export function importUrl(baseUrl: string, site: string | undefined): string {
  const url = new URL('dicomweb/studies', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  if (site) url.searchParams.set('site', site);
  url.searchParams.set('source', 'import');
  return url.toString();
}

/** Waits asked for by a 429 (per-client rate limit) or 503 (too many large uploads) before a request is given up. */
const MAX_RATE_LIMITED_WAITS = 20;

/**
 * Sends objects in one STOW-RS request (one part each) and answers each one's outcome in part order; a
 * server error (5xx) throws, a refusal is an outcome. Over Kerma's per-client rate limit (429), or when
 * it is receiving too many large uploads (503 with Retry-After), it waits the delay and sends again.
 * Null when a batch cannot be answered part by part: larger than the server takes (413), or an answer
 * that does not number its parts; the caller then sends the files one at a time.
 */
export async function stowBatch(url: string, parts: readonly Uint8Array[], timeoutMs: number, token: string | undefined): Promise<FileOutcome[] | null> {
  const boundary = `kerma-import-${randomBytes(8).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  for (const bytes of parts) chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), bytes, Buffer.from('\r\n'));
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  let response: Response;
  for (let waits = 0; ; waits += 1) {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
        accept: 'application/dicom+json',
        ...authorizationHeader(token),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const retryable = response.status === 429 || (response.status === 503 && response.headers.has('retry-after'));
    if (!retryable || waits >= MAX_RATE_LIMITED_WAITS) break;
    await response.arrayBuffer();
    await new Promise((resume) => setTimeout(resume, retryAfterMs(response.headers.get('retry-after'))));
  }
  const text = await response.text();
  if (response.status === 429 || response.status >= 500) throw new Error(`Kerma answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  if (response.status === 413 && parts.length > 1) return null;
  return outcomesOfStowResponse(response.status, text, parts.length);
}

/** Sends one object in its own STOW-RS request. */
export async function stowOne(url: string, bytes: Uint8Array, timeoutMs: number, token: string | undefined): Promise<FileOutcome> {
  return (await stowBatch(url, [bytes], timeoutMs, token))![0];
}

interface ImportJournalEntry {
  /** SHA-256 and absolute path, as sha256sum writes them: the same file with other content is sent again. */
  readonly key: string;
  readonly outcome: 'stored' | 'duplicate';
  readonly sopInstanceUid: string | null;
  readonly studyInstanceUid: string | null;
}

type Counter = { -readonly [K in Exclude<keyof ImportCounts, 'refusals'>]: number } & { refusals: Record<string, number> };

const COUNTER_OF: Record<FileOutcome['kind'], Exclude<keyof ImportCounts, 'refusals'>> = {
  stored: 'stored',
  duplicate: 'duplicate',
  refused: 'refused',
  skipped: 'skipped',
  'sent-before': 'sentBefore',
};

/** Retry-After in seconds, bounded to 1–60 s (a missing or odd header waits 1 s). */
export function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && header !== null ? Math.min(60, Math.max(1, seconds)) * 1000 : 1000;
}

/**
 * Sends the files in STOW-RS requests of up to `batch` files each (within BATCH_MAX_BYTES), `concurrency`
 * requests at a time; every line names exactly one file's fate (Kerma's answer numbers the parts, so a
 * refused file in a batch does not sink the others); lines come in file order whatever the order of the
 * answers. Files with the same content go one after the other (the first is stored, the others are
 * duplicates, as sent alone). A server or network failure stops the import (what was sent stays stored
 * and journaled).
 */
export async function runImport(paths: readonly string[], options: ImportOptions, print: (line: string) => void, progress?: Progress): Promise<ImportCounts> {
  const files = collectImportFiles(paths, options.recursive);
  const prepare = preparer(options.journalPath ? new Journal<ImportJournalEntry>(options.journalPath) : null);
  const send = batchSender(importUrl(options.url, options.site), options);
  const counts: Counter = { stored: 0, duplicate: 0, refused: 0, skipped: 0, sentBefore: 0, refusals: {} };
  const bar = progress ?? new Progress('import', files.length);
  const printLine = bar.around(print);
  const printer = inOrder((index: number, outcome: FileOutcome) => {
    counts[COUNTER_OF[outcome.kind]] += 1;
    if (outcome.kind === 'refused') counts.refusals[outcome.code] = (counts.refusals[outcome.code] ?? 0) + 1;
    printLine(formatOutcome(files[index], outcome));
  });
  const done = (index: number, outcome: FileOutcome) => {
    printer.done(index, outcome);
    bar.advance();
  };
  const batchSize = options.batch ?? DEFAULT_BATCH;
  let next = 0;
  let stopped: Error | null = null;
  const worker = async (): Promise<void> => {
    while (stopped === null && next < files.length) {
      // The batch is read before the first await, so batches take the files in file order.
      const batch: PreparedFile[] = [];
      let batchBytes = 0;
      let first = '';
      try {
        while (next < files.length && batch.length < batchSize) {
          const size = batch.length > 0 ? fileSize(files[next]) : 0;
          if (batch.length > 0 && batchBytes + size > BATCH_MAX_BYTES) break;
          const index = next++;
          first ||= files[index];
          const prepared = prepare(files[index], index);
          if ('outcome' in prepared) done(index, prepared.outcome);
          else {
            batch.push(prepared);
            batchBytes += prepared.bytes.byteLength;
          }
        }
        if (batch.length === 0) continue;
        for (const [i, outcome] of (await send(batch)).entries()) done(batch[i].index, outcome);
      } catch (err) {
        stopped ??= err instanceof ImportPathError ? err : new Error(`import stopped at ${batch[0]?.file ?? first}: ${describeError(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, Math.max(files.length, 1)) }, worker));
  bar.finish();
  printer.flushAll();
  formatCounts(counts).forEach((line) => print(line));
  if (stopped) throw stopped;
  return counts;
}

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_BATCH = 16;
/** A batch stays below ingest's large-upload size (16 MiB by default), which only a few requests at a time may reach. */
export const BATCH_MAX_BYTES = 8 * 1024 * 1024;

interface PreparedFile {
  readonly index: number;
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  /** The journal key (SHA-256 and absolute path). */
  readonly key: string;
  readonly record: ((outcome: FileOutcome) => void) | null;
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // reported by prepare, which reads it
  }
}

/** A file read and hashed, or its outcome when it is not to be sent: skipped, or found in the journal. */
function preparer(journal: Journal<ImportJournalEntry> | null): (file: string, index: number) => PreparedFile | { readonly outcome: FileOutcome } {
  return (file, index) => {
    const notObject = NOT_OBJECTS[basename(file).toLowerCase()];
    if (notObject) return { outcome: { kind: 'skipped', reason: notObject } };
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new ImportPathError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = `${sha256}  ${resolve(file)}`;
    const earlier = journal?.get(key);
    if (earlier) return { outcome: { kind: 'sent-before', sopInstanceUid: earlier.sopInstanceUid, studyInstanceUid: earlier.studyInstanceUid } };
    const record = journal
      ? (outcome: FileOutcome) => {
          if (outcome.kind === 'stored' || outcome.kind === 'duplicate') {
            journal.record({ key, outcome: outcome.kind, sopInstanceUid: outcome.sopInstanceUid, studyInstanceUid: outcome.studyInstanceUid });
          }
        }
      : null;
    return { index, file, bytes, sha256, key, record };
  };
}

/**
 * Sends a batch once every earlier batch holding a file of the same content is answered (within a batch
 * Kerma takes the parts in order), and journals what was stored.
 */
function batchSender(url: string, options: ImportOptions): (batch: readonly PreparedFile[]) => Promise<FileOutcome[]> {
  const bySha = new Map<string, Promise<unknown>>();
  return async (batch) => {
    const before = [...new Set(batch.map((f) => bySha.get(f.sha256)).filter((p) => p !== undefined))];
    const sending = (async () => {
      await Promise.all(before.map((p) => p.catch(() => undefined)));
      const outcomes = await stowBatch(
        url,
        batch.map((f) => f.bytes),
        options.timeoutMs,
        options.token,
      );
      if (outcomes) return outcomes;
      const alone: FileOutcome[] = [];
      for (const f of batch) alone.push(await stowOne(url, f.bytes, options.timeoutMs, options.token));
      return alone;
    })();
    for (const f of batch) bySha.set(f.sha256, sending);
    const outcomes = await sending;
    batch.forEach((f, i) => f.record?.(outcomes[i]));
    return outcomes;
  };
}

/** Hands results on in index order although they arrive in any order; `flushAll` passes the rest on after a stop. */
function inOrder<T>(emit: (index: number, value: T) => void): { done(index: number, value: T): void; flushAll(): void } {
  const waiting = new Map<number, T>();
  let nextIndex = 0;
  return {
    done(index, value) {
      waiting.set(index, value);
      while (waiting.has(nextIndex)) {
        emit(nextIndex, waiting.get(nextIndex)!);
        waiting.delete(nextIndex++);
      }
    },
    flushAll() {
      for (const index of [...waiting.keys()].sort((a, b) => a - b)) emit(index, waiting.get(index)!);
      waiting.clear();
    },
  };
}

/** Where the journal of an import lives unless --journal says: one per import command (paths, Kerma, site) in the user's cache. */
export function defaultImportJournal(
  paths: readonly string[],
  url: string,
  site: string | undefined,
  recursive: boolean,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const job = createHash('sha256')
    .update(JSON.stringify([paths.map((p) => resolve(p)), url, site ?? null, recursive]))
    .digest('hex')
    .slice(0, 16);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kerma', `import-${job}.jsonl`);
}

/** fetch reports network failures as "fetch failed" with the reason (ECONNREFUSED, …) as its cause. */
function describeError(err: unknown): string {
  const error = err as Error & { cause?: { message?: string; code?: string } };
  const cause = error.cause?.code ?? error.cause?.message;
  return cause ? `${error.message} (${cause})` : error.message;
}

const SITE = /^[A-Za-z0-9._-]+$/;

function parseSite(value: string): string {
  if (!SITE.test(value) || value.length > 64) throw new InvalidArgumentError('site ids are 1-64 letters, digits, . _ -');
  return value;
}

export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected the base URL of Kerma, e.g. http://127.0.0.1:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('expected an http:// or https:// URL');
  return value;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return seconds;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected 1 to 64 requests at once');
  return n;
}

function parseBatch(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('expected 1 to 256 files per request');
  return n;
}

interface ImportFlags {
  url: string;
  site?: string;
  recursive: boolean;
  timeout: number;
  token?: string;
  concurrency: number;
  batch: number;
  journal: string | false;
}

/** `kerma import <folder|file…> --url URL [--site S] [--recursive] [--concurrency N] [--batch N] [--journal F | --no-journal]`. */
export function registerImportCommand(program: Command): void {
  const command = program
    .command('import')
    .description(
      'send an archive of dose reports to Kerma (STOW-RS, recorded as source "import"), several files per request and several requests at once; one line per file in file order, a count and the refusals by reason; a journal makes a rerun skip the files sent; exit code 1 if any file was refused',
    )
    .argument('<paths...>', 'files and folders to send')
    .requiredOption('--url <url>', 'base URL of Kerma (single process or ingest service), e.g. http://127.0.0.1:3000', parseBaseUrl)
    .option('--site <site>', "site id recorded with the objects (default: the server's KERMA_DEFAULT_SITE)", parseSite)
    .option('--recursive', 'also send the files of sub-folders', false)
    .option('--concurrency <n>', 'STOW-RS requests in flight at once', parseConcurrency, DEFAULT_CONCURRENCY)
    .option('--batch <n>', `files per STOW-RS request (at most ${BATCH_MAX_BYTES / 1024 / 1024} MiB); 1 sends each file alone`, parseBatch, DEFAULT_BATCH)
    .option('--journal <file>', 'journal of the files sent (path and SHA-256); default: one per import command under ~/.cache/kerma')
    .option('--no-journal', 'keep no journal: a rerun sends every file again (Kerma answers duplicates)')
    .option('--timeout <seconds>', 'per-request timeout', parseSeconds, 300);
  withAccessTokenOption(command).action(async (paths: string[], opts: ImportFlags) => {
    const journalPath =
      opts.journal === false ? undefined : typeof opts.journal === 'string' ? opts.journal : defaultImportJournal(paths, opts.url, opts.site, opts.recursive);
    if (journalPath) process.stderr.write(`journal: ${journalPath}\n`);
    try {
      const counts = await runImport(
        paths,
        {
          url: opts.url,
          site: opts.site,
          recursive: opts.recursive,
          timeoutMs: opts.timeout * 1000,
          token: opts.token,
          concurrency: opts.concurrency,
          batch: opts.batch,
          journalPath,
        },
        (line) => process.stdout.write(`${line}\n`),
      );
      if (counts.refused > 0) process.exitCode = 1;
    } catch (err) {
      process.stderr.write(`kerma import: ${(err as Error).message}\n`);
      process.exitCode = 1;
    }
  });
}
