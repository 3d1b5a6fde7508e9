import { Kafka } from 'kafkajs';
import { compactedTopics, topicsToCreate } from '../consumed-topics';
import { kafkaClientConfig, TOPIC_MAX_MESSAGE_BYTES, type KafkaSettings } from './kafka-settings';

/**
 * Creates every Kerma topic that does not exist yet. Brokers run with auto-create off, so a typo in
 * a topic name fails loudly instead of silently creating a topic nobody reads.
 */
export async function ensureTopics(
  settings: KafkaSettings,
  topics: readonly string[] = topicsToCreate(),
  compacted: ReadonlySet<string> = compactedTopics(),
): Promise<string[]> {
  const admin = new Kafka(kafkaClientConfig(settings, 'admin')).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
          configEntries: [
            { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
            ...(compacted.has(topic) ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
          ],
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
