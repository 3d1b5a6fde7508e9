import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { RdsrReceivedPublisher } from './rdsr-received.publisher';

/**
 * Re-announces stored objects whose event did not reach the broker (broker down, process killed
 * between store and publish). Consumers are idempotent, so an occasional second announce is harmless.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly publisher: RdsrReceivedPublisher,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.relayOnce(), this.options.outboxIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async relayOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let published = 0;
      for (const object of await this.publisher.unpublished(100)) {
        const outcome = await this.publisher.tryPublish(object);
        if (outcome === 'broker-unavailable') break;
        if (outcome === 'published') published++;
      }
      if (published > 0) this.log.log({ msg: 'outbox relayed', published });
      return published;
    } finally {
      this.running = false;
    }
  }
}
