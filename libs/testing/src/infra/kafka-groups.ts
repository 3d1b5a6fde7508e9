import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';

/**
 * Moves a consumer group to the end of each topic before a suite starts a consumer in it: on a broker shared
 * by earlier suites (or runs), a new group would otherwise read every earlier message first, and how long that
 * takes depends on what ran before, not on the code under test. The topics must exist.
 */
export async function skipEarlierMessages(brokers: readonly string[], groupId: string, topics: readonly string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'kerma-test-setup', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const latest = await withLeaders(
        () => admin.fetchTopicOffsets(topic),
        () => admin.fetchTopicMetadata({ topics: [topic] }),
      );
      await admin.setOffsets({ groupId, topic, partitions: latest.map((p) => ({ partition: p.partition, offset: p.high })) });
    }
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

/**
 * A consumer of its own group reading `topic` from the beginning, each message handed to `onMessage` (which picks
 * the messages of its suite), until the caller disconnects it.
 */
export async function readTopic(brokers: readonly string[], topic: string, groupId: string, onMessage: (message: KafkaMessage) => void): Promise<Consumer> {
  const consumer = new Kafka({ clientId: groupId, brokers: [...brokers], logLevel: logLevel.NOTHING }).consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => onMessage(message) });
  } catch (err) {
    await consumer.disconnect();
    throw err;
  }
  return consumer;
}
