import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface TopicMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly value: string;
}

function kafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING, retry: { retries: 8 } });
}

async function withAdmin<T>(brokers: readonly string[], work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka(brokers, 'faults-observer').admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message of a topic from the beginning, as any subscriber would see it: a plain kafkajs
 * consumer in a fresh group, stopped once it has read up to the high watermarks taken at the start.
 * An absent topic reads as empty.
 */
export async function readTopic(brokers: readonly string[], topic: string): Promise<TopicMessage[]> {
  const ends = await withAdmin(brokers, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return undefined;
    return admin.fetchTopicOffsets(topic);
  });
  if (!ends) return [];
  const remaining = new Map(ends.filter((p) => p.high !== p.low).map((p) => [p.partition, BigInt(p.high)]));
  if (remaining.size === 0) return [];
  const consumer = kafka(brokers, 'faults-reader').consumer({ groupId: `faults-reader-${process.pid}-${Date.now()}-${Math.random()}` });
  const messages: TopicMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          messages.push({ topic, partition, offset: message.offset, value: message.value?.toString('utf8') ?? '' });
          const end = remaining.get(partition);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (remaining.size === 0) resolve();
        },
      });
    });
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`reading ${topic}: not at the end after 60 s`)), 60_000))]);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

export interface GroupLag {
  readonly groupId: string;
  readonly topic: string;
  readonly lag: number;
}

/**
 * Messages each group has not yet committed, per topic it consumes (`subscriptions`: group → topics).
 * A partition the group never committed on counts from its first message.
 */
export async function consumerLag(brokers: readonly string[], subscriptions: Readonly<Record<string, readonly string[]>>): Promise<GroupLag[]> {
  return withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const lags: GroupLag[] = [];
    for (const [groupId, topics] of Object.entries(subscriptions)) {
      const present = topics.filter((t) => existing.has(t));
      const offsets = await admin.fetchOffsets({ groupId, topics: present });
      for (const { topic, partitions } of offsets) {
        let lag = 0;
        for (const end of await admin.fetchTopicOffsets(topic)) {
          const committed = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          lag += Number(end.high) - (committed === '-1' ? Number(end.low) : Number(committed));
        }
        lags.push({ groupId, topic, lag });
      }
    }
    return lags;
  });
}

export async function deadLetterTopics(brokers: readonly string[]): Promise<string[]> {
  return withAdmin(brokers, async (admin) => (await admin.listTopics()).filter((t) => t.endsWith('.dlq')));
}

/** Topic → partition → next offset: where each dead-letter topic ends now. */
export type TopicMarks = ReadonlyMap<string, ReadonlyMap<number, bigint>>;

/** The current end of every dead-letter topic, so a later check looks only at letters written after it. */
export async function deadLetterMarks(brokers: readonly string[]): Promise<TopicMarks> {
  return withAdmin(brokers, async (admin) => {
    const marks = new Map<string, Map<number, bigint>>();
    for (const topic of (await admin.listTopics()).filter((t) => t.endsWith('.dlq'))) {
      marks.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
    }
    return marks;
  });
}
