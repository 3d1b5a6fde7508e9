import { Kafka, type KafkaMessage } from 'kafkajs';
import { parseDeadLetter, type DeadLetter } from '@kerma/contracts';
import { kafkaClientConfig, producerOptions, sendOptions, type KafkaSettings } from './kafka-settings';

export interface DeadLetterFilter {
  /** Only letters written by this consumer group (e.g. kerma-parser). */
  readonly consumerGroup?: string;
  /** Only letters whose error carries this code (e.g. unknown-unit). */
  readonly code?: string;
}

export interface StoredDeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly letter: DeadLetter;
}

/**
 * Reads a dead-letter topic from its first to its current last offset, without joining a consumer
 * group (nothing is committed, nothing is moved): operators can inspect it any number of times.
 */
export async function readDeadLetters(settings: KafkaSettings, topic: string, filter: DeadLetterFilter = {}): Promise<StoredDeadLetter[]> {
  const kafka = new Kafka(kafkaClientConfig(settings, 'admin'));
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const pending = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  const letters: StoredDeadLetter[] = [];
  if (pending.size === 0) return letters;

  const consumer = kafka.consumer({ groupId: `${settings.serviceId}-dlq-reader-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            collect(letters, partition, message, filter);
            if (BigInt(message.offset) + 1n >= (pending.get(partition) ?? 0n)) pending.delete(partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

function collect(into: StoredDeadLetter[], partition: number, message: KafkaMessage, filter: DeadLetterFilter): void {
  if (!message.value) return;
  let letter: DeadLetter;
  try {
    letter = parseDeadLetter(JSON.parse(message.value.toString('utf8')));
  } catch {
    return;
  }
  if (filter.consumerGroup && letter.consumerGroup !== filter.consumerGroup) return;
  if (filter.code && letter.error.code !== filter.code) return;
  into.push({ partition, offset: message.offset, letter });
}

/**
 * Puts dead letters' original messages back on their original topics with their original keys, e.g.
 * after the parser learnt a new unit. Every consumer group of the topic sees the message again: the
 * consumers are idempotent, and study states carry a revision so an older state never overwrites a newer one.
 */
export async function replayDeadLetters(settings: KafkaSettings, letters: readonly StoredDeadLetter[]): Promise<number> {
  if (letters.length === 0) return 0;
  const producer = new Kafka(kafkaClientConfig(settings, 'producer')).producer(producerOptions);
  await producer.connect();
  try {
    for (const { letter } of letters) {
      await producer.send({ ...sendOptions, topic: letter.originalTopic, messages: [{ key: letter.key, value: letter.original }] });
    }
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}
