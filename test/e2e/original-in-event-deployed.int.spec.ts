import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RdsrReceivedV1, StudyParsedV2 } from '@kerma/contracts';
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
import { eventually, stow, storedCount } from '@kerma/testing';
import { skipEarlierAnnouncements } from '../support/kafka-groups';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

/** Compressed originals up to this size travel in rdsr.received; the large report below is over it. */
const CEILING_BYTES = 20_000;

describeIntegration(['kafka', 'postgres'])('deployed mode: the parser reads the original from the event, without ingest', () => {
  const brokers = integrationKafkaBrokers();
  const seed = Date.now() % 1_000_000_007;
  // Twelve events compress to a few kB; three hundred to about 60 kB, over the ceiling.
  const small = procedureSpec({ seed, vendor: 'siemens', events: 12 });
  const large = procedureSpec({ seed: seed + 1, vendor: 'philips-allura', events: 300 });
  const announced = new Map<string, RdsrReceivedV1>();
  const parsed = new Set<string>();
  const databases: TestDatabase[] = [];
  let workDir: string;
  let ingestEnv: Record<string, string>;
  let ingestPort: number;
  let parserEnv: Record<string, string>;
  let ingest: ServiceProcess | undefined;
  let parser: ServiceProcess | undefined;
  let reader: Consumer;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-original-in-event-'));
    const [ingestDb, parserDb] = [
      await createTestDatabase(integrationPgAdminUrl(), 'kerma_oie_ingest'),
      await createTestDatabase(integrationPgAdminUrl(), 'kerma_oie_parser'),
    ];
    databases.push(ingestDb, parserDb);
    ingestPort = await findFreePort();
    ingestEnv = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_PARTITIONS: '3',
      DATABASE_URL: ingestDb.url,
      LOG_LEVEL: 'log',
      PUBLIC_BASE_URL: `http://127.0.0.1:${ingestPort}`,
      STORAGE_DIR: join(workDir, 'archive'),
      MAX_EMBEDDED_ORIGINAL_BYTES: String(CEILING_BYTES),
      OUTBOX_INTERVAL_MS: '500',
    };
    parserEnv = { KAFKA_BROKERS: brokers.join(','), KAFKA_PARTITIONS: '3', DATABASE_URL: parserDb.url, LOG_LEVEL: 'log' };

    // Creates the topics too (auto-create is off), so the reader below can subscribe before any service runs.
    await skipEarlierAnnouncements(brokers, 3);
    reader = new Kafka({ clientId: 'e2e-original-in-event', brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `e2e-original-in-event-${seed}` });
    await reader.connect();
    await reader.subscribe({ topics: [RdsrReceivedV1.topic, StudyParsedV2.topic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        // A reused broker holds earlier runs' events (benchmarks leave thousands): only this run's studies are read.
        const text = message.value!.toString();
        if (!text.includes(small.study.studyInstanceUid) && !text.includes(large.study.studyInstanceUid)) return;
        const value = JSON.parse(text);
        if (topic === RdsrReceivedV1.topic) {
          const event = RdsrReceivedV1.parse(value);
          announced.set(event.studyInstanceUid, event);
        } else {
          parsed.add(StudyParsedV2.parse(value).studyInstanceUid);
        }
      },
    });
  }, 240_000);

  afterAll(async () => {
    await reader?.disconnect();
    for (const p of [ingest, parser]) if (p) await stopServiceProcess(p);
    for (const db of databases) await db.drop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  const startIngest = async () => {
    ingest = startServiceProcess('ingest', ingestPort, ingestEnv, workDir);
    await waitUntilServing(ingest);
  };

  it('parses a study with ingest stopped (the original travels in the event); a large report goes through the claim check', async () => {
    const smallUid = small.study.studyInstanceUid;
    const largeUid = large.study.studyInstanceUid;
    try {
      // The parser is not running yet: the announcement waits on the topic.
      await startIngest();
      const posted = await stow(ingest!.url, [generateRdsr(small)], 'cath-lab-1');
      expect(posted.status).toBe(200);
      expect(storedCount(posted)).toBe(1);
      await eventually(async () => (announced.has(smallUid) ? true : undefined), 'the announcement of the small report', 60_000);
      expect(announced.get(smallUid)!.original?.encoding).toBe('gzip+base64');

      await stopServiceProcess(ingest!);
      expect(
        await fetch(`${ingest!.url}/health`).then(
          () => 'up',
          () => 'down',
        ),
      ).toBe('down');
      parser = startServiceProcess('parser', await findFreePort(), parserEnv, workDir);
      await waitUntilServing(parser);
      await eventually(async () => (parsed.has(smallUid) ? true : undefined), 'study.parsed of the small study with ingest stopped', 120_000);

      // Over the ceiling: announced by retrieveUrl only, and read from ingest.
      await startIngest();
      const postedLarge = await stow(ingest!.url, [generateRdsr(large)], 'cath-lab-1');
      expect(storedCount(postedLarge)).toBe(1);
      await eventually(async () => (announced.has(largeUid) ? true : undefined), 'the announcement of the large report', 60_000);
      expect(announced.get(largeUid)!.original).toBeUndefined();
      await eventually(async () => (parsed.has(largeUid) ? true : undefined), 'study.parsed of the large study, read at the claim check', 120_000);
    } catch (err) {
      for (const p of [ingest, parser]) if (p) process.stderr.write(`--- ${p.name} ---\n${logTail(p, 60)}\n`);
      throw err;
    }
  }, 420_000);
});
