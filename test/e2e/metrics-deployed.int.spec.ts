import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { ApiKeyV1, RdsrReceivedV1, StudyParsedV2 } from '@kerma/contracts';
import {
  createTestDatabase,
  describeIntegration,
  findFreePort,
  generateRdsr,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  procedureSpec,
  type TestDatabase,
} from '@kerma/testing';
import { eventually, getJson, stow, storedCount } from '@kerma/testing';
import { sampleValue, scrape } from '../support/prometheus-text';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

const SERVICES = ['ingest', 'parser'] as const;
const PARTITIONS = 3;

describeIntegration(['kafka', 'postgres'])('deployed services: /metrics with the Kafka transport series, /health/ready following PostgreSQL', () => {
  const brokers = integrationKafkaBrokers();
  const adminUrl = integrationPgAdminUrl();
  const spec = procedureSpec({ seed: Date.now() % 1_000_000_007, events: 4 });
  const processes = new Map<string, ServiceProcess>();
  const databases = new Map<string, TestDatabase>();
  let workDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-metrics-deployed-'));
    for (const service of SERVICES) {
      const db = await createTestDatabase(adminUrl, `kerma_metrics_${service}`);
      databases.set(service, db);
      const port = await findFreePort();
      processes.set(
        service,
        startServiceProcess(
          service,
          port,
          {
            KAFKA_BROKERS: brokers.join(','),
            KAFKA_PARTITIONS: String(PARTITIONS),
            DATABASE_URL: db.url,
            PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
            ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'metrics-int' } : {}),
          },
          workDir,
        ),
      );
    }
    await Promise.all([...processes.values()].map((p) => waitUntilServing(p)));
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...processes.values()].map(stopServiceProcess));
    for (const db of databases.values()) await allowConnections(db.name, true).catch(() => undefined);
    for (const db of databases.values()) await db.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const url = (service: (typeof SERVICES)[number]) => processes.get(service)!.url;

  it('counts what ingest produced and the parser handler calls, and exposes the parser group lag per partition as the broker reports it', async () => {
    const result = await stow(url('ingest'), [generateRdsr(spec)]);
    expect(storedCount(result)).toBe(1);
    try {
      // On a shared broker the parser group may also hold other runs' messages (some waiting for an ingest long
      // gone): the scraped lag must equal what the broker says, partition by partition, whatever it is.
      const parser = await eventually(
        async () => {
          const samples = await scrape(url('parser'));
          // A message waiting for a dependency blocks the group (one partition at a time): count handler calls, whatever their result.
          const handlerCalls = samples
            .filter(
              (s) => s.name === 'kerma_message_handler_duration_seconds_count' && s.labels.group === 'kerma-parser' && s.labels.topic === RdsrReceivedV1.topic,
            )
            .reduce((sum, s) => sum + s.value, 0);
          const scraped = samples
            .filter((s) => s.name === 'kerma_consumer_lag_messages' && s.labels.topic === RdsrReceivedV1.topic && s.labels.group === 'kerma-parser')
            .map((s) => [s.labels.partition, s.value] as const)
            .sort();
          const expected = await brokerLag('kerma-parser', RdsrReceivedV1.topic);
          return handlerCalls >= 1 && scraped.length === PARTITIONS && JSON.stringify(scraped) === JSON.stringify(expected) ? samples : undefined;
        },
        'parser handler calls, and its scraped lag to match the broker',
        120_000,
      );
      // Lag 0 everywhere means every message was concluded, ours included: then the consumed and produced counters moved.
      if (parser.filter((s) => s.name === 'kerma_consumer_lag_messages' && s.labels.topic === RdsrReceivedV1.topic).every((s) => s.value === 0)) {
        expect(
          sampleValue(parser, 'kerma_messages_consumed_total', { service: 'parser', topic: RdsrReceivedV1.topic, group: 'kerma-parser', outcome: 'handled' }),
        ).toBeGreaterThanOrEqual(1);
        expect(sampleValue(parser, 'kerma_messages_produced_total', { service: 'parser', topic: StudyParsedV2.topic })).toBeGreaterThanOrEqual(1);
      }
      expect(sampleValue(parser, 'kerma_process_resident_memory_bytes', { service: 'parser' })).toBeGreaterThan(0);

      const ingest = await scrape(url('ingest'));
      expect(sampleValue(ingest, 'kerma_messages_produced_total', { service: 'ingest', topic: RdsrReceivedV1.topic })).toBeGreaterThanOrEqual(1);
      expect(sampleValue(ingest, 'kerma_http_requests_total', { service: 'ingest', route: '/dicomweb/studies', method: 'POST', status: '200' })).toBe(1);
      // Ingest consumes only its copy of the API keys: no lag series of any other topic rather than an invented 0.
      expect(new Set(ingest.filter((s) => s.name === 'kerma_consumer_lag_messages').map((s) => s.labels.topic))).toEqual(new Set([ApiKeyV1.topic]));
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- parser log ---\n${logTail(processes.get('parser')!)}`);
    }
  }, 180_000);

  it('is ready with its database, the broker and (ingest) the archive; answers 503 naming the database while PostgreSQL refuses it, ready again after', async () => {
    const ingest = await getJson(`${url('ingest')}/health/ready`);
    expect(ingest).toEqual({
      status: 200,
      body: { status: 'ready', checks: { archive: { status: 'ok' }, broker: { status: 'ok' }, 'database:ingest': { status: 'ok' } } },
    });
    expect((await getJson(`${url('parser')}/health/ready`)).status).toBe(200);

    const parserDb = databases.get('parser')!;
    await allowConnections(parserDb.name, false);
    try {
      const down = await getJson(`${url('parser')}/health/ready`);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('unavailable');
      expect(down.body.checks.broker).toEqual({ status: 'ok' });
      expect(down.body.checks['database:parser'].status).toBe('failed');
      expect(down.body.checks['database:parser'].error).toMatch(/not currently accepting connections|terminat/);
      // Liveness is not readiness: the process is alive and must not be restarted for it.
      expect((await getJson(`${url('parser')}/health`)).status).toBe(200);
      // The other service's database is untouched.
      expect((await getJson(`${url('ingest')}/health/ready`)).status).toBe(200);
    } finally {
      await allowConnections(parserDb.name, true);
    }
    await eventually(async () => ((await getJson(`${url('parser')}/health/ready`)).status === 200 ? true : undefined), 'the parser ready again', 30_000);
  }, 120_000);

  /** Lag per partition as the broker reports it: high watermark minus the committed offset (the log start when none). */
  async function brokerLag(groupId: string, topic: string): Promise<(readonly [string, number])[]> {
    const admin = new Kafka({ clientId: 'metrics-int-lag', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      return ends
        .map((p) => {
          const offset = Number(committed.partitions.find((c) => c.partition === p.partition)?.offset ?? '-1');
          const from = Math.max(offset, Number(p.low));
          return [String(p.partition), Number(p.high) - from] as const;
        })
        .sort();
    } finally {
      await admin.disconnect();
    }
  }

  /** Refuses (and cuts) every connection to one test database, or allows them again; other databases are untouched. */
  async function allowConnections(database: string, allow: boolean): Promise<void> {
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow ? 'true' : 'false'}`);
      if (!allow) await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    } finally {
      await client.end();
    }
  }
});
