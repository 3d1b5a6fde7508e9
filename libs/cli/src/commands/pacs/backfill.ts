import { homedir } from 'node:os';
import { join } from 'node:path';
import { requests } from 'dcmjs-dimse';
import { authorizationHeader } from '../access-token';
import { importUrl, stowOne } from '../import';
import { Journal } from '../journal';
import { Progress } from '../progress';
import { pacer } from '../rate-limit';
import { cFind, cGet, cMove, type PacsTarget, type RetrieveOutcome } from './dimse';
import { candidateSeries, distinctStudies, doseInstances, seriesOf, studyQueries, type DoseInstance, type FoundStudy } from './selection';

export interface BackfillOptions {
  readonly pacs: PacsTarget;
  readonly from: string;
  readonly to: string;
  readonly modalities: readonly string[];
  /** C-MOVE to this AE (Kerma's C-STORE SCP, known to the PACS), or C-GET and STOW-RS to Kerma when null. */
  readonly moveDestination: string | null;
  readonly ratePerS: number | null;
  readonly journalPath: string;
  /** Kerma's base URL: which objects it already holds, and where C-GET sends what it receives. */
  readonly kermaUrl: string;
  readonly site?: string;
  readonly token?: string;
  readonly timeoutMs: number;
}

type JournalEntry =
  | { readonly key: string; readonly kind: 'instance'; readonly outcome: 'retrieved' | 'present' }
  | { readonly key: string; readonly kind: 'study'; readonly doseObjects: number };

export interface BackfillSummary {
  studies: number;
  found: number;
  retrieved: number;
  alreadyPresent: number;
  /** Done by an earlier run, according to the journal. */
  skipped: number;
  readonly failures: { readonly sopInstanceUid: string | null; readonly studyInstanceUid: string; readonly reason: string }[];
}

/** Kerma answers a C-STORE of an object it holds as a success: its instance list tells what is there already. */
async function storedSopInstanceUids(options: BackfillOptions, studyInstanceUid: string): Promise<Set<string>> {
  const url = new URL(
    `api/v1/instances?studyInstanceUid=${encodeURIComponent(studyInstanceUid)}`,
    options.kermaUrl.endsWith('/') ? options.kermaUrl : `${options.kermaUrl}/`,
  );
  const response = await fetch(url, { headers: authorizationHeader(options.token), signal: AbortSignal.timeout(options.timeoutMs) });
  if (response.status === 404) return new Set();
  if (response.status !== 200) throw new Error(`Kerma answered HTTP ${response.status} to the instance list: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { instances?: { sopInstanceUid?: string }[] };
  return new Set((body.instances ?? []).map((i) => i.sopInstanceUid).filter((uid): uid is string => typeof uid === 'string'));
}

async function findStudies(options: BackfillOptions): Promise<FoundStudy[]> {
  const answers: Record<string, unknown>[] = [];
  for (const keys of studyQueries(options.from, options.to, options.modalities)) {
    answers.push(...(await cFind(options.pacs, requests.CFindRequest.createStudyFindRequest(keys), options.timeoutMs)));
  }
  return distinctStudies(answers);
}

async function findDoseInstances(options: BackfillOptions, studyInstanceUid: string): Promise<DoseInstance[]> {
  const series = seriesOf(
    await cFind(
      options.pacs,
      requests.CFindRequest.createSeriesFindRequest({ StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: '', Modality: '' }),
      options.timeoutMs,
    ),
  );
  const found: DoseInstance[] = [];
  for (const s of candidateSeries(series)) {
    const keys = { StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: s.seriesInstanceUid, SOPInstanceUID: '', SOPClassUID: '' };
    found.push(...doseInstances(studyInstanceUid, s, await cFind(options.pacs, requests.CFindRequest.createImageFindRequest(keys), options.timeoutMs)));
  }
  return found;
}

/** Why a retrieval did not deliver the object, or null when it did. */
export function retrieveFailure(outcome: RetrieveOutcome, refusal: string | null): string | null {
  if (outcome.status === 0 && outcome.failed === 0 && outcome.completed > 0) return null;
  const status = `status 0x${outcome.status.toString(16).padStart(4, '0')}`;
  if (refusal) return `refused by Kerma: ${refusal}`;
  if (outcome.failed > 0)
    return `${status}: the PACS could not deliver it (${outcome.failed} failed sub-operation${outcome.failed === 1 ? '' : 's'}${outcome.errorComment ? `, ${outcome.errorComment}` : ''})`;
  if (outcome.status === 0) return `${status}: the PACS delivered nothing (no such object any more?)`;
  return `${status}${outcome.errorComment ? `: ${outcome.errorComment}` : ''}`;
}

async function retrieve(options: BackfillOptions, instance: DoseInstance): Promise<string | null> {
  const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop } = instance;
  if (options.moveDestination) {
    return retrieveFailure(
      await cMove(options.pacs, requests.CMoveRequest.createImageMoveRequest(options.moveDestination, study, series, sop), options.timeoutMs),
      null,
    );
  }
  let refusal: string | null = null;
  const url = importUrl(options.kermaUrl, options.site);
  const outcome = await cGet(options.pacs, requests.CGetRequest.createImageGetRequest(study, series, sop), options.timeoutMs, async (part10) => {
    const stored = await stowOne(url, part10, options.timeoutMs, options.token);
    if (stored.kind === 'refused') refusal = `${stored.code}${stored.message ? `: ${stored.message}` : ''}`;
    return stored.kind === 'refused' ? 0xc000 : 0x0000;
  });
  return retrieveFailure(outcome, refusal);
}

/**
 * Finds the dose objects of a period on a PACS (C-FIND study → series → instance) and has them sent
 * to Kerma (C-MOVE to Kerma's SCP, or C-GET), one instance at a time at the given rate. The journal
 * records each instance delivered and each study finished, so a rerun skips them.
 */
export async function runBackfill(options: BackfillOptions, printLine: (line: string) => void, progress?: Progress): Promise<BackfillSummary> {
  const journal = new Journal<JournalEntry>(options.journalPath);
  const pace = pacer(options.ratePerS);
  const summary: BackfillSummary = { studies: 0, found: 0, retrieved: 0, alreadyPresent: 0, skipped: 0, failures: [] };
  const studies = await findStudies(options);
  summary.studies = studies.length;
  const bar = progress ?? new Progress('backfill', 0);
  const print = bar.around(printLine);
  for (const study of studies) {
    const finished = journal.get(`study:${study.studyInstanceUid}`);
    if (finished?.kind === 'study') {
      summary.found += finished.doseObjects;
      summary.skipped += finished.doseObjects;
      print(`skipped    study ${study.studyInstanceUid}  done by an earlier run (${finished.doseObjects} dose object${finished.doseObjects === 1 ? '' : 's'})`);
      continue;
    }
    await backfillStudy(options, study, journal, pace, summary, bar, print);
  }
  bar.finish();
  return summary;
}

async function backfillStudy(
  options: BackfillOptions,
  study: FoundStudy,
  journal: Journal<JournalEntry>,
  pace: () => Promise<void>,
  summary: BackfillSummary,
  bar: Progress,
  print: (line: string) => void,
): Promise<void> {
  const uid = study.studyInstanceUid;
  let instances: DoseInstance[];
  let present: Set<string>;
  try {
    instances = await findDoseInstances(options, uid);
    present = await storedSopInstanceUids(options, uid);
  } catch (err) {
    summary.failures.push({ sopInstanceUid: null, studyInstanceUid: uid, reason: (err as Error).message });
    print(`failed     study ${uid}  ${(err as Error).message}`);
    return;
  }
  summary.found += instances.length;
  bar.grow(instances.length);
  let complete = true;
  for (const instance of instances) {
    const key = `instance:${instance.sopInstanceUid}`;
    const line = (word: string, rest = '') => print(`${word.padEnd(10)} ${instance.sopInstanceUid}  study ${uid}${rest}`);
    if (journal.has(key)) {
      summary.skipped += 1;
      line('skipped', '  done by an earlier run');
    } else if (present.has(instance.sopInstanceUid)) {
      summary.alreadyPresent += 1;
      journal.record({ key, kind: 'instance', outcome: 'present' });
      line('present', '  already in Kerma');
    } else {
      await pace();
      const failure = await retrieve(options, instance).catch((err: Error) => err.message);
      if (failure === null) {
        summary.retrieved += 1;
        journal.record({ key, kind: 'instance', outcome: 'retrieved' });
        line('retrieved', instance.sopClassUid ? '' : '  (SOP class not answered by the PACS; chosen as an SR)');
      } else {
        complete = false;
        summary.failures.push({ sopInstanceUid: instance.sopInstanceUid, studyInstanceUid: uid, reason: failure });
        line('failed', `  ${failure}`);
      }
    }
    bar.advance();
  }
  if (complete) journal.record({ key: `study:${uid}`, kind: 'study', doseObjects: instances.length });
}

export function formatBackfillSummary(summary: BackfillSummary): string[] {
  const lines = [
    `${summary.studies} stud${summary.studies === 1 ? 'y' : 'ies'}, ${summary.found} dose object${summary.found === 1 ? '' : 's'} found: ${summary.retrieved} retrieved, ${summary.alreadyPresent} already present, ${summary.skipped} skipped (done by an earlier run), ${summary.failures.length} failed`,
  ];
  const byReason = new Map<string, number>();
  for (const f of summary.failures) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  for (const [reason, count] of byReason) lines.push(`  failed ×${count}: ${reason}`);
  return lines;
}

/** Where the journal of a backfill lives unless --journal says: one per PACS and period, in the user's cache. */
export function defaultBackfillJournal(pacs: PacsTarget, from: string, to: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'kerma', `backfill-${pacs.calledAeTitle}@${pacs.host}_${pacs.port}-${from}-${to}.jsonl`.replace(/[^A-Za-z0-9@._-]/g, '_'));
}
