import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { authorizationHeader } from './access-token';
import { Journal } from './journal';
import { Progress } from './progress';

/** Which studies to read again: the study list's own filters (study date, device, site), and the skin-dose profile used. */
export interface ReprocessSelection {
  readonly since: string;
  readonly until?: string;
  readonly device?: string;
  readonly site?: string;
  /** Only studies whose skin dose was computed with this profile id (read from each study's view). */
  readonly profile?: string;
}

export interface ReprocessSelectionOptions {
  readonly selection: ReprocessSelection;
  /** Ingest (queues the reprocessing) and history (lists the studies): the same URL in the single process. */
  readonly ingestUrl: string;
  readonly historyUrl: string;
  readonly pageSize: number;
  readonly journalPath: string;
  readonly token?: string;
  readonly timeoutMs: number;
}

interface PageEntry {
  /** The cursor the page was read with ('' for the first page). */
  readonly key: string;
  readonly nextCursor: string | null;
  readonly queued: number;
  readonly objects: number;
  readonly notFound: number;
}

export interface ReprocessSummary {
  studies: number;
  objects: number;
  notFound: number;
  /** Studies queued by an earlier run of the same selection, according to the journal. */
  earlier: number;
}

const base = (url: string) => (url.endsWith('/') ? url : `${url}/`);

async function call<T>(url: string, init: RequestInit, options: ReprocessSelectionOptions): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...authorizationHeader(options.token) },
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const text = await response.text();
  if (response.status >= 300) {
    let message = text.slice(0, 300);
    try {
      const body = JSON.parse(text) as { message?: unknown };
      if (body.message !== undefined) message = Array.isArray(body.message) ? body.message.join('; ') : String(body.message);
    } catch {
      // not JSON: the start of the text says enough
    }
    throw new Error(`Kerma answered HTTP ${response.status} to ${init.method ?? 'GET'} ${new URL(url).pathname}: ${message}`);
  }
  return JSON.parse(text) as T;
}

/** The study list's query for one page of the selection. */
export function studyListUrl(historyUrl: string, selection: ReprocessSelection, pageSize: number, cursor: string): string {
  const url = new URL('api/v1/studies', base(historyUrl));
  url.searchParams.set('from', selection.since);
  if (selection.until) url.searchParams.set('to', selection.until);
  if (selection.device) url.searchParams.set('device', selection.device);
  if (selection.site) url.searchParams.set('site', selection.site);
  url.searchParams.set('limit', String(pageSize));
  if (cursor) url.searchParams.set('cursor', cursor);
  return url.toString();
}

async function withProfile(options: ReprocessSelectionOptions, uids: string[]): Promise<string[]> {
  const { profile } = options.selection;
  if (!profile) return uids;
  const kept: string[] = [];
  for (const uid of uids) {
    const view = await call<{ skinDose?: { profile?: { id?: string } } | null }>(
      new URL(`api/v1/studies/${uid}`, base(options.historyUrl)).toString(),
      {},
      options,
    );
    if (view.skinDose?.profile?.id === profile) kept.push(uid);
  }
  return kept;
}

/**
 * Reads the selection page by page from the study list (newest first, keyset cursor) and has ingest
 * queue each page's studies for reprocessing. The journal records each page queued with the cursor of
 * the next, so an interrupted run resumes after the last page it finished.
 */
export async function runReprocessSelection(options: ReprocessSelectionOptions, printLine: (line: string) => void): Promise<ReprocessSummary> {
  const journal = new Journal<PageEntry>(options.journalPath);
  const summary: ReprocessSummary = { studies: 0, objects: 0, notFound: 0, earlier: 0 };
  const progress = new Progress('reprocess', 0);
  const print = progress.around(printLine);
  const done = journal.entries();
  for (const page of done) summary.earlier += page.queued;
  const last = done.at(-1);
  if (last && last.nextCursor === null) {
    print(`nothing left: an earlier run queued the whole selection (${summary.earlier} studies)`);
    return summary;
  }
  if (last) print(`resuming after ${done.length} page${done.length === 1 ? '' : 's'} queued by an earlier run (${summary.earlier} studies)`);
  let cursor = last?.nextCursor ?? '';
  for (;;) {
    const page = await call<{ studies: { studyInstanceUid: string }[]; nextCursor: string | null }>(
      studyListUrl(options.historyUrl, options.selection, options.pageSize, cursor),
      {},
      options,
    );
    progress.grow(page.studies.length);
    const uids = await withProfile(
      options,
      page.studies.map((s) => s.studyInstanceUid),
    );
    const outcome = uids.length === 0 ? { queued: [], notFound: [] } : await queuePage(options, uids);
    for (const q of outcome.queued) print(`queued     study ${q.studyInstanceUid}  ${q.objects} stored object${q.objects === 1 ? '' : 's'}`);
    for (const uid of outcome.notFound) print(`not-found  study ${uid}  no stored object in Kerma's archive (in your site scope)`);
    const objects = outcome.queued.reduce((n, q) => n + q.objects, 0);
    summary.studies += outcome.queued.length;
    summary.objects += objects;
    summary.notFound += outcome.notFound.length;
    journal.record({ key: cursor, nextCursor: page.nextCursor, queued: outcome.queued.length, objects, notFound: outcome.notFound.length });
    progress.advance(page.studies.length);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  progress.finish();
  return summary;
}

function queuePage(
  options: ReprocessSelectionOptions,
  studyInstanceUids: string[],
): Promise<{ queued: { studyInstanceUid: string; objects: number }[]; notFound: string[] }> {
  return call(
    new URL('api/v1/reprocess', base(options.ingestUrl)).toString(),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ studyInstanceUids }) },
    options,
  );
}

export function formatReprocessSummary(summary: ReprocessSummary): string {
  const earlier = summary.earlier > 0 ? `; ${summary.earlier} queued by an earlier run` : '';
  return `${summary.studies} stud${summary.studies === 1 ? 'y' : 'ies'} queued for reprocessing (${summary.objects} stored object${summary.objects === 1 ? '' : 's'}), ${summary.notFound} not found${earlier}`;
}

/** One journal per selection and Kerma, in the user's cache. */
export function defaultReprocessJournal(selection: ReprocessSelection, ingestUrl: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = createHash('sha256')
    .update(JSON.stringify([ingestUrl, selection.since, selection.until ?? null, selection.device ?? null, selection.site ?? null, selection.profile ?? null]))
    .digest('hex')
    .slice(0, 16);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kerma', `reprocess-${key}.jsonl`);
}
