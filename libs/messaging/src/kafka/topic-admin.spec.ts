import { KafkaJSProtocolError, type ITopicMetadata } from 'kafkajs';
import { TOPIC_MAX_MESSAGE_BYTES } from './kafka-settings';
import { createMissingTopics, type TopicAdmin } from './topic-admin';

/** A broker's error as kafkajs raises it (the protocol error's type and code). */
const brokerError = (type: string, code: number) => Object.assign(new KafkaJSProtocolError(type), { type, code });
const UNKNOWN_TOPIC = () => brokerError('UNKNOWN_TOPIC_OR_PARTITION', 3);

const withLeaders = (name: string, leaders: number[]): ITopicMetadata => ({
  name,
  partitions: leaders.map((leader, partitionId) => ({ partitionId, leader, partitionErrorCode: 0, replicas: [1], isr: [1] })),
});

/**
 * A fake admin: each list of topics answers the next of `lists` (the last one again once they run out), each
 * metadata read the next of `answers`.
 */
function fakeAdmin(lists: string[][], answers: (ITopicMetadata[] | Error)[] = []) {
  const created: Parameters<TopicAdmin['createTopics']>[0][] = [];
  const next = <T>(items: T[], i: number) => items[Math.min(i, items.length - 1)]!;
  let listings = 0;
  let reads = 0;
  const admin: TopicAdmin = {
    listTopics: async () => next(lists, listings++),
    createTopics: async (options) => {
      created.push(options);
      return true;
    },
    fetchTopicMetadata: async () => {
      const answer = next(answers, reads++);
      if (answer instanceof Error) throw answer;
      return { topics: answer };
    },
  };
  return { admin, created, reads: () => reads };
}

const settings = { partitions: 3, replicationFactor: 1 };
const quick = { timeoutMs: 200, intervalMs: 1 };

describe('createMissingTopics', () => {
  it('creates only the topics the broker lacks, with their settings, and waits through "unknown topic" until every partition has a leader', async () => {
    const { admin, created, reads } = fakeAdmin(
      [['kerma.a'], ['kerma.a', 'kerma.b'], ['kerma.a', 'kerma.b', 'kerma.c']],
      [
        UNKNOWN_TOPIC(),
        [withLeaders('kerma.b', [1, 1, 1]), withLeaders('kerma.c', [1, -1, 1])],
        [withLeaders('kerma.b', [1, 1, 1]), withLeaders('kerma.c', [1, 1, 1])],
      ],
    );

    const made = await createMissingTopics(admin, settings, ['kerma.a', 'kerma.b', 'kerma.c'], new Set(['kerma.c']), quick);

    expect(made).toEqual(['kerma.b', 'kerma.c']);
    expect(created).toEqual([
      {
        waitForLeaders: false,
        topics: [
          { topic: 'kerma.b', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) }] },
          {
            topic: 'kerma.c',
            numPartitions: 3,
            replicationFactor: 1,
            configEntries: [
              { name: 'max.message.bytes', value: String(TOPIC_MAX_MESSAGE_BYTES) },
              { name: 'cleanup.policy', value: 'compact' },
            ],
          },
        ],
      },
    ]);
    // Read once both are listed: "unknown topic" (the broker's own metadata lagging), a partition without a leader, then every leader.
    expect(reads()).toBe(3);
  });

  it('asks the broker nothing more when every topic exists', async () => {
    const { admin, created, reads } = fakeAdmin([['kerma.a', 'kerma.b']], [UNKNOWN_TOPIC()]);

    expect(await createMissingTopics(admin, settings, ['kerma.a', 'kerma.b'], new Set(), quick)).toEqual([]);
    expect(created).toEqual([]);
    expect(reads()).toBe(0);
  });

  it('fails on any other broker error while waiting', async () => {
    const { admin } = fakeAdmin([[], ['kerma.a']], [brokerError('TOPIC_AUTHORIZATION_FAILED', 29)]);

    await expect(createMissingTopics(admin, settings, ['kerma.a'], new Set(), quick)).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
  });

  it('gives up, naming the topics, when a leader never shows', async () => {
    const { admin } = fakeAdmin([[], ['kerma.a']], [[withLeaders('kerma.a', [-1])]]);

    await expect(createMissingTopics(admin, settings, ['kerma.a'], new Set(), quick)).rejects.toThrow(
      'the broker showed no leader for every partition within 0.2 s: kerma.a',
    );
  });
});
