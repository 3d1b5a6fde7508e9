import { randomUUID } from 'node:crypto';
import { StudyParsedV1, type StudyParsedV1 as StudyParsed } from '@kerma/contracts';
import { describeIntegration, eventually, integrationKafkaBrokers, readTopic } from '@kerma/testing';
import { studyParsedV1Message } from '@kerma/testing/messages';
import { KafkaEventPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';

describeIntegration(['kafka'])('a long procedure on a real broker', () => {
  it('publishes a 1,000-event study (~2.8 MB of JSON) and a consumer receives it intact', async () => {
    const brokers = integrationKafkaBrokers();
    const site = `int-${randomUUID().slice(0, 8)}`;
    const settings = { brokers, serviceId: `kerma-large-${site}`, partitions: 3, replicationFactor: 1 };
    await ensureTopics(settings);
    const event = studyParsedV1Message({ site, patient: { id: 'P', issuer: null }, report: { seed: Date.now() % 1_000_000, events: 1000 } });
    expect(JSON.stringify(event).length).toBeGreaterThan(2 * 1024 * 1024);

    const received: StudyParsed[] = [];
    const consumer = await readTopic(brokers, StudyParsedV1.topic, site, (message) => {
      const value = JSON.parse(message.value!.toString());
      if (value.site === site) received.push(StudyParsedV1.parse(value));
    });
    const publisher = new KafkaEventPublisher(settings);
    await publisher.publish(StudyParsedV1, event);
    try {
      await eventually(async () => received[0], 'the study read back');
    } finally {
      await consumer.disconnect();
      await publisher.onApplicationShutdown();
    }

    expect(received).toHaveLength(1);
    expect(received[0].procedure.events).toHaveLength(1000);
    expect(received[0]).toEqual(JSON.parse(JSON.stringify(event)));
  });
});
