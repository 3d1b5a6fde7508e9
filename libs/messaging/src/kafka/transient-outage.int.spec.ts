import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RdsrReceivedV1, type DeadLetter, type RdsrReceivedV1 as RdsrReceived } from '@kerma/contracts';
import {
  createTestDatabase,
  describeIntegration,
  findFreePort,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  type TestDatabase,
  readTopic,
} from '@kerma/testing';
import { rdsrReceivedV1Message } from '@kerma/testing/messages';
import { ConsumeEvent } from '../consume-event.decorator';
import { classifyFailure, HttpStatusError, PermanentFailure } from '../failures';
import { KafkaEventPublisher } from './kafka-publisher';
import { KermaKafkaServer } from './kafka-server';
import { ensureTopics } from './topic-admin';

const marker = `outage-${randomUUID().slice(0, 8)}`;
const attempts: string[] = [];
const handled: string[] = [];
const behaviour = new Map<string, () => Promise<void>>();

@Controller()
class OutageProbe {
  @ConsumeEvent(RdsrReceivedV1, 'probe-outage')
  async on(@Payload() event: RdsrReceived): Promise<void> {
    if (event.site !== marker) return;
    attempts.push(event.sopInstanceUid);
    await behaviour.get(event.sopInstanceUid)?.();
    handled.push(event.sopInstanceUid);
  }
}

@Module({ controllers: [OutageProbe] })
class OutageModule {}

/** Every event has the same patient, so one partition: later events wait behind a blocked one. */
const event = (sopInstanceUid: string) => rdsrReceivedV1Message({ site: marker, sopInstanceUid });

/** A TCP relay to PostgreSQL that can be "down" (its port refuses connections) and come back. */
class PostgresRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise((r) => this.server!.close(r));
    this.server = null;
  }
}

describeIntegration(['kafka', 'postgres'])('Kafka transport while a dependency is down: wait, never dead-letter', () => {
  const brokers = integrationKafkaBrokers();
  const settings = { brokers, serviceId: `kerma-probe-${marker}`, partitions: 3, replicationFactor: 1 };
  let service: INestMicroservice;
  let publisher: KafkaEventPublisher;
  let dlqConsumer: Consumer;
  let database: TestDatabase;
  let relay: PostgresRelay;
  let http: HttpServer | undefined;
  const letters: DeadLetter[] = [];
  const groupJoins: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(integrationPgAdminUrl(), 'kerma_outage');
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('CREATE TABLE delivered (sop_instance_uid TEXT NOT NULL)');
    await admin.end();
    const target = new URL(database.url);
    relay = new PostgresRelay(await findFreePort(), { host: target.hostname, port: Number(target.port || 5432) });

    await ensureTopics(settings);
    const server = new KermaKafkaServer(settings, { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 200, transientMaxBackoffMs: 2000 });
    service = await NestFactory.createMicroservice(OutageModule, { strategy: server, logger: false });
    await service.listen();
    const [, consumer] = server.unwrap<[unknown, Consumer]>();
    consumer.on(consumer.events.GROUP_JOIN, () => void groupJoins.push(Date.now()));
    publisher = new KafkaEventPublisher(settings);
    dlqConsumer = await readTopic(brokers, RdsrReceivedV1.deadLetterTopic, `dlq-reader-${marker}`, (message) => {
      const letter = JSON.parse(message.value!.toString()) as DeadLetter;
      if (letter.original.includes(marker)) letters.push(letter);
    });
  });

  afterAll(async () => {
    await dlqConsumer?.disconnect();
    await publisher?.onApplicationShutdown();
    await service?.close();
    await relay?.down();
    if (http) await new Promise((r) => http!.close(r));
    await database?.drop();
  });

  it('classifies a PostgreSQL connection ended by the administrator (57P01, through TypeORM) as transient', async () => {
    const source = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    try {
      const err = await source.query('SELECT pg_terminate_backend(pg_backend_pid())').then(
        () => new Error('the backend was not terminated'),
        (e: unknown) => e,
      );
      expect(classifyFailure(err)).toMatchObject({ kind: 'transient' });
    } finally {
      await source.destroy().catch(() => undefined);
    }
  });

  it('waits out an HTTP peer and a database that are down far longer than the retries of unknown failures, then delivers once; a PermanentFailure still dead-letters at once', async () => {
    const httpPort = await findFreePort();
    let httpHits = 0;
    let httpDownFor: number | undefined;
    let dbDownFor: number | undefined;
    let dbOutageStartedAt = 0;

    // 2.1: ingest's HTTP endpoint refuses connections for 5 s, then answers 503 for 3 s, then serves.
    behaviour.set('2.1', async () => {
      if (httpDownFor === undefined) {
        const started = Date.now();
        httpDownFor = 0;
        setTimeout(() => {
          http = createHttpServer((_req, res) => {
            const healthy = Date.now() - started >= 8_000;
            if (healthy) httpHits++;
            res.writeHead(healthy ? 200 : 503).end();
            if (healthy) httpDownFor = Date.now() - started;
          }).listen(httpPort, '127.0.0.1');
        }, 5_000);
      }
      const url = `http://127.0.0.1:${httpPort}/api/v1/instances/x/file`;
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new HttpStatusError(url, response.status);
    });
    // 2.2: the database is unreachable for 35 s, longer than the consumer's 30 s session: heartbeats keep the partition.
    behaviour.set('2.2', async () => {
      if (!dbOutageStartedAt) {
        dbOutageStartedAt = Date.now();
        setTimeout(() => void relay.up().then(() => (dbDownFor = Date.now() - dbOutageStartedAt)), 35_000);
      }
      const url = new URL(database.url);
      const client = new Client({
        host: '127.0.0.1',
        port: relay.port,
        user: url.username || 'postgres',
        password: url.password || undefined,
        database: database.name,
        connectionTimeoutMillis: 2_000,
      });
      await client.connect();
      try {
        await client.query('INSERT INTO delivered (sop_instance_uid) VALUES ($1)', ['2.2']);
      } finally {
        await client.end();
      }
    });
    behaviour.set('2.3', async () => {
      throw new PermanentFailure('unreadable report', 'truncated');
    });

    for (const sop of ['2.1', '2.2', '2.3', '2.4']) await publisher.publish(RdsrReceivedV1, event(sop));

    const deadline = Date.now() + 100_000;
    while (Date.now() < deadline && !(handled.includes('2.4') && letters.length >= 1)) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 3_000)); // room for a wrong redelivery or a late dead letter to show

    expect(httpDownFor).toBeGreaterThanOrEqual(8_000);
    expect(dbDownFor).toBeGreaterThanOrEqual(35_000);
    expect(handled).toEqual(['2.1', '2.2', '2.4']);
    expect(attempts.filter((a) => a === '2.1').length).toBeGreaterThan(3);
    expect(attempts.filter((a) => a === '2.2').length).toBeGreaterThan(3);
    expect(httpHits).toBe(1);
    const check = new Client({ connectionString: database.url });
    await check.connect();
    const { rows } = await check.query('SELECT count(*)::int AS n FROM delivered');
    await check.end();
    expect(rows[0].n).toBe(1);
    expect(groupJoins.filter((t) => t > dbOutageStartedAt)).toEqual([]);

    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0].original).sopInstanceUid).toBe('2.3');
    expect(letters[0]).toMatchObject({ attempts: 1, error: { kind: 'permanent', code: 'truncated' } });
    expect(attempts.filter((a) => a === '2.3')).toHaveLength(1);
  }, 150_000);
});

describeIntegration(['kafka'])('Kafka transport: a rebalance while a message waits for its dependency', () => {
  const brokers = integrationKafkaBrokers();
  const settings = { brokers, serviceId: `kerma-probe-rebalance-${marker}`, partitions: 3, replicationFactor: 1 };
  const replicas: INestMicroservice[] = [];
  /** When the first replica (re)joined its group. */
  const firstReplicaJoins: number[] = [];
  let http: HttpServer | undefined;

  async function startReplica(): Promise<void> {
    const server = new KermaKafkaServer(settings, { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 200, transientMaxBackoffMs: 1000 });
    const replica = await NestFactory.createMicroservice(OutageModule, { strategy: server, logger: false });
    await replica.listen();
    if (replicas.length === 0) {
      const [, consumer] = server.unwrap<[unknown, Consumer]>();
      consumer.on(consumer.events.GROUP_JOIN, () => void firstReplicaJoins.push(Date.now()));
    }
    replicas.push(replica);
  }

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    if (http) await new Promise((r) => http!.close(r));
  });

  it("hands the waiting message to the partition's owner after the rebalance, which delivers it once", async () => {
    // This new group reads the topic from the beginning: earlier messages of this run just pass through.
    behaviour.clear();
    await ensureTopics(settings);
    await startReplica();
    const httpPort = await findFreePort();
    let secondJoinedAt = 0;
    let dependencyBackAt = Infinity;
    let hits = 0;
    behaviour.set('3.1', async () => {
      if (!secondJoinedAt) {
        secondJoinedAt = Date.now();
        void startReplica();
        // The dependency comes back well after the group has rebalanced.
        setTimeout(() => {
          dependencyBackAt = Date.now();
          http = createHttpServer((_req, res) => {
            hits++;
            res.writeHead(200).end();
          }).listen(httpPort, '127.0.0.1');
        }, 15_000);
      }
      const response = await fetch(`http://127.0.0.1:${httpPort}/`, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) throw new HttpStatusError(`http://127.0.0.1:${httpPort}/`, response.status);
    });
    const publisher = new KafkaEventPublisher(settings);
    try {
      await publisher.publish(RdsrReceivedV1, event('3.1'));
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && !handled.includes('3.1')) await new Promise((r) => setTimeout(r, 250));
      await new Promise((r) => setTimeout(r, 5_000)); // room for a second delivery to show
    } finally {
      await publisher.onApplicationShutdown();
    }
    // The first replica, still waiting on the message, learned of the rebalance by its heartbeat and rejoined
    // before the dependency came back (without heartbeats it would rejoin only after finishing the message).
    expect(firstReplicaJoins.filter((t) => t > secondJoinedAt && t < dependencyBackAt).length).toBeGreaterThanOrEqual(1);
    expect(handled.filter((h) => h === '3.1')).toHaveLength(1);
    expect(hits).toBe(1);
  }, 150_000);
});
