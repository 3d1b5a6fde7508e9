import { IsNull, LessThan, LessThanOrEqual, Or, type FindOptionsOrder, type FindOptionsWhere, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { SingleFlight } from '../bootstrap/single-flight';
import { retryDelayMs, type RetryTiming } from './backoff';
import { OUTBOX_PENDING, type LeasedOutboxRow } from './leased-outbox-row';

/** Slack beyond the attempt timeout before another process may take over a leased row. */
export const LEASE_MARGIN_MS = 30_000;
/** The longest a due row waits for the dispatcher's next look at the outbox. */
const MAX_POLL_MS = 1_000;

/** What one attempt came to. `retry: false`: trying again cannot help (the same attempt would be refused again). */
export type AttemptOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string; readonly retry: boolean };

/** What the dispatcher recorded of an attempt: the row succeeded, is due again at `nextAttemptAt`, or failed for good. */
export interface Settlement {
  readonly result: 'succeeded' | 'retry' | 'failed';
  /** Attempts since the row was queued, this one included. */
  readonly attempts: number;
  /** Null unless the result is retry. */
  readonly nextAttemptAt: string | null;
  /** How long the attempt took. */
  readonly seconds: number;
}

/** The backoff between attempts, and the attempts after which a retryable failure fails the row (Infinity: never). */
export interface OutboxRetryPolicy extends RetryTiming {
  readonly maxAttempts: number;
}

/** An outbox table and what to do with its rows. */
export interface LeasedOutbox<Row extends LeasedOutboxRow<string>, Outcome extends AttemptOutcome> {
  readonly rows: Repository<Row>;
  /** The property that names a row (its primary key). */
  readonly key: keyof Row & string;
  /**
   * A property that changes whenever the row is queued anew (its attempts, or a generation raised on each change):
   * a row is claimed only as it was read, and an outcome settles only the version that was attempted.
   */
  readonly version: keyof Row & string;
  /** Rows attempted side by side per run. */
  readonly batch: number;
  /** The longest one attempt can take: a claim's lease lasts LEASE_MARGIN_MS beyond it. */
  readonly attemptTimeoutMs: number;
  readonly retry: OutboxRetryPolicy;
  /** What a row that succeeded is marked with: its status, and the property that records when. */
  readonly succeeded: { readonly status: Row['status']; readonly at: keyof Row & string };
  /** The status of a row that failed for good. */
  readonly failed: Row['status'];
  attempt(row: Row): Promise<Outcome>;
  /** Told once the outcome is recorded (logs, metrics). */
  settled(row: Row, outcome: Outcome, settlement: Settlement): void;
  /** A run that threw (the database is unreachable, an attempt threw): the next kick or poll starts another. */
  runFailed(err: Error): void;
}

/**
 * Attempts the due rows of an outbox table: claims each with a lease (so two processes never attempt one row at the
 * same time), attempts it, and records the outcome — succeeded, due again after an exponential backoff, or failed
 * (refused, or out of attempts). A process stopped mid-attempt leaves the row pending under its lease: once the lease
 * has expired, the next run attempts it again (at least once).
 */
export class LeasedOutboxDispatcher<Row extends LeasedOutboxRow<string>, Outcome extends AttemptOutcome> {
  private readonly runs: SingleFlight;

  constructor(private readonly outbox: LeasedOutbox<Row, Outcome>) {
    this.runs = new SingleFlight(
      async () => {
        while (!this.runs.isStopped && (await this.runOnce()) === outbox.batch);
        return 'done';
      },
      (err) => outbox.runFailed(err),
    );
  }

  /** Looks at the outbox now, then at least every second (more often when the first backoff is shorter). */
  start(): void {
    this.runs.kickEvery(Math.min(MAX_POLL_MS, this.outbox.retry.initialBackoffMs));
    this.kick();
  }

  /** No new attempt starts; resolves once those in flight are recorded. */
  stop(): Promise<void> {
    return this.runs.stop();
  }

  /** Asks for a run now; returns at once. */
  kick(): void {
    this.runs.kick();
  }

  /** Resolves once no run is in progress or asked for. */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /** Rows per status (the pending ones are the backlog). */
  async countByStatus(): Promise<{ status: string; count: number }[]> {
    const counts = await this.outbox.rows
      .createQueryBuilder('r')
      .select('r.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('r.status')
      .getRawMany<{ status: string; count: string | number }>();
    return counts.map((c) => ({ status: c.status, count: Number(c.count) }));
  }

  /** Attempts up to one batch of due rows, the longest due first; returns how many were due. */
  private async runOnce(): Promise<number> {
    const now = new Date().toISOString();
    const due = await this.outbox.rows.find({
      where: { status: OUTBOX_PENDING, nextAttemptAt: LessThanOrEqual(now), leasedUntil: leaseFree(now) } as FindOptionsWhere<Row>,
      order: { nextAttemptAt: 'ASC' } as FindOptionsOrder<Row>,
      take: this.outbox.batch,
    });
    await Promise.all(due.map((row) => this.claimAndAttempt(row, now)));
    return due.length;
  }

  private async claimAndAttempt(row: Row, now: string): Promise<void> {
    const leasedUntil = new Date(Date.parse(now) + this.outbox.attemptTimeoutMs + LEASE_MARGIN_MS).toISOString();
    const claim = await this.outbox.rows.update(this.asRead(row, { status: OUTBOX_PENDING, leasedUntil: leaseFree(now) }), columns<Row>({ leasedUntil }));
    if (claim.affected !== 1) return; // another process took it, or it was queued anew meanwhile (the next run sees it)
    const started = process.hrtime.bigint();
    const outcome = await this.outbox.attempt(row);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const at = new Date();
    const settlement: Settlement = { ...settlementOf(outcome, row.attempts + 1, at, this.outbox.retry), seconds };
    await this.settle(row, leasedUntil, this.columnsOf(settlement, outcome, at));
    this.outbox.settled(row, outcome, settlement);
  }

  /**
   * Only the version that was attempted is settled: a row queued anew during the attempt stays pending, and the
   * lease is released so the newer version goes out on the next run rather than when the lease expires.
   */
  private async settle(row: Row, leasedUntil: string, settled: QueryDeepPartialEntity<Row>): Promise<void> {
    const done = await this.outbox.rows.update(this.asRead(row, {}), { ...settled, leasedUntil: null });
    if (done.affected !== 1)
      await this.outbox.rows.update({ [this.outbox.key]: row[this.outbox.key], leasedUntil } as FindOptionsWhere<Row>, columns<Row>({ leasedUntil: null }));
  }

  private columnsOf(settlement: Settlement, outcome: AttemptOutcome, at: Date): QueryDeepPartialEntity<Row> {
    const { attempts } = settlement;
    if (outcome.ok) return columns<Row>({ status: this.outbox.succeeded.status, attempts, [this.outbox.succeeded.at]: at.toISOString(), lastError: null });
    if (settlement.result === 'failed') return columns<Row>({ status: this.outbox.failed, attempts, lastError: outcome.error });
    return columns<Row>({ attempts, nextAttemptAt: settlement.nextAttemptAt, lastError: outcome.error });
  }

  /** The row by its key, as long as its version is still the one read. */
  private asRead(row: Row, more: Record<string, unknown>): FindOptionsWhere<Row> {
    const { key, version } = this.outbox;
    return { [key]: row[key], [version]: row[version], ...more } as FindOptionsWhere<Row>;
  }
}

/** No lease, or one that has expired (its holder stopped mid-attempt). */
function leaseFree(now: string) {
  return Or(IsNull(), LessThan(now));
}

function settlementOf(outcome: AttemptOutcome, attempts: number, at: Date, retry: OutboxRetryPolicy): Omit<Settlement, 'seconds'> {
  if (outcome.ok) return { result: 'succeeded', attempts, nextAttemptAt: null };
  if (!outcome.retry || attempts >= retry.maxAttempts) return { result: 'failed', attempts, nextAttemptAt: null };
  return { result: 'retry', attempts, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts, retry)).toISOString() };
}

function columns<Row>(values: Record<string, unknown>): QueryDeepPartialEntity<Row> {
  return values as QueryDeepPartialEntity<Row>;
}
