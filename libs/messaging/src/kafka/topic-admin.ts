import { Kafka, type Admin } from 'kafkajs';
import { compactedTopics, topicsToCreate } from '../consumed-topics';
import { kafkaClientConfig, TOPIC_MAX_MESSAGE_BYTES, type KafkaSettings } from './kafka-settings';

/** What topic creation uses of the kafkajs admin client. */
export type TopicAdmin = Pick<Admin, 'listTopics' | 'createTopics' | 'fetchTopicMetadata'>;

export interface LeaderWait {
  /** Longest wait for every partition of the created topics to have a leader. */
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

const LEADER_WAIT: LeaderWait = { timeoutMs: 30_000, intervalMs: 100 };

/**
 * What a broker answers for a topic it has created but not yet published to its own metadata: "not
 * there yet", asked again. A KRaft broker answers UNKNOWN_TOPIC_OR_PARTITION for a moment after the
 * creation; kafkajs's own `waitForLeaders` waits only through LEADER_NOT_AVAILABLE and failed on the
 * other, so the service that created the topics on a fresh broker stopped at start-up.
 */
const NOT_YET_PUBLISHED = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

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
    return await createMissingTopics(admin, settings, topics, compacted);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topics the broker does not list, then waits until each partition has a leader; returns the names created. */
export async function createMissingTopics(
  admin: TopicAdmin,
  settings: Pick<KafkaSettings, 'partitions' | 'replicationFactor'>,
  topics: readonly string[],
  compacted: ReadonlySet<string>,
  wait: LeaderWait = LEADER_WAIT,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length === 0) return missing;
  // Another service starting at the same time may create some of them first: kafkajs answers false then, no error.
  await admin.createTopics({
    waitForLeaders: false,
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
  await awaitLeaders(admin, missing, wait);
  return missing;
}

async function awaitLeaders(admin: TopicAdmin, topics: readonly string[], wait: LeaderWait): Promise<void> {
  const deadline = Date.now() + wait.timeoutMs;
  for (;;) {
    if (await haveLeaders(admin, topics)) return;
    if (Date.now() >= deadline) {
      throw new Error(`topics created, but the broker showed no leader for every partition within ${wait.timeoutMs / 1000} s: ${topics.join(', ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs));
  }
}

async function haveLeaders(admin: TopicAdmin, topics: readonly string[]): Promise<boolean> {
  // The list first: asking for a topic the broker does not know yet gets an error kafkajs logs at ERROR level.
  const listed = new Set(await admin.listTopics());
  if (!topics.every((t) => listed.has(t))) return false;
  try {
    const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return topics.every((name) => {
      const partitions = found.find((t) => t.name === name)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((p) => p.leader >= 0);
    });
  } catch (err) {
    if (NOT_YET_PUBLISHED.has((err as { type?: string }).type ?? '')) return false;
    throw err;
  }
}
