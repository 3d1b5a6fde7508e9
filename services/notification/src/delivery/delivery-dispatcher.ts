import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { DoseAlertV1 } from '@kerma/contracts';
import { SingleFlight } from '@kerma/platform';
import { AlertDelivery } from './alert-delivery.entity';
import type { AttemptOutcome } from './attempt-outcome';
import { retryDelayMs } from './backoff';
import { DELIVERY_OPTIONS, type DeliveryOptions } from './delivery-options';
import { alertEmailOf } from './email/alert-email';
import { EmailSender } from './email/email-sender';
import { webhookBodyOf } from './webhooks/webhook-body';
import { postWebhook } from './webhooks/webhook-sender';
import { signingSecrets, WebhookSubscriber } from './webhooks/webhook-subscriber.entity';

/** Deliveries attempted side by side per run. */
const BATCH = 20;
/** Slack beyond the attempt timeout before another process may take over a leased delivery. */
const LEASE_MARGIN_MS = 30_000;
/** The longest a due delivery waits for the dispatcher's next look at the outbox. */
const MAX_POLL_MS = 1_000;

/**
 * Sends due deliveries from the outbox: claims each with a lease (so two notification processes never
 * send one at the same time), attempts it, and records the outcome — delivered, due again after an
 * exponential backoff, or dead after the last allowed attempt. A process stopped mid-attempt leaves the
 * row pending: the next process sends it again under the same delivery id (at least once, deduplicable).
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(DeliveryDispatcher.name);
  private timer?: NodeJS.Timeout;
  private readonly runs = new SingleFlight(
    async () => {
      while (!this.runs.isStopped && (await this.runOnce()) === BATCH);
      return 'done';
    },
    (err) => this.log.error({ msg: 'delivery run failed', error: err.message }),
  );

  constructor(
    @InjectRepository(AlertDelivery, 'notification') private readonly deliveries: Repository<AlertDelivery>,
    @InjectRepository(WebhookSubscriber, 'notification') private readonly subscribers: Repository<WebhookSubscriber>,
    private readonly email: EmailSender,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), Math.min(MAX_POLL_MS, this.options.retry.initialBackoffMs));
    this.timer.unref();
    this.kick();
  }

  /** First of the shutdown hooks: no new attempt starts while the consumers and the broker connection close (which can take seconds); the one in flight completes. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runs.stop();
  }

  /** Asks for a run now; returns at once. */
  kick(): void {
    this.runs.kick();
  }

  /** Resolves once no run is in progress or asked for. */
  idle(): Promise<void> {
    return this.runs.idle();
  }

  /** Attempts up to one batch of due deliveries; returns how many were due. */
  private async runOnce(): Promise<number> {
    const now = new Date().toISOString();
    const due = await this.deliveries
      .createQueryBuilder('d')
      .where('d.status = :pending', { pending: 'pending' })
      .andWhere('d.next_attempt_at <= :now', { now })
      .andWhere('(d.leased_until IS NULL OR d.leased_until < :now)', { now })
      .orderBy('d.next_attempt_at', 'ASC')
      .take(BATCH)
      .getMany();
    await Promise.all(due.map((d) => this.claimAndAttempt(d, now)));
    return due.length;
  }

  private async claimAndAttempt(delivery: AlertDelivery, now: string): Promise<void> {
    const leasedUntil = new Date(Date.parse(now) + this.options.attemptTimeoutMs + LEASE_MARGIN_MS).toISOString();
    const claim = await this.deliveries
      .createQueryBuilder()
      .update(AlertDelivery)
      .set({ leasedUntil })
      .where('id = :id AND status = :pending AND attempts = :attempts AND (leased_until IS NULL OR leased_until < :now)', {
        id: delivery.id,
        pending: 'pending',
        attempts: delivery.attempts,
        now,
      })
      .execute();
    if (claim.affected !== 1) return; // another process took it
    const outcome = await this.attempt(delivery);
    const attempts = delivery.attempts + 1;
    const at = new Date();
    if (outcome.ok) {
      await this.deliveries.update({ id: delivery.id }, { status: 'delivered', attempts, deliveredAt: at.toISOString(), leasedUntil: null, lastError: null });
      this.log.log({
        msg: 'alert delivered',
        channel: delivery.channel,
        deliveryId: delivery.deliveryId,
        alertId: delivery.alertId,
        state: delivery.state,
        attempts,
      });
      return;
    }
    if (!outcome.retry || attempts >= this.options.retry.maxAttempts) {
      await this.deliveries.update({ id: delivery.id }, { status: 'dead', attempts, leasedUntil: null, lastError: outcome.error });
      this.log.warn({
        msg: 'alert delivery dead-lettered',
        channel: delivery.channel,
        deliveryId: delivery.deliveryId,
        alertId: delivery.alertId,
        state: delivery.state,
        attempts,
        error: outcome.error,
      });
      return;
    }
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(attempts, this.options.retry)).toISOString();
    await this.deliveries.update({ id: delivery.id }, { attempts, nextAttemptAt, leasedUntil: null, lastError: outcome.error });
    this.log.warn({
      msg: 'alert delivery failed, will retry',
      channel: delivery.channel,
      deliveryId: delivery.deliveryId,
      attempts,
      nextAttemptAt,
      error: outcome.error,
    });
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
}
