import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { DoseAlertV1 } from '@kerma/contracts';
import { nameBasedUuid } from '@kerma/contracts';
import { AlertDelivery, EMAIL_TARGET, type DeliveryChannel } from './alert-delivery.entity';
import { alertStateOf, deliveryIdOf, eventTypeOf } from './alert-state';
import { DELIVERY_OPTIONS, type DeliveryOptions } from './delivery-options';
import { eventTypesOf, WebhookSubscriber } from './webhooks/webhook-subscriber.entity';

/**
 * Turns each alert event into its deliveries: one row per target (each subscriber of the site and
 * event type, and the site's e-mail recipients), keyed by (delivery id, target). A redelivered event
 * inserts nothing new; the dispatcher sends what the rows say.
 */
@Injectable()
export class DeliveryOutbox {
  private readonly log = new Logger(DeliveryOutbox.name);

  constructor(
    @InjectRepository(AlertDelivery, 'notification') private readonly deliveries: Repository<AlertDelivery>,
    @InjectRepository(WebhookSubscriber, 'notification') private readonly subscribers: Repository<WebhookSubscriber>,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {}

  /** Returns how many deliveries are new. */
  async enqueue(alert: DoseAlertV1, now: Date = new Date()): Promise<number> {
    const state = alertStateOf(alert);
    const eventType = eventTypeOf(state);
    const deliveryId = deliveryIdOf(alert.alertId, state);
    const targets: { channel: DeliveryChannel; target: string }[] = (await this.subscribers.findBy({ site: alert.site }))
      .filter((s) => eventTypesOf(s).includes(eventType))
      .map((s) => ({ channel: 'webhook', target: s.id }));
    if ((this.options.email?.recipientsBySite[alert.site]?.length ?? 0) > 0) targets.push({ channel: 'email', target: EMAIL_TARGET });
    if (targets.length === 0) return 0;
    const at = now.toISOString();
    const rows = targets.map(({ channel, target }) => ({
      id: nameBasedUuid(['kerma.alert-delivery.target', deliveryId, target]),
      deliveryId,
      alertId: alert.alertId,
      state,
      eventType,
      site: alert.site,
      channel,
      target,
      alert: JSON.stringify(alert),
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: at,
      leasedUntil: null,
      lastError: null,
      createdAt: at,
      deliveredAt: null,
    }));
    const known = new Set((await this.deliveries.findBy(rows.map((r) => ({ id: r.id })))).map((r) => r.id));
    const fresh = rows.filter((r) => !known.has(r.id));
    // ON CONFLICT DO NOTHING (INSERT OR IGNORE in SQLite): a concurrent consumer of the same event wins, nothing doubles.
    if (fresh.length > 0) await this.deliveries.createQueryBuilder().insert().into(AlertDelivery).values(fresh).orIgnore().execute();
    if (fresh.length > 0) this.log.log({ msg: 'alert deliveries queued', alertId: alert.alertId, state, deliveryId, targets: fresh.map((r) => r.channel) });
    return fresh.length;
  }
}
