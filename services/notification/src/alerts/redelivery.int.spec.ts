import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DoseAlertV1,
  SkinDoseCalculatedV1,
  SkinDoseCalculatedV2,
  StudyParsedV1,
  StudyParsedV2,
  type DoseAlertV1 as DoseAlert,
  type StudyParsedV1 as StudyParsed,
} from '@kerma/contracts';
import { ensureTopics, KafkaEventPublisher, KermaKafkaServer, MessagingModule } from '@kerma/messaging';
import {
  createTestDatabase,
  describeIntegration,
  eventually,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  readTopic,
  skipEarlierMessages,
  type TestDatabase,
} from '@kerma/testing';
import { skinDoseCalculatedV1Message, studyParsedV1Message } from '@kerma/testing/messages';
import { NotificationModule } from '../notification.module';
import { DEFAULT_ALERT_RULES } from '../rules/alert-rule';

const site = `int-${randomUUID().slice(0, 8)}`;
// New studies every run: a reused broker still holds earlier runs' events for the same generated UIDs.
const seedBase = Date.now() % 1_000_000;

/** A parsed study of this run's patient with `doseRpGy` Ka,r on each of its 10 events. */
const studyParsed = (seed: number, doseRpGy: number): StudyParsed =>
  studyParsedV1Message({
    site,
    patient: { id: `PAT-${site}`, issuer: null },
    report: { seed, events: 10, mapEvent: (e) => ({ ...e, doseRpGy, dapGyM2: doseRpGy / 100 }) },
  });

describeIntegration(['kafka', 'postgres'])('notification against Kafka and PostgreSQL: redelivered messages never duplicate an alert', () => {
  const brokers = integrationKafkaBrokers();
  const settings = { brokers, serviceId: `kerma-notification-${site}`, partitions: 3, replicationFactor: 1 };
  let db: TestDatabase;
  let app: INestApplication;
  let publisher: KafkaEventPublisher;
  let reader: Consumer;
  const alerts: DoseAlert[] = [];

  beforeAll(async () => {
    await ensureTopics(settings);
    // A new group would first read every earlier suite's studies and skin doses on this broker.
    await skipEarlierMessages(brokers, settings.serviceId, [StudyParsedV1.topic, StudyParsedV2.topic, SkinDoseCalculatedV1.topic, SkinDoseCalculatedV2.topic]);
    db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_notification_int');
    @Module({
      imports: [
        MessagingModule.register(new KafkaEventPublisher(settings)),
        NotificationModule.register({ database: { kind: 'postgres', url: db.url }, rules: DEFAULT_ALERT_RULES }),
      ],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: process.env.INT_LOG ? undefined : false });
    app.connectMicroservice({ strategy: new KermaKafkaServer(settings) });
    await app.startAllMicroservices();
    await app.init();
    publisher = new KafkaEventPublisher(settings);
    reader = await readTopic(brokers, DoseAlertV1.topic, `alerts-${site}`, (message) => {
      const alert = DoseAlertV1.parse(JSON.parse(message.value!.toString()));
      if (alert.site === site) alerts.push(alert);
    });
  });

  afterAll(async () => {
    await reader?.disconnect();
    await publisher?.onApplicationShutdown();
    await app?.close();
    await db?.drop();
  });

  it('raises one alert per (study, metric, level) however often the inputs arrive', async () => {
    const x = studyParsed(seedBase + 1, 0.6);
    const psd = skinDoseCalculatedV1Message(x, 4.2);
    await publisher.publish(StudyParsedV1, x);
    await publisher.publish(StudyParsedV1, x);
    await publisher.publish(SkinDoseCalculatedV1, psd);
    await publisher.publish(SkinDoseCalculatedV1, { ...psd, eventId: randomUUID() });
    await publisher.publish(StudyParsedV1, { ...x, eventId: randomUUID(), relation: 'duplicate' });
    // Same patient, so same partition in and out: once this later study's alert is read, every alert of the
    // inputs above has been read too.
    const sentinel = studyParsed(seedBase + 2, 0.6);
    await publisher.publish(StudyParsedV1, { ...sentinel, patient: x.patient });

    // The skin-dose topic is another partition than study.parsed: wait for x's PSD alert too, not only the sentinel's.
    await eventually(
      async () =>
        (alerts.some((a) => a.studyInstanceUid === sentinel.studyInstanceUid) &&
          alerts.some((a) => a.studyInstanceUid === x.studyInstanceUid && a.metric === 'peak-skin-dose')) ||
        undefined,
      "the sentinel's alert and x's PSD alert",
    );

    const ofX = alerts.filter((a) => a.studyInstanceUid === x.studyInstanceUid);
    expect(ofX.map((a) => a.metric).sort()).toEqual(['kerma-area-product', 'peak-skin-dose', 'reference-air-kerma']);
    expect(new Set(ofX.map((a) => a.alertId)).size).toBe(ofX.length);
    const kar = ofX.find((a) => a.metric === 'reference-air-kerma')!;
    expect(kar.measured).toEqual({ value: expect.closeTo(6, 9), unit: 'Gy' });
    expect(kar.threshold).toEqual({ value: 5, unit: 'Gy' });

    const rows = new DataSource({ type: 'postgres', url: db.url });
    await rows.initialize();
    const [{ count }] = await rows.query('SELECT count(*)::int AS count FROM dose_alert WHERE study_instance_uid = $1', [x.studyInstanceUid]);
    await rows.destroy();
    expect(count).toBe(3);
  });
});
