import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { StudyParsedV2 } from '@kerma/contracts';
import { kafkaClientConfig } from '@kerma/messaging';
import { kafkaSettingsFromEnv } from '@kerma/platform';
import { createTestDatabase, findFreePort, generateRdsr, procedureSpec, type TestDatabase, eventually, stow, storedCount } from '@kerma/testing';
import { ScramTlsBroker, TlsPostgres } from '../support/secured-servers';
import { logTail, startServiceProcess, stopServiceProcess, waitUntilServing, type ServiceProcess } from '../support/service-processes';

const SERVICES = ['ingest', 'parser'] as const;

/**
 * Deployed services on a broker that takes only SCRAM logins over TLS and on a PostgreSQL that takes only
 * TLS connections (both started here by the project's scripts): the pipeline works end to end, every
 * database connection is encrypted, and a wrong Kafka password stops a service at start-up without
 * printing the password.
 */
describe('deployed services over Kafka SASL_SSL (SCRAM-SHA-512) and PostgreSQL TLS (verify-full)', () => {
  let broker: ScramTlsBroker;
  let postgres: TlsPostgres;
  let workDir: string;
  const processes = new Map<string, ServiceProcess>();
  const databases = new Map<string, TestDatabase>();

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'kerma-secured-'));
    [broker, postgres] = await Promise.all([ScramTlsBroker.start(), TlsPostgres.start()]);
    for (const service of SERVICES) {
      const db = await createTestDatabase(postgres.adminUrl, `kerma_tls_${service}`);
      databases.set(service, db);
      const port = await findFreePort();
      processes.set(
        service,
        startServiceProcess(
          service,
          port,
          {
            ...broker.clientEnv(),
            KAFKA_PARTITIONS: '2',
            DATABASE_URL: db.url,
            PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
            ...(service === 'ingest' ? { STORAGE_DIR: join(workDir, 'archive'), KERMA_DEFAULT_SITE: 'tls-int' } : {}),
          },
          workDir,
        ),
      );
    }
    // Generous: start-up compiles the sources, and a CI machine may be busy.
    await Promise.all([...processes.values()].map((p) => waitUntilServing(p, 240_000)));
  }, 420_000);

  afterAll(async () => {
    await Promise.all([...processes.values()].map(stopServiceProcess));
    for (const db of databases.values()) await db.drop().catch(() => undefined);
    await Promise.all([broker?.stop(), postgres?.stop()]);
    rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  it('carries a report from STOW to study.parsed over SCRAM/TLS, with every database connection encrypted', async () => {
    const spec = procedureSpec({ seed: 4242, events: 3 });
    const result = await stow(processes.get('ingest')!.url, [generateRdsr(spec)]);
    expect(storedCount(result)).toBe(1);
    try {
      const parsed = await eventually(
        async () => (await parsedStudies()).find((uid) => uid === spec.study.studyInstanceUid),
        'the study on kerma.study.parsed.v2',
        120_000,
      );
      expect(parsed).toBe(spec.study.studyInstanceUid);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- parser log ---\n${logTail(processes.get('parser')!)}`);
    }

    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string; ssl: boolean }>(
        `SELECT a.datname, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s ON s.pid = a.pid WHERE a.datname = ANY($1)`,
        [[...databases.values()].map((d) => d.name)],
      );
      expect(new Set(rows.map((r) => r.datname))).toEqual(new Set([...databases.values()].map((d) => d.name)));
      expect(rows.every((r) => r.ssl)).toBe(true);
    } finally {
      await admin.end();
    }
  }, 180_000);

  it('stops a service whose Kafka password is wrong at start-up, naming the authentication failure and not the password', async () => {
    const wrong = `wrong-${Date.now()}`;
    const db = databases.get('parser')!;
    const service = startServiceProcess(
      'parser',
      await findFreePort(),
      { ...broker.clientEnv(wrong), DATABASE_URL: db.url },
      mkdtempSync(join(workDir, 'wrong-')),
    );
    const code = await new Promise<number | null>((resolve) => service.child.once('exit', resolve));
    expect(code).not.toBe(0);
    const log = readFileSync(service.logFile, 'utf8');
    expect(log).toMatch(/SASL SCRAM SHA512 authentication failed/);
    expect(log).not.toContain(wrong);
  }, 120_000);

  async function parsedStudies(): Promise<string[]> {
    const settings = kafkaSettingsFromEnv('tls-int-reader', broker.clientEnv());
    const consumer = new Kafka({ ...kafkaClientConfig(settings, 'consumer'), logLevel: logLevel.NOTHING }).consumer({ groupId: `tls-int-${Date.now()}` });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: StudyParsedV2.topic, fromBeginning: true });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 8_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            const event = JSON.parse(message.value!.toString('utf8')) as { studyInstanceUid?: string };
            if (event.studyInstanceUid) seen.push(event.studyInstanceUid);
            clearTimeout(timer);
            resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }
});
