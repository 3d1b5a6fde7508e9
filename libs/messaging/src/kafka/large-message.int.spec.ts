import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { StudyParsedV1, patientKey, type StudyParsedV1 as StudyParsed } from '@kerma/contracts';
import { parseDoseReport } from '@kerma/rdsr';
import { describeIntegration, generateRdsr, integrationKafkaBrokers, procedureSpec } from '@kerma/testing';
import { KafkaEventPublisher } from './kafka-publisher';
import { ensureTopics } from './topic-admin';

describeIntegration(['kafka'])('a long procedure on a real broker', () => {
  it('publishes a 1,000-event study (~2.8 MB of JSON) and a consumer receives it intact', async () => {
    const brokers = integrationKafkaBrokers();
    const site = `int-${randomUUID().slice(0, 8)}`;
    const settings = { brokers, serviceId: `kerma-large-${site}`, partitions: 3, replicationFactor: 1 };
    await ensureTopics(settings);
    const spec = procedureSpec({ seed: Date.now() % 1_000_000, events: 1000 });
    const outcome = parseDoseReport(generateRdsr(spec));
    if (!outcome.ok) throw new Error(outcome.error.message);
    const event: StudyParsed = {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      site,
      studyInstanceUid: spec.study.studyInstanceUid,
      patient: { id: 'P', issuer: null, key: patientKey({ site, patientId: 'P', issuer: null, studyInstanceUid: spec.study.studyInstanceUid }) },
      triggeringSopInstanceUid: spec.study.sopInstanceUid,
      relation: 'new-study',
      studyRevision: 1,
      sopInstanceUids: [spec.study.sopInstanceUid],
      procedure: outcome.procedure,
    };
    expect(JSON.stringify(event).length).toBeGreaterThan(2 * 1024 * 1024);

    const received: StudyParsed[] = [];
    const consumer = new Kafka({ clientId: site, brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: site });
    await consumer.connect();
    await consumer.subscribe({ topic: StudyParsedV1.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value!.toString());
        if (value.site === site) received.push(StudyParsedV1.parse(value));
      },
    });
    const publisher = new KafkaEventPublisher(settings);
    await publisher.publish(StudyParsedV1, event);
    const deadline = Date.now() + 60_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    await publisher.onApplicationShutdown();

    expect(received).toHaveLength(1);
    expect(received[0].procedure.events).toHaveLength(1000);
    expect(received[0]).toEqual(JSON.parse(JSON.stringify(event)));
  });
});
