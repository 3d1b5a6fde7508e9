import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getRepositoryToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import type { DoseAlertV1 } from '@kerma/contracts';
import { InProcessBus, InProcessEventPublisher, MessagingModule } from '@kerma/messaging';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl, startWebhookReceiver, type TestDatabase, type WebhookReceiver } from '@kerma/testing';
import { NotificationModule } from '../notification.module';
import { DEFAULT_ALERT_RULES } from '../rules/alert-rule';
import { AlertDelivery } from './alert-delivery.entity';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DEFAULT_DELIVERY_OPTIONS } from './delivery-options';
import { DeliveryOutbox } from './delivery-outbox';
import { WebhookSubscriber } from './webhooks/webhook-subscriber.entity';

const SITE = 'replicas';

function alert(n: number): DoseAlertV1 {
  return {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    alertId: randomUUID(),
    site: SITE,
    patient: { id: null, issuer: null, key: 'k'.repeat(64) },
    studyInstanceUid: `1.2.3.${n}`,
    metric: 'reference-air-kerma',
    measured: { value: 6, unit: 'Gy' },
    threshold: { value: 5, unit: 'Gy' },
    level: 'srdl',
    rule: { id: 'srdl.reference-air-kerma', description: 'Ka,r at or above 5 Gy', reference: 'NCRP 168' },
    raisedAt: new Date().toISOString(),
  };
}

describeIntegration(['postgres'])('two notification replicas on one PostgreSQL database share the delivery outbox', () => {
  let db: TestDatabase;
  let receiver: WebhookReceiver;
  const replicas: INestApplicationContext[] = [];

  async function replica(): Promise<INestApplicationContext> {
    const delivery = { ...DEFAULT_DELIVERY_OPTIONS, retry: { maxAttempts: 3, initialBackoffMs: 200, maxBackoffMs: 400 } };
    @Module({
      imports: [
        MessagingModule.register(new InProcessEventPublisher(new InProcessBus())),
        NotificationModule.register({ database: { kind: 'postgres', url: db.url }, rules: DEFAULT_ALERT_RULES, delivery }),
      ],
    })
    class ReplicaModule {}
    const app = await NestFactory.createApplicationContext(ReplicaModule, { logger: process.env.INT_LOG ? undefined : false });
    replicas.push(app);
    return app;
  }

  beforeAll(async () => {
    db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_delivery_replicas');
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await receiver?.stop();
    await db?.drop();
  });

  it('each delivery is sent once although both replicas enqueue every alert and dispatch at the same time', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.get<Repository<WebhookSubscriber>>(getRepositoryToken(WebhookSubscriber, 'notification')).insert({
      id: randomUUID(),
      site: SITE,
      url: `${receiver.url}/replicas`,
      eventTypes: 'dose-alert.open',
      description: null,
      secret: 'whsec_test',
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: new Date().toISOString(),
    });
    const alerts = Array.from({ length: 40 }, (_, i) => alert(i));
    // As if a rebalance handed the same messages to both replicas.
    const enqueued = await Promise.all(alerts.flatMap((x) => [a.get(DeliveryOutbox).enqueue(x), b.get(DeliveryOutbox).enqueue(x)]));
    expect(enqueued.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(40);
    a.get(DeliveryDispatcher).kick();
    b.get(DeliveryDispatcher).kick();

    const rows = a.get<Repository<AlertDelivery>>(getRepositoryToken(AlertDelivery, 'notification'));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await rows.countBy({ status: 'delivered' })) < alerts.length) await new Promise((r) => setTimeout(r, 200));
    expect(await rows.count()).toBe(alerts.length);
    expect(await rows.countBy({ status: 'delivered' })).toBe(alerts.length);
    const ids = receiver.received.map((r) => r.headers['kerma-delivery']);
    expect(ids).toHaveLength(alerts.length);
    expect(new Set(ids).size).toBe(alerts.length);
  });
});
