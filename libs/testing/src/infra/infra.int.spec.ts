import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { describeIntegration, integrationKafkaBrokers, integrationPgAdminUrl } from './integration-env';
import { createTestDatabase } from './test-database';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  } finally {
    await client.end();
  }
}

function setUp<T>(client: T | undefined): T {
  if (client === undefined) throw new Error('Kafka clients were not created: beforeAll failed');
  return client;
}

describeIntegration(['kafka'])('resolved Kafka broker', () => {
  const topic = `kerma.infra-smoke.${Date.now()}`;
  let admin: Admin | undefined;
  let producer: Producer | undefined;
  let subscriber: Consumer | undefined;

  beforeAll(async () => {
    const kafka = new Kafka({ clientId: 'kerma-infra-smoke', brokers: integrationKafkaBrokers(), logLevel: logLevel.WARN });
    admin = kafka.admin();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
    subscriber = kafka.consumer({ groupId: `${topic}.group` });
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    await subscriber.connect();
  });

  afterAll(async () => {
    await subscriber?.disconnect();
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('delivers a produced message to a consumer group', async () => {
    const payload = `smoke-${Math.random().toString(36).slice(2)}`;
    const consumer = setUp(subscriber);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received = new Promise<{ key: string | undefined; value: string | undefined }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => resolve({ key: message.key?.toString(), value: message.value?.toString() }),
      });
    });

    await setUp(producer).send({ topic, messages: [{ key: 'smoke-key', value: payload }] });

    await expect(received).resolves.toEqual({ key: 'smoke-key', value: payload });
  });
});

describeIntegration(['postgres'])('test databases on the resolved PostgreSQL server', () => {
  it('creates an empty, connectable database and drops it again', async () => {
    const adminUrl = integrationPgAdminUrl();
    const database = await createTestDatabase(adminUrl, 'kerma_infra_smoke');

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const current = await client.query<{ name: string }>('SELECT current_database() AS name');
      expect(current.rows[0]?.name).toBe(database.name);
      const tables = await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
      expect(tables.rowCount).toBe(0);
    } finally {
      await client.end();
    }

    await database.drop();
    expect(await databaseExists(adminUrl, database.name)).toBe(false);
  });
});
