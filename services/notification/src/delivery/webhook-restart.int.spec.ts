import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SkinDoseCalculatedV1, SkinDoseCalculatedV2, StudyParsedV1, StudyParsedV2, type StudyParsedV1 as StudyParsed } from '@kerma/contracts';
import { ensureTopics, KafkaEventPublisher, KermaKafkaServer, MessagingModule } from '@kerma/messaging';
import {
  createTestDatabase,
  describeIntegration,
  eventually,
  findFreePort,
  integrationKafkaBrokers,
  integrationPgAdminUrl,
  skipEarlierMessages,
  startWebhookReceiver,
  type TestDatabase,
  type WebhookReceiver,
} from '@kerma/testing';
import { studyParsedV1Message } from '@kerma/testing/messages';
import { NotificationModule } from '../notification.module';
import { DEFAULT_ALERT_RULES } from '../rules/alert-rule';
import { deliveryIdOf } from './alert-state';
import { DEFAULT_DELIVERY_OPTIONS } from './delivery-options';
import { verifySignature } from './webhooks/signature';

const site = `int-${randomUUID().slice(0, 8)}`;

/** A parsed study whose reference air kerma (10 × 0.6 Gy) reaches the 5 Gy SRDL rule, its kerma-area product (100 Gy·cm²) no rule: notification raises one alert. */
const studyParsed = (seed: number): StudyParsed =>
  studyParsedV1Message({
    site,
    patient: { id: `PAT-${site}`, issuer: null },
    report: { seed, events: 10, mapEvent: (e) => ({ ...e, doseRpGy: 0.6, dapGyM2: 0.001 }) },
  });

describeIntegration(['kafka', 'postgres'])('notification on Kafka and PostgreSQL: webhook retries survive a notification restart', () => {
  const settings = { brokers: integrationKafkaBrokers(), serviceId: `kerma-notification-${site}`, partitions: 3, replicationFactor: 1 };
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  let publisher: KafkaEventPublisher;
  let app: INestApplication | undefined;
  let url = '';

  async function startNotification(initialBackoffMs: number): Promise<INestApplication> {
    const delivery = { ...DEFAULT_DELIVERY_OPTIONS, retry: { maxAttempts: 5, initialBackoffMs, maxBackoffMs: initialBackoffMs * 4 } };
    @Module({
      imports: [
        MessagingModule.register(new KafkaEventPublisher(settings)),
        NotificationModule.register({ database: { kind: 'postgres', url: db.url }, rules: DEFAULT_ALERT_RULES, delivery }),
      ],
    })
    class TestModule {}
    const started = await NestFactory.create(TestModule, { logger: process.env.INT_LOG ? undefined : false });
    started.connectMicroservice({ strategy: new KermaKafkaServer(settings) });
    const port = await findFreePort();
    await started.listen(port, '127.0.0.1');
    await started.startAllMicroservices();
    url = `http://127.0.0.1:${port}`;
    return started;
  }

  beforeAll(async () => {
    await ensureTopics(settings);
    // A new group would first read every earlier suite's studies and skin doses on this broker.
    await skipEarlierMessages(settings.brokers, settings.serviceId, [
      StudyParsedV1.topic,
      StudyParsedV2.topic,
      SkinDoseCalculatedV1.topic,
      SkinDoseCalculatedV2.topic,
    ]);
    db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_delivery_int');
    receiver = await startWebhookReceiver();
    publisher = new KafkaEventPublisher(settings);
  });

  afterAll(async () => {
    await app?.close();
    await publisher?.onApplicationShutdown();
    await receiver?.stop();
    await db?.drop();
  });

  it('delivers the alert raised from a Kafka event once, under one delivery id, after failures before and after a restart', async () => {
    // A long first backoff: the restart happens between the first and the second attempt.
    app = await startNotification(5000);
    const created = await fetch(`${url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site, url: `${receiver.url}/ward`, eventTypes: ['dose-alert.open'] }),
    });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    receiver.failNext('/ward', 2, 503);

    const study = studyParsed(Date.now() % 1_000_000);
    await publisher.publish(StudyParsedV1, study);
    await eventually(async () => (receiver.received.length >= 1 ? true : undefined), 'the first attempt');
    await app.close();
    expect(receiver.received.map((r) => r.status)).toEqual([503]);

    app = await startNotification(300);
    await eventually(async () => (receiver.received.some((r) => r.status === 204) ? true : undefined), 'the delivery after the restart');
    await new Promise((r) => setTimeout(r, 1500)); // nothing more may follow

    const bodies = receiver.received.map(
      (r) => JSON.parse(r.body) as { deliveryId: string; alert: { alertId: string; studyInstanceUid: string; metric: string } },
    );
    expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 204]);
    const alertId = bodies[0].alert.alertId;
    expect(bodies.map((b) => [b.alert.studyInstanceUid, b.alert.metric, b.deliveryId])).toEqual(
      Array(3).fill([study.studyInstanceUid, 'reference-air-kerma', deliveryIdOf(alertId, 'open')]),
    );
    for (const request of receiver.received) {
      expect(request.headers['kerma-delivery']).toBe(deliveryIdOf(alertId, 'open'));
      expect(verifySignature(String(request.headers['kerma-signature']), request.body, [secret], Math.floor(Date.now() / 1000))).toEqual({ ok: true });
    }

    const rows = new DataSource({ type: 'postgres', url: db.url });
    await rows.initialize();
    const stored = await rows.query('SELECT status, attempts FROM alert_delivery WHERE alert_id = $1', [alertId]);
    await rows.destroy();
    expect(stored).toEqual([{ status: 'delivered', attempts: 3 }]);
  });
});
