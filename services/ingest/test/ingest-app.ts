import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventPublisher, InProcessBus, InProcessEventPublisher, MessagingModule } from '@kerma/messaging';
import type { EventContract } from '@kerma/contracts';
import { findFreePort } from '@kerma/testing';
import { IngestModule } from '../src/ingest.module';
import type { IngestOptions } from '../src/ingest-options';

/**
 * The in-process publisher behind a switch: while `down`, every publish fails as a Kafka producer
 * does when the broker is unreachable (after its own retries), so the outbox has to carry the events.
 */
export class SwitchablePublisher extends EventPublisher {
  down = false;
  attempts = 0;
  /** Time a broker takes to acknowledge, as over a network. */
  latencyMs = 0;

  constructor(private readonly inner: InProcessEventPublisher) {
    super();
  }

  async publish<T>(contract: EventContract<T>, payload: T): Promise<void> {
    this.attempts++;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.down) throw new Error('broker unavailable: connection refused');
    await this.inner.publish(contract, payload);
  }
}

export interface IngestTestApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly bus: InProcessBus;
  readonly publisher: SwitchablePublisher;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The ingest service alone over real HTTP, with its SQLite database and archive in a scratch folder. */
export async function startIngestApp(options: Partial<IngestOptions> = {}): Promise<IngestTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kerma-ingest-'));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const bus = new InProcessBus();
  const publisher = new SwitchablePublisher(new InProcessEventPublisher(bus));

  @Module({
    imports: [
      MessagingModule.register(publisher),
      IngestModule.register({
        database: { kind: 'sqlite', path: join(dataDir, 'ingest.sqlite') },
        storageDir: join(dataDir, 'archive'),
        publicBaseUrl: url,
        defaultSite: 'test',
        maxRequestBytes: 64 * 1024 * 1024,
        outboxIntervalMs: 60_000,
        ...options,
      }),
    ],
  })
  class IngestTestModule {}

  const app = await NestFactory.create(IngestTestModule, { logger: process.env.TEST_LOG ? undefined : false });
  await app.listen(port, '127.0.0.1');
  return {
    app,
    url,
    bus,
    publisher,
    dataDir,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
