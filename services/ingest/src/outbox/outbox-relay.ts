import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SingleFlight } from '@kerma/platform';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { RdsrReceivedPublisher } from './rdsr-received.publisher';

/** Objects announced per batch read from the outbox. */
const BATCH = 100;

/**
 * The only path by which stored objects are announced. Intake kicks it right after each store
 * (so latency stays low) without waiting for it; the interval is the fallback that retries what
 * the broker did not take. One run at a time in this process (a kick during a run asks for one
 * more run); across processes each object is claimed before it is announced.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  // A refused broker ends the series: the interval retries.
  private readonly runs = new SingleFlight(
    async () => ((await this.relayOnce()) === 'broker-unavailable' ? 'stop' : 'done'),
    (err) => this.log.error({ msg: 'outbox run failed', error: err.message }),
  );

  constructor(
    private readonly publisher: RdsrReceivedPublisher,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // A SQLite archive database belongs to this one process: any claim in it was left by a previous run
    // that stopped mid-publish (kill -9), and waiting for it to expire would only delay the announcement.
    // With PostgreSQL another replica may hold a live claim, so claims expire on their own there.
    if (this.options.database.kind === 'sqlite') await this.publisher.releaseClaims();
    this.runs.kickEvery(this.options.outboxIntervalMs);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runs.stop();
  }

  /** Asks for a run now; returns at once. */
  kick(): void {
    this.runs.kick();
  }

  /** Resolves once no run is in progress or asked for. */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /** Announces every unpublished object, oldest first, a claimed batch at a time, until the outbox is empty or the broker refuses. */
  private async relayOnce(): Promise<'empty' | 'broker-unavailable'> {
    let published = 0;
    try {
      for (;;) {
        const batch = await this.publisher.claimBatch(BATCH);
        if (batch.length === 0) return 'empty';
        if ((await this.publisher.publishClaimed(batch)) === 'broker-unavailable') return 'broker-unavailable';
        published += batch.length;
        if (batch.length < BATCH) return 'empty';
      }
    } finally {
      if (published > 0) this.log.log({ msg: 'outbox relayed', published });
    }
  }
}
