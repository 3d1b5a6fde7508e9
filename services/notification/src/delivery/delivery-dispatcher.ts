import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { DoseAlertV1 } from '@kerma/contracts';
import { LeasedOutboxDispatcher, type AttemptOutcome, type Settlement } from '@kerma/platform';
import { AlertDelivery } from './alert-delivery.entity';
import { DELIVERY_OPTIONS, type DeliveryOptions } from './delivery-options';
import { alertEmailOf } from './email/alert-email';
import { EmailSender } from './email/email-sender';
import { webhookBodyOf } from './webhooks/webhook-body';
import { postWebhook } from './webhooks/webhook-sender';
import { signingSecrets, WebhookSubscriber } from './webhooks/webhook-subscriber.entity';

/** Deliveries attempted side by side per run. */
const BATCH = 20;

/**
 * Sends due deliveries from the outbox: claims each with a lease (so two notification processes never
 * send one at the same time), attempts it, and records the outcome — delivered, due again after an
 * exponential backoff, or dead after the last allowed attempt. A process stopped mid-attempt leaves the
 * row pending: the next process sends it again under the same delivery id (at least once, deduplicable).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(DeliveryDispatcher.name);
  private readonly outbox: LeasedOutboxDispatcher<AlertDelivery, AttemptOutcome>;

  constructor(
    @InjectRepository(AlertDelivery, 'notification') deliveries: Repository<AlertDelivery>,
    @InjectRepository(WebhookSubscriber, 'notification') private readonly subscribers: Repository<WebhookSubscriber>,
    private readonly email: EmailSender,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {
    this.outbox = new LeasedOutboxDispatcher({
      rows: deliveries,
      key: 'id',
      // Nothing but the dispatcher changes a pending delivery (a replay resets only dead or delivered ones).
      version: 'attempts',
      batch: BATCH,
      attemptTimeoutMs: options.attemptTimeoutMs,
      retry: options.retry,
      succeeded: { status: 'delivered', at: 'deliveredAt' },
      failed: 'dead',
      attempt: (delivery) => this.attempt(delivery),
      settled: (delivery, outcome, settlement) => this.logSettled(delivery, outcome, settlement),
      runFailed: (err) => this.log.error({ msg: 'delivery run failed', error: err.message }),
    });
  }

  onApplicationBootstrap(): void {
    this.outbox.start();
  }

  /** First of the shutdown hooks: no new attempt starts while the consumers and the broker connection close (which can take seconds); the one in flight completes. */
  async onModuleDestroy(): Promise<void> {
    await this.outbox.stop();
  }

  /** Asks for a run now; returns at once. */
  kick(): void {
    this.outbox.kick();
  }

  /** Resolves once no run is in progress or asked for. */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  private async attempt(delivery: AlertDelivery): Promise<AttemptOutcome> {
    if (delivery.channel === 'email') {
      const alert = JSON.parse(delivery.alert) as DoseAlertV1;
      return this.email.send(delivery.site, delivery.deliveryId, alertEmailOf(alert, delivery.state, delivery.deliveryId, this.options.linkBaseUrl));
    }
    const subscriber = await this.subscribers.findOneBy({ id: delivery.target });
    if (!subscriber) return { ok: false, error: 'webhook subscriber was deleted', retry: false };
    return postWebhook(
      {
        url: subscriber.url,
        body: webhookBodyOf(delivery),
        deliveryId: delivery.deliveryId,
        eventType: delivery.eventType,
        secrets: signingSecrets(subscriber, new Date()),
      },
      this.options.attemptTimeoutMs,
    );
  }

  private logSettled(delivery: AlertDelivery, outcome: AttemptOutcome, { result, attempts, nextAttemptAt }: Settlement): void {
    const { channel, deliveryId, alertId, state } = delivery;
    const error = outcome.ok ? undefined : outcome.error;
    if (result === 'succeeded') this.log.log({ msg: 'alert delivered', channel, deliveryId, alertId, state, attempts });
    else if (result === 'failed') this.log.warn({ msg: 'alert delivery dead-lettered', channel, deliveryId, alertId, state, attempts, error });
    else this.log.warn({ msg: 'alert delivery failed, will retry', channel, deliveryId, attempts, nextAttemptAt, error });
  }
}
