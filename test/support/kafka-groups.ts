import { Kafka, logLevel } from 'kafkajs';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { ensureTopics } from '@kerma/messaging';

/**
 * Moves the parser's consumer group past the reports announced by earlier runs on a reused broker
 * before a suite starts the services. Those announcements point at ingest instances that no longer
 * exist (their ports refuse), and the parser would rightly wait for them to come back, for ever.
 * (The other services read no URL from their messages: earlier runs' events only pass through.)
 */
export async function skipEarlierAnnouncements(brokers: readonly string[], partitions: number): Promise<void> {
  await ensureTopics({ brokers, serviceId: 'kerma-test-setup', partitions, replicationFactor: 1 });
  const admin = new Kafka({ clientId: 'kerma-test-setup', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topic = RdsrReceivedV1.topic;
    const latest = await withLeaders(
      () => admin.fetchTopicOffsets(topic),
      () => admin.fetchTopicMetadata({ topics: [topic] }),
    );
    await admin.setOffsets({ groupId: 'kerma-parser', topic, partitions: latest.map((p) => ({ partition: p.partition, offset: p.high })) });
  } finally {
    await admin.disconnect();
  }
}

/** A broker that has just (re)started may not have elected its partition leaders yet. */
async function withLeaders<T>(work: () => Promise<T>, refreshMetadata: () => Promise<unknown>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (attempt >= 40 || (type !== 'NOT_LEADER_FOR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE')) throw err;
      await new Promise((r) => setTimeout(r, 500));
      await refreshMetadata().catch(() => undefined);
    }
  }
}
