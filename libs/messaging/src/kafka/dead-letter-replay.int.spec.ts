import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { RdsrReceivedV1, type DeadLetter } from '@kerma/contracts';
import { describeIntegration, integrationKafkaBrokers } from '@kerma/testing';
import { readDeadLetters, replayDeadLetters } from './dead-letter-replay';
import { ensureTopics } from './topic-admin';

describeIntegration(['kafka'])('dead letters on a real broker: listed without side effects, replayed with their original text and key', () => {
  const brokers = integrationKafkaBrokers();
  const group = `kerma-replay-${randomUUID().slice(0, 8)}`;
  const settings = { brokers, serviceId: group, partitions: 3, replicationFactor: 1 };

  function letter(original: string, code: string): DeadLetter {
    return {
      originalTopic: RdsrReceivedV1.topic,
      partition: 0,
      offset: '0',
      key: `key-${original}`,
      original,
      consumerGroup: group,
      attempts: 1,
      error: { kind: 'permanent', name: 'PermanentFailure', message: `failed ${original}`, code },
      failedAt: new Date().toISOString(),
    };
  }

  it('filters by consumer group and code, reads the same letters twice, and replays only the chosen ones', async () => {
    await ensureTopics(settings);
    const kafka = new Kafka({ clientId: group, brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const originals = [`{"a":"${group}-1"}`, `{"a":"${group}-2"}`, `{"a":"${group}-3"}`];
    await producer.send({
      topic: RdsrReceivedV1.deadLetterTopic,
      messages: originals.map((o, i) => ({ key: `key-${o}`, value: JSON.stringify(letter(o, i === 1 ? 'truncated' : 'unknown-unit')) })),
    });
    await producer.disconnect();

    const first = await readDeadLetters(settings, RdsrReceivedV1.deadLetterTopic, { consumerGroup: group });
    const again = await readDeadLetters(settings, RdsrReceivedV1.deadLetterTopic, { consumerGroup: group });
    expect(first.map((l) => l.letter.original).sort()).toEqual([...originals].sort());
    expect(again).toEqual(first);

    const chosen = await readDeadLetters(settings, RdsrReceivedV1.deadLetterTopic, { consumerGroup: group, code: 'unknown-unit' });
    expect(chosen.map((l) => l.letter.original).sort()).toEqual([originals[0], originals[2]].sort());

    const replayed: { key: string | null; value: string }[] = [];
    const reader = kafka.consumer({ groupId: `${group}-reader` });
    await reader.connect();
    await reader.subscribe({ topic: RdsrReceivedV1.topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const value = message.value?.toString() ?? '';
        if (value.includes(group)) replayed.push({ key: message.key?.toString() ?? null, value });
      },
    });
    expect(await replayDeadLetters(settings, chosen)).toBe(2);
    const deadline = Date.now() + 30_000;
    while (replayed.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await reader.disconnect();
    expect(replayed.sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { key: `key-${originals[0]}`, value: originals[0] },
      { key: `key-${originals[2]}`, value: originals[2] },
    ]);
  });
});
