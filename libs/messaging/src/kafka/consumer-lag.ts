import { Kafka, type Admin } from 'kafkajs';
import { kafkaClientConfig, type KafkaSettings } from './kafka-settings';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** Messages on the partition after the group's committed position. */
  readonly lagMessages: number;
}

export interface CommittedOffsets {
  readonly topic: string;
  /** kafkajs: `-1` when the group has committed nothing on the partition. */
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}

export interface TopicEnds {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly low: string; readonly high: string }[];
}

/**
 * Lag of a consumer group per partition: the partition's high watermark minus the group's committed
 * offset. A partition the group never committed on is consumed from the beginning (the transport
 * subscribes with `fromBeginning`), and a committed offset below the log start (retention removed
 * those messages) resumes at the log start: both lag by every message still kept.
 */
export function consumerLag(committed: readonly CommittedOffsets[], ends: readonly TopicEnds[]): PartitionLag[] {
  const positions = new Map(committed.flatMap((t) => t.partitions.map((p) => [`${t.topic}\u0000${p.partition}`, BigInt(p.offset)] as const)));
  return ends
    .flatMap((t) =>
      t.partitions.map((p) => {
        const low = BigInt(p.low);
        const high = BigInt(p.high);
        const position = positions.get(`${t.topic}\u0000${p.partition}`) ?? -1n;
        const from = position < low ? low : position;
        return { topic: t.topic, partition: p.partition, lagMessages: Number(high > from ? high - from : 0n) };
      }),
    )
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Lag figures are re-read at most this often, however often Prometheus (or several) scrape. */
export const LAG_CACHE_MS = 5_000;
/** A broker check or lag read that takes longer is a failure, not a hung probe. */
export const BROKER_CHECK_TIMEOUT_MS = 3_000;

/**
 * Reads a group's lag from the broker with an admin client (committed offsets vs topic high
 * watermarks), on scrape, cached briefly. Chosen over the consumer's own batch high-watermark because
 * that figure only moves when a batch is fetched: a partition blocked on an unavailable dependency,
 * one assigned to another replica, or a group whose consumer is not running at all would show a stale
 * or no lag, exactly when lag matters. The same admin client answers the readiness check.
 */
export class KafkaConsumerLagReader {
  private admin?: Promise<Admin>;
  private cached?: { at: number; lag: Promise<PartitionLag[]> };

  constructor(
    private readonly settings: KafkaSettings,
    private readonly topics: () => readonly string[],
  ) {}

  read(now = Date.now()): Promise<PartitionLag[]> {
    if (!this.cached || now - this.cached.at >= LAG_CACHE_MS) {
      const lag = this.fetch();
      // A failed read is not kept: the next scrape asks the broker again.
      lag.catch(() => {
        if (this.cached?.lag === lag) this.cached = undefined;
      });
      this.cached = { at: now, lag };
    }
    return this.cached.lag;
  }

  /** Resolves when the broker answers describeCluster within the timeout. */
  async checkBroker(): Promise<void> {
    await withTimeout((async () => (await this.client()).describeCluster())(), BROKER_CHECK_TIMEOUT_MS, 'Kafka describeCluster');
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private async fetch(): Promise<PartitionLag[]> {
    const topics = [...this.topics()];
    if (topics.length === 0) return [];
    return withTimeout(
      (async () => {
        const admin = await this.client();
        const committed = await admin.fetchOffsets({ groupId: this.settings.serviceId, topics });
        const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
        return consumerLag(committed, ends);
      })(),
      BROKER_CHECK_TIMEOUT_MS,
      'Kafka consumer lag',
    );
  }

  /** One admin connection, made on first use; a failed attempt is forgotten so the next call tries again. */
  private client(): Promise<Admin> {
    this.admin ??= (async () => {
      // Few retries: a probe must answer in seconds, and the next scrape retries anyway.
      const admin = new Kafka({ ...kafkaClientConfig(this.settings, 'admin'), retry: { retries: 1, initialRetryTime: 200 } }).admin();
      await admin.connect();
      return admin;
    })().catch((err: unknown) => {
      this.admin = undefined;
      throw err;
    });
    return this.admin;
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
