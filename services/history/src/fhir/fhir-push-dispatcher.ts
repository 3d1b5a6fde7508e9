import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { radiationDosePushBundle } from '@kerma/fhir';
import { KermaMetrics, LeasedOutboxDispatcher, type Settlement } from '@kerma/platform';
import { StudyRecordsService } from '../studies/study-records.service';
import { fhirStudyInput } from './fhir-study-input';
import { FhirPush } from './fhir-push.entity';
import { FHIR_PUSH_OPTIONS, type FhirPushOptions } from './fhir-push-options';
import { sendTransaction, type PushOutcome } from './fhir-push-sender';

/** Pushes attempted side by side per run. */
const BATCH = 10;

/** The attempt outcomes as the push metrics name them. */
const METRIC_OUTCOME = { succeeded: 'pushed', retry: 'retry', failed: 'refused' } as const;

/**
 * Sends due pushes from the journal: claims each with a lease (two history processes never push one study at the
 * same time), builds the study's push Bundle from its record as it is now, POSTs it, and records the outcome. A
 * process stopped mid-push leaves the row pending: the next one pushes it again, which updates the same resources.
 */
@Injectable()
export class FhirPushDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(FhirPushDispatcher.name);
  /** None without KERMA_FHIR_PUSH_URL. */
  private readonly journal?: LeasedOutboxDispatcher<FhirPush, PushOutcome>;

  constructor(
    @InjectRepository(FhirPush, 'history') pushes: Repository<FhirPush>,
    private readonly studies: StudyRecordsService,
    @Optional() @Inject(FHIR_PUSH_OPTIONS) options?: FhirPushOptions,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {
    if (!options) return;
    this.journal = new LeasedOutboxDispatcher({
      rows: pushes,
      key: 'studyInstanceUid',
      // Only the generation that was pushed is settled: a change during the push leaves the row pending.
      version: 'generation',
      batch: BATCH,
      attemptTimeoutMs: options.attemptTimeoutMs,
      // Retried until it succeeds or the server refuses it.
      retry: { maxAttempts: Infinity, initialBackoffMs: options.initialBackoffMs, maxBackoffMs: options.maxBackoffMs },
      succeeded: { status: 'pushed', at: 'pushedAt' },
      failed: 'refused',
      attempt: (push) => this.attempt(push, options),
      settled: (push, outcome, settlement) => this.recordSettled(push, outcome, settlement),
      runFailed: (err) => this.log.error({ msg: 'fhir push run failed', error: err.message }),
    });
  }

  onApplicationBootstrap(): void {
    const journal = this.journal;
    if (!journal) return;
    this.metrics?.trackFhirPushBacklog(
      async () => (await journal.countByStatus()).map((c) => ({ status: c.status, studies: c.count })),
      (err) => this.log.warn({ msg: 'fhir push backlog not counted', error: err.message }),
    );
    journal.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.journal?.stop();
  }

  kick(): void {
    this.journal?.kick();
  }

  async idle(): Promise<void> {
    await this.journal?.idle();
  }

  private async attempt(push: FhirPush, options: FhirPushOptions): Promise<PushOutcome> {
    const record = await this.studies.find(push.studyInstanceUid);
    if (!record || record.kind === null) return { ok: false, retry: false, httpStatus: null, error: 'the study has no parsed dose report to push' };
    return sendTransaction(options, radiationDosePushBundle(fhirStudyInput(record)));
  }

  private recordSettled(push: FhirPush, outcome: PushOutcome, { result, attempts, nextAttemptAt, seconds }: Settlement): void {
    this.metrics?.fhirPushAttempted(METRIC_OUTCOME[result], seconds);
    const logged = { studyInstanceUid: push.studyInstanceUid, site: push.site, attempts, httpStatus: outcome.httpStatus, seconds: Number(seconds.toFixed(3)) };
    if (result === 'succeeded') this.log.log({ msg: 'fhir dose summary pushed', ...logged });
    // The server's diagnostics stay in the journal: they may quote the resource, patient identifier included.
    else if (result === 'failed') this.log.warn({ msg: 'fhir dose summary refused by the server, not retried until the study changes', ...logged });
    else this.log.warn({ msg: 'fhir dose summary push failed, will retry', ...logged, nextAttemptAt });
  }
}
