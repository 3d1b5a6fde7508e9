import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { authorizationHeader, withAccessTokenOption } from './access-token';
import { parseBaseUrl, stowOne } from './import';
import { formatLoadSummary, summarizeLoad, type LoadSummary, type StudyOutcome } from './load-summary';

/** What `kerma load` uses of the RDSR generator (libs/testing). */
interface ReportGenerator {
  procedureSpec(options: { vendor: string; seed: number; events: number }): { readonly study: { readonly studyInstanceUid: string } };
  generateRdsr(spec: unknown): Uint8Array;
}

/**
 * Loaded on first use, and only by this command: the RDSR generator is a development library
 * (libs/testing) that builds leave out. Its path is computed, so the build does not compile it in;
 * from a source checkout it resolves to libs/testing/src.
 */
const generator = async (): Promise<ReportGenerator> => {
  const path = join(__dirname, '..', '..', '..', 'testing', 'src');
  try {
    return (await import(path)) as ReportGenerator;
  } catch (err) {
    throw new Error(
      `kerma load generates its reports with libs/testing, which only a source checkout has (builds leave it out); run it from one with KERMA_CLI_FROM_SOURCE=1 (${(err as Error).message})`,
    );
  }
};

export interface LoadOptions {
  /** Base URL STOW-RS is sent to (single process, or the ingest service). */
  readonly url: string;
  /** Base URL of the study view (single process, or the history service). */
  readonly readUrl: string;
  readonly studies: number;
  readonly concurrency: number;
  readonly mix: readonly string[];
  readonly events: EventRange;
  readonly seed: number;
  readonly site?: string;
  readonly token?: string;
  readonly timeoutMs: number;
  readonly pollMs: number;
}

export interface EventRange {
  readonly min: number;
  readonly max: number;
}

/** One study of the run: its generator settings, decided before anything is sent. */
export interface PlannedStudy {
  readonly seed: number;
  readonly vendor: string;
  readonly events: number;
}

/** Vendors taken in turn; event counts spread over the range by a fixed hash of the seed, so a run is repeatable. */
export function planStudies(count: number, mix: readonly string[], events: EventRange, seed: number): PlannedStudy[] {
  const span = events.max - events.min + 1;
  return Array.from({ length: count }, (_, i) => {
    const studySeed = seed + i;
    const hash = Math.imul(studySeed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
    return { seed: studySeed, vendor: mix[i % mix.length], events: events.min + (hash % span) };
  });
}

type StudyView = { status?: { parsed?: { state?: string }; skinDose?: { state?: string } } };

/**
 * Waits until the study view shows the skin dose, or says it will not come. A 404 means the
 * history has not heard of the study yet.
 */
async function awaitSkinDose(
  options: LoadOptions,
  studyInstanceUid: string,
  headers: Record<string, string>,
  deadlineMs: number,
  counted: () => void,
): Promise<'done' | string> {
  const url = new URL(`api/v1/studies/${studyInstanceUid}`, options.readUrl.endsWith('/') ? options.readUrl : `${options.readUrl}/`).toString();
  while (Date.now() < deadlineMs) {
    counted();
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(1, deadlineMs - Date.now())) }).catch(() => null);
    if (response?.status === 200) {
      const view = (await response.json()) as StudyView;
      if (view.status?.skinDose?.state === 'done') return 'done';
      if (view.status?.parsed?.state === 'failed') return 'parse-failed';
      if (view.status?.skinDose?.state === 'failed') return 'skin-dose-failed';
      if (view.status?.skinDose?.state === 'not-applicable') return 'skin-dose-not-applicable';
    } else if (response && response.status !== 404) {
      await response.arrayBuffer();
      if (response.status === 401 || response.status === 403) return `study-view-http-${response.status}`;
    }
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
  return 'timeout';
}

/**
 * Closed loop: `concurrency` senders, each sending one study over STOW-RS and waiting until its skin
 * dose is visible before sending the next, so the system is held at a fixed number of studies in flight.
 * Reports are generated before the clock of each study starts.
 */
export async function runLoad(options: LoadOptions, progress: (line: string) => void = () => undefined): Promise<LoadSummary> {
  const { generateRdsr, procedureSpec } = await generator();
  const plan = planStudies(options.studies, options.mix, options.events, options.seed);
  for (const vendor of new Set(options.mix)) procedureSpec({ vendor, seed: 1, events: 1 }); // an unknown flavour fails here, before any request
  const headers = authorizationHeader(options.token);
  const stowUrl = new URL('dicomweb/studies', options.url.endsWith('/') ? options.url : `${options.url}/`);
  if (options.site) stowUrl.searchParams.set('site', options.site);

  const outcomes: StudyOutcome[] = [];
  let studyViewReads = 0;
  let next = 0;
  const started = Date.now();
  const sender = async () => {
    while (next < plan.length) {
      const planned = plan[next++];
      const spec = procedureSpec({ vendor: planned.vendor, seed: planned.seed, events: planned.events });
      const bytes = generateRdsr(spec);
      const sentAt = Date.now();
      let outcome: StudyOutcome;
      try {
        const stowed = await stowOne(stowUrl.toString(), bytes, options.timeoutMs, options.token);
        if (stowed.kind === 'refused') outcome = { kind: 'refused', reason: stowed.code };
        else if (stowed.kind === 'skipped') outcome = { kind: 'refused', reason: stowed.reason };
        else {
          const result = await awaitSkinDose(options, spec.study.studyInstanceUid, headers, sentAt + options.timeoutMs, () => studyViewReads++);
          outcome = result === 'done' ? { kind: 'done', latencyMs: Date.now() - sentAt } : { kind: 'failed', reason: result };
        }
      } catch (err) {
        const error = err as Error & { cause?: { code?: string } };
        outcome = { kind: 'refused', reason: error.cause?.code ?? (error.name === 'TimeoutError' ? 'stow-timeout' : error.message.slice(0, 60)) };
      }
      outcomes.push(outcome);
      if (outcomes.length % Math.max(1, Math.ceil(plan.length / 10)) === 0) progress(`${outcomes.length}/${plan.length} studies finished`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, plan.length) }, sender));
  return summarizeLoad(outcomes, Date.now() - started, studyViewReads);
}

function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
    return n;
  };
}

export function parseEventRange(value: string): EventRange {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  const min = match ? Number(match[1]) : NaN;
  const max = match?.[2] ? Number(match[2]) : min;
  if (!match || min < 1 || max < min) throw new InvalidArgumentError('expected a number of events or a range min-max, e.g. 3-30');
  return { min, max };
}

function parseMix(value: string): string[] {
  const vendors = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (vendors.length === 0) throw new InvalidArgumentError('expected vendor flavours separated by commas, e.g. standard,siemens,philips-allura');
  return vendors;
}

/** `kerma load --url URL --studies N --concurrency C [--mix …] [--events min-max] [--token …]`. */
export function registerLoadCommand(program: Command): void {
  const command = program
    .command('load')
    .description(
      'benchmark: send N generated dose reports (STOW-RS) with C in flight and wait until each study shows its skin dose; prints throughput, latency percentiles (STOW sent → skin dose visible) and refusals by reason. A development tool: its reports come from the test generator (libs/testing), so it runs from a source checkout. The studies it sends stay in Kerma: point it at a test instance, never at production.',
    )
    .requiredOption('--url <url>', 'base URL STOW-RS is sent to (single process or ingest service), e.g. http://127.0.0.1:3000', parseBaseUrl)
    .option('--read-url <url>', 'base URL of the study view (single process or history service; default: --url)', parseBaseUrl)
    .requiredOption('--studies <n>', 'number of studies to send', parsePositiveInt('--studies'))
    .option('--concurrency <c>', 'studies in flight at once', parsePositiveInt('--concurrency'), 4)
    .option('--mix <vendors>', 'vendor flavours taken in turn: standard, siemens, philips-allura, philips-azurion, ge-oec, canon, enhanced', parseMix, [
      'standard',
    ])
    .option('--events <min-max>', 'irradiation events per report, spread over the range', parseEventRange, { min: 3, max: 30 })
    .option('--seed <n>', 'first generator seed (default: from the clock, so every run sends new studies)', parsePositiveInt('--seed'))
    .option('--site <site>', "site id recorded with the objects (default: the server's)")
    .option('--timeout <seconds>', 'longest wait for one study, STOW included', parsePositiveInt('--timeout'), 300)
    .option('--poll-ms <ms>', 'interval at which the study view is read (the resolution of the latencies)', parsePositiveInt('--poll-ms'), 200)
    .option('--json', 'print the summary as JSON');
  withAccessTokenOption(command).action(
    async (opts: {
      url: string;
      readUrl?: string;
      studies: number;
      concurrency: number;
      mix: string[];
      events: EventRange;
      seed?: number;
      site?: string;
      token?: string;
      timeout: number;
      pollMs: number;
      json?: boolean;
    }) => {
      try {
        const options: LoadOptions = {
          url: opts.url,
          readUrl: opts.readUrl ?? opts.url,
          studies: opts.studies,
          concurrency: opts.concurrency,
          mix: opts.mix,
          events: opts.events,
          seed: opts.seed ?? (Date.now() % 1_000_000_000) + 1,
          site: opts.site,
          token: opts.token,
          timeoutMs: opts.timeout * 1000,
          pollMs: opts.pollMs,
        };
        process.stderr.write(
          `kerma load: ${options.studies} studies, ${options.concurrency} in flight, mix ${options.mix.join(',')}, ${options.events.min}-${options.events.max} events, seed ${options.seed}\n`,
        );
        const summary = await runLoad(options, (line) => process.stderr.write(`${line}\n`));
        process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatLoadSummary(summary)}\n`);
        if (summary.done < summary.studies) process.exitCode = 1;
      } catch (err) {
        process.stderr.write(`kerma load: ${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    },
  );
}
