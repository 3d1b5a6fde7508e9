import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { radiationDosePushBundle } from '@kerma/fhir';
import { KermaMetrics, SingleFlight } from '@kerma/platform';
import { StudyRecordsService } from '../studies/study-records.service';
import { fhirStudyInput } from './fhir-study-input';
import { FhirPush } from './fhir-push.entity';
import { FHIR_PUSH_OPTIONS, type FhirPushOptions } from './fhir-push-options';
import { sendTransaction, type PushOutcome } from './fhir-push-sender';

/** Pushes attempted side by side per run. */
const BATCH = 10;
/** Slack beyond the attempt timeout before another process may take over a leased push. */
const LEASE_MARGIN_MS = 30_000;
/** The longest a due push waits for the dispatcher's next look at the journal. */
const MAX_POLL_MS = 1_000;

/** Wait after the given failed attempt (1-based) before the next one: exponential, capped. */
export function pushRetryDelayMs(failedAttempts: number, options: Pick<FhirPushOptions, 'initialBackoffMs' | 'maxBackoffMs'>): number {
  return Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** Math.max(0, failedAttempts - 1));
}

/**
 * Sends due pushes from the journal: claims each with a lease (two history processes never push one study at the
 * same time), builds the study's push Bundle from its record as it is now, POSTs it, and records the outcome. A
 * process stopped mid-push leaves the row pending: the next one pushes it again, which updates the same resources.
 */
@Injectable()
export class FhirPushDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(FhirPushDispatcher.name);
  private timer?: NodeJS.Timeout;
  private readonly runs = new SingleFlight(
    async () => {
      while (!this.runs.isStopped && (await this.runOnce()) === BATCH);
      return 'done';
    },
    (err) => this.log.error({ msg: 'fhir push run failed', error: err.message }),
  );

  constructor(
    @InjectRepository(FhirPush, 'history') private readonly pushes: Repository<FhirPush>,
    private readonly studies: StudyRecordsService,
    @Optional() @Inject(FHIR_PUSH_OPTIONS) private readonly options?: FhirPushOptions,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options) return;
    this.metrics?.trackFhirPushBacklog(
      () => this.pending(),
      (err) => this.log.warn({ msg: 'fhir push backlog not counted', error: err.message }),
    );
    this.timer = setInterval(() => this.kick(), Math.min(MAX_POLL_MS, this.options.initialBackoffMs));
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runs.stop();
  }

  kick(): void {
    if (this.options) this.runs.kick();
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  private async pending(): Promise<{ status: string; studies: number }[]> {
    const rows = await this.pushes
      .createQueryBuilder('p')
      .select('p.status', 'status')
      .addSelect('COUNT(*)', 'studies')
      .groupBy('p.status')
      .getRawMany<{ status: string; studies: string | number }>();
    return rows.map((r) => ({ status: r.status, studies: Number(r.studies) }));
  }

  private async runOnce(): Promise<number> {
    const now = new Date().toISOString();
    const due = await this.pushes
      .createQueryBuilder('p')
      .where('p.status = :pending', { pending: 'pending' })
      .andWhere('p.next_attempt_at <= :now', { now })
      .andWhere('(p.leased_until IS NULL OR p.leased_until < :now)', { now })
      .orderBy('p.next_attempt_at', 'ASC')
      .take(BATCH)
      .getMany();
    await Promise.all(due.map((p) => this.claimAndPush(p, now)));
    return due.length;
  }

  private async claimAndPush(push: FhirPush, now: string): Promise<void> {
    const options = this.options as FhirPushOptions;
    const leasedUntil = new Date(Date.parse(now) + options.attemptTimeoutMs + LEASE_MARGIN_MS).toISOString();
    const claim = await this.pushes
      .createQueryBuilder()
      .update(FhirPush)
      .set({ leasedUntil })
      .where('study_instance_uid = :uid AND status = :pending AND generation = :generation AND (leased_until IS NULL OR leased_until < :now)', {
        uid: push.studyInstanceUid,
        pending: 'pending',
        generation: push.generation,
        now,
      })
      .execute();
    if (claim.affected !== 1) return; // another process took it, or the study changed meanwhile (the next run sees it)
    const started = process.hrtime.bigint();
    const outcome = await this.attempt(push, options);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const attempts = push.attempts + 1;
    const at = new Date();
    // Only the generation that was pushed is settled: a change during the push leaves the row pending, and our
    // lease is released so the newer state goes out on the next run rather than when the lease expires.
    const settle = async (columns: Partial<FhirPush>) => {
      const settled = await this.pushes
        .createQueryBuilder()
        .update(FhirPush)
        .set({ ...columns, leasedUntil: null })
        .where('study_instance_uid = :uid AND generation = :generation', { uid: push.studyInstanceUid, generation: push.generation })
        .execute();
      if (settled.affected !== 1) await this.pushes.update({ studyInstanceUid: push.studyInstanceUid, leasedUntil }, { leasedUntil: null });
    };
    const logged = { studyInstanceUid: push.studyInstanceUid, site: push.site, attempts, httpStatus: outcome.httpStatus, seconds: Number(seconds.toFixed(3)) };
    if (outcome.ok) {
      await settle({ status: 'pushed', attempts, pushedAt: at.toISOString(), lastError: null });
      this.metrics?.fhirPushAttempted('pushed', seconds);
      this.log.log({ msg: 'fhir dose summary pushed', ...logged });
      return;
    }
    if (!outcome.retry) {
      await settle({ status: 'refused', attempts, lastError: outcome.error });
      this.metrics?.fhirPushAttempted('refused', seconds);
      // The server's diagnostics stay in the journal: they may quote the resource, patient identifier included.
      this.log.warn({ msg: 'fhir dose summary refused by the server, not retried until the study changes', ...logged });
      return;
    }
    const nextAttemptAt = new Date(at.getTime() + pushRetryDelayMs(attempts, options)).toISOString();
    await settle({ attempts, nextAttemptAt, lastError: outcome.error });
    this.metrics?.fhirPushAttempted('retry', seconds);
    this.log.warn({ msg: 'fhir dose summary push failed, will retry', ...logged, nextAttemptAt });
  }

  private async attempt(push: FhirPush, options: FhirPushOptions): Promise<PushOutcome> {
    const record = await this.studies.find(push.studyInstanceUid);
    if (!record || record.kind === null) return { ok: false, retry: false, httpStatus: null, error: 'the study has no parsed dose report to push' };
    return sendTransaction(options, radiationDosePushBundle(fhirStudyInput(record)));
  }
}
