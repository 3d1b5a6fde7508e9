import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsNull, Not, type Repository } from 'typeorm';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { ensureTopics, KafkaEventPublisher, MessagingModule, type KafkaSettings } from '@kerma/messaging';
import {
  createTestDatabase,
  describeIntegration,
  eventually,
  findFreePort,
  generateRdsr,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  type TestDatabase,
} from '@kerma/testing';
import { IngestModule } from '../ingest.module';
import { StoredObject } from '../persistence/stored-object.entity';
import { OutboxRelay } from './outbox-relay';
import { RdsrReceivedPublisher } from './rdsr-received.publisher';

const marker = `outbox-${randomUUID().slice(0, 8)}`;

describeIntegration(['kafka', 'postgres'])('ingest outbox on PostgreSQL: claims of several relays never overlap', () => {
  const brokers = integrationKafkaBrokers();
  const settings: KafkaSettings = { brokers, serviceId: `kerma-ingest-${marker}`, partitions: 3, replicationFactor: 1 };
  const replicas: { app: INestApplication; url: string }[] = [];
  let db: TestDatabase;
  let workDir: string;

  /** One ingest replica: its own process state and producer, the shared database and archive (ReadWriteMany). */
  async function replica(outboxIntervalMs: number): Promise<{ app: INestApplication; url: string }> {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    @Module({
      imports: [
        MessagingModule.register(new KafkaEventPublisher(settings)),
        IngestModule.register({
          database: { kind: 'postgres', url: db.url },
          storageDir: join(workDir, 'archive'),
          publicBaseUrl: url,
          defaultSite: marker,
          maxRequestBytes: 64 * 1024 * 1024,
          outboxIntervalMs,
        }),
      ],
    })
    class ReplicaModule {}
    const app = await NestFactory.create(ReplicaModule, { logger: process.env.INT_LOG ? undefined : false });
    await app.listen(port, '127.0.0.1');
    const started = { app, url };
    replicas.push(started);
    return started;
  }

  function objects(app: INestApplication): Repository<StoredObject> {
    return app.get<Repository<StoredObject>>(getRepositoryToken(StoredObject, 'ingest'));
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-outbox-replicas-'));
    db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_ingest_outbox');
    await ensureTopics(settings);
  }, 120_000);

  afterAll(async () => {
    for (const { app } of replicas) await app.close();
    await db?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('claims made at the same moment over several connections get disjoint batches, oldest first, and leave nothing claimed unreturned', async () => {
    const { app } = await replica(600_000);
    await app.get(OutboxRelay).idle();
    const repository = objects(app);
    const start = Date.parse('2026-01-01T00:00:00Z');
    await repository.insert(
      Array.from({ length: 50 }, (_, i) => ({
        id: randomUUID(),
        sopInstanceUid: `2.25.${Date.now()}.${i}`,
        sopClassUid: '1.2.840.10008.5.1.4.1.1.88.67',
        studyInstanceUid: `2.25.${Date.now()}`,
        site: marker,
        patientKey: 'k'.repeat(64),
        patientId: null,
        patientIdIssuer: null,
        sha256: 'c'.repeat(64),
        sizeBytes: 1,
        source: 'stow' as const,
        receivedAt: new Date(start + i * 1000).toISOString(),
        publishedAt: null,
        eventId: randomUUID(),
        reprocess: false,
        claimedUntil: null,
        traceHeaders: null,
      })),
    );

    // Eight claims of ten at once, each on its own pooled connection, as eight replicas' relays would be.
    const publisher = app.get(RdsrReceivedPublisher);
    const batches = await Promise.all(Array.from({ length: 8 }, () => publisher.claimBatch(10)));
    const ids = batches.flat().map((o) => o.id);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
    for (const batch of batches) expect(batch.map((o) => o.receivedAt)).toEqual(batch.map((o) => o.receivedAt).sort());
    expect((await repository.findBy({ claimedUntil: Not(IsNull()) })).map((o) => o.id).sort()).toEqual([...ids].sort());
    // Nothing is left to claim while those claims are live.
    expect(await publisher.claimBatch(10)).toEqual([]);
    await repository.delete({ site: marker });
  }, 120_000);

  it('two replicas storing and relaying at once, with their relays kicked every few milliseconds, announce each object exactly once on Kafka', async () => {
    const [a, b] = [await replica(50), await replica(50)];
    const counts = new Map<string, number>();
    const positions = new Map<number, number>();
    const reader: Consumer = new Kafka({ clientId: `reader-${marker}`, brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `reader-${marker}` });
    await reader.connect();
    await reader.subscribe({ topic: RdsrReceivedV1.topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ partition, message }) => {
        positions.set(partition, Number(message.offset) + 1);
        const event = JSON.parse(message.value!.toString()) as RdsrReceivedV1;
        if (event.site === marker) counts.set(event.objectId, (counts.get(event.objectId) ?? 0) + 1);
      },
    });
    const racing = setInterval(() => {
      a.app.get(OutboxRelay).kick();
      b.app.get(OutboxRelay).kick();
    }, 3);
    try {
      const seed = Date.now() % 1_000_000_007;
      const statuses = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const response = await fetch(`${(i % 2 === 0 ? a : b).url}/dicomweb/studies`, {
            method: 'POST',
            headers: { 'content-type': 'application/dicom' },
            body: Buffer.from(generateRdsr(procedureSpec({ seed: seed + i, events: 2 }))),
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(40);
      await eventually(
        async () => ((await objects(a.app).countBy({ site: marker, publishedAt: IsNull() })) === 0 ? true : undefined),
        'every object marked published',
      );
    } finally {
      clearInterval(racing);
    }
    await Promise.all([a.app.get(OutboxRelay).idle(), b.app.get(OutboxRelay).idle()]);

    // Every announcement either relay could have made is on the broker now: read up to the end of each partition.
    const admin = new Kafka({ clientId: `admin-${marker}`, brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(RdsrReceivedV1.topic);
    await admin.disconnect();
    await eventually(
      async () => (ends.every((e) => (positions.get(e.partition) ?? 0) >= Number(e.high)) ? true : undefined),
      'the reader at the end of every partition',
    );
    await reader.disconnect();

    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await objects(a.app).countBy({ site: marker })).toBe(40);
  }, 240_000);
});
