import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { Kafka, logLevel, Partitioners, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { RdsrReceivedV1, type DeadLetter, type RdsrReceivedV1 as RdsrReceived } from '@kerma/contracts';
import { describeIntegration, integrationKafkaBrokers, readTopic } from '@kerma/testing';
import { rdsrReceivedV1Message } from '@kerma/testing/messages';
import { ConsumeEvent } from '../consume-event.decorator';
import { PermanentFailure } from '../failures';
import { KafkaEventPublisher } from './kafka-publisher';
import { KermaKafkaServer } from './kafka-server';
import { ensureTopics } from './topic-admin';

const marker = `int-${randomUUID().slice(0, 8)}`;
const calls: string[] = [];
const behaviour = new Map<string, (attempt: number) => void>();

@Controller()
class ProbeConsumer {
  @ConsumeEvent(RdsrReceivedV1, 'probe')
  async on(@Payload() event: RdsrReceived): Promise<void> {
    if (event.site !== marker) return;
    calls.push(event.sopInstanceUid);
    behaviour.get(event.sopInstanceUid)?.(calls.filter((c) => c === event.sopInstanceUid).length);
  }
}

@Module({ controllers: [ProbeConsumer] })
class ProbeModule {}

const event = (sopInstanceUid: string) => rdsrReceivedV1Message({ site: marker, sopInstanceUid });

describeIntegration(['kafka'])('Kafka transport against a real broker: retry, then dead letter, never a blocked partition', () => {
  const brokers = integrationKafkaBrokers();
  const settings = { brokers, serviceId: `kerma-probe-${marker}`, partitions: 3, replicationFactor: 1 };
  let service: INestMicroservice;
  let publisher: KafkaEventPublisher;
  let dlqConsumer: Consumer;
  const letters: DeadLetter[] = [];

  beforeAll(async () => {
    await ensureTopics(settings);
    service = await NestFactory.createMicroservice(ProbeModule, {
      strategy: new KermaKafkaServer(settings, { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 100 }),
      logger: false,
    });
    await service.listen();
    publisher = new KafkaEventPublisher(settings);
    dlqConsumer = await readTopic(brokers, RdsrReceivedV1.deadLetterTopic, `dlq-reader-${marker}`, (message) => {
      const letter = JSON.parse(message.value!.toString()) as DeadLetter;
      if (letter.original.includes(marker)) letters.push(letter);
    });
  });

  afterAll(async () => {
    await dlqConsumer?.disconnect();
    await publisher?.onApplicationShutdown();
    await service?.close();
  });

  it('retries, dead-letters what keeps failing or breaks the contract, and keeps consuming the partition', async () => {
    behaviour.set('1.1', (attempt) => {
      if (attempt < 3) throw new Error('transient');
    });
    behaviour.set('1.2', () => {
      throw new Error('always broken');
    });
    behaviour.set('1.3', () => {
      throw new PermanentFailure('unreadable report', 'truncated');
    });
    await publisher.publish(RdsrReceivedV1, event('1.1'));
    await publisher.publish(RdsrReceivedV1, event('1.2'));
    await publisher.publish(RdsrReceivedV1, event('1.3'));
    const key = RdsrReceivedV1.key(event('x'));
    const raw = new Kafka({ clientId: `raw-${marker}`, brokers, logLevel: logLevel.NOTHING }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await raw.connect();
    await raw.send({ topic: RdsrReceivedV1.topic, messages: [{ key, value: `{"site":"${marker}","not":"a valid event"}` }] });
    await raw.disconnect();
    await publisher.publish(RdsrReceivedV1, event('1.4'));

    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !(calls.includes('1.4') && letters.length >= 3)) await new Promise((r) => setTimeout(r, 200));

    expect(calls).toEqual(['1.1', '1.1', '1.1', '1.2', '1.2', '1.2', '1.3', '1.4']);
    const byKind = Object.fromEntries(letters.map((l) => [l.error.kind, l]));
    expect(Object.keys(byKind).sort()).toEqual(['contract-violation', 'permanent', 'retries-exhausted']);
    expect(byKind['retries-exhausted']).toMatchObject({ attempts: 3, consumerGroup: settings.serviceId, error: { message: 'always broken' } });
    expect(JSON.parse(byKind['retries-exhausted'].original).sopInstanceUid).toBe('1.2');
    expect(byKind.permanent).toMatchObject({ attempts: 1, error: { code: 'truncated' } });
    expect(byKind['contract-violation'].original).toContain('not');
    expect(byKind['contract-violation'].key).toBe(key);
  });

  it('publishAll sends a batch in one request: every event arrives once, in order on its partition, each with its own trace', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const batch = ['2.1', '2.2', '2.3', '2.4', '2.5'].map((uid) => event(uid));
    const traceIds = batch.map(() => randomUUID().replace(/-/g, ''));
    const headersSeen = new Map<string, string>();
    const reader = new Kafka({ clientId: `batch-reader-${marker}`, brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `batch-reader-${marker}` });
    await reader.connect();
    await reader.subscribe({ topic: RdsrReceivedV1.topic, fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value!.toString()) as { site?: string; sopInstanceUid?: string };
        if (value.site === marker && value.sopInstanceUid?.startsWith('2.'))
          headersSeen.set(value.sopInstanceUid, message.headers?.traceparent?.toString() ?? '');
      },
    });
    try {
      await publisher.publishAll(
        RdsrReceivedV1,
        batch.map((payload, i) => ({ payload, trace: { traceparent: `00-${traceIds[i]}-${'1'.repeat(16)}-01` } })),
      );
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !batch.every((e) => calls.includes(e.sopInstanceUid) && headersSeen.has(e.sopInstanceUid))) {
        await new Promise((r) => setTimeout(r, 200));
      }
      // One patient key: one partition, so the consumer sees them in the order sent.
      expect(calls.filter((c) => c.startsWith('2.'))).toEqual(batch.map((e) => e.sopInstanceUid));
      // No tracer provider here, so the producer spans do not record: each message carries the trace it continues.
      expect(batch.map((e) => headersSeen.get(e.sopInstanceUid))).toEqual(traceIds.map((id) => `00-${id}-${'1'.repeat(16)}-01`));
    } finally {
      propagation.disable();
      await reader.disconnect();
    }
  });
});
