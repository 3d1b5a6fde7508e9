import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { LeasedOutboxRow } from '@kerma/platform';

export const DELIVERY_CHANNELS = ['webhook', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The e-mail channel's target (webhook deliveries target their subscriber's id). */
export const EMAIL_TARGET = 'email';

/**
 * The delivery outbox: one row per (delivery id, target), written before anything is sent, so a restart
 * resumes every pending delivery and a redelivered alert can never create a second one. Its status, attempts and
 * lease are the columns of every leased outbox.
 */
@Entity({ name: 'alert_delivery' })
@Index(['deliveryId', 'target'], { unique: true })
@Index(['status', 'nextAttemptAt'])
export class AlertDelivery extends LeasedOutboxRow<DeliveryStatus> {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The same for every target of one (alert, state); what receivers deduplicate on. */
  @Column({ name: 'delivery_id', type: 'varchar', length: 36 })
  deliveryId!: string;

  @Column({ name: 'alert_id', type: 'varchar', length: 36 })
  alertId!: string;

  @Column({ type: 'varchar', length: 32 })
  state!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 64 })
  eventType!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: DeliveryChannel;

  /** Webhook subscriber id, or 'email'. */
  @Column({ type: 'varchar', length: 36 })
  target!: string;

  /** The alert event as received (JSON); webhook bodies and e-mails are built from it, identically on every attempt. */
  @Column({ type: 'text' })
  alert!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;

  @Column({ name: 'delivered_at', type: 'varchar', length: 32, nullable: true })
  deliveredAt!: string | null;
}
