import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A receiver of a site's alert events. Its secrets sign every request and are never returned after creation or rotation. */
@Entity({ name: 'webhook_subscriber' })
export class WebhookSubscriber {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  site!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** e.g. dose-alert.open; comma-separated. */
  @Column({ name: 'event_types', type: 'varchar', length: 1024 })
  eventTypes!: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 128 })
  secret!: string;

  /** The secret replaced by the last rotation, still signing until previousSecretExpiresAt. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 128, nullable: true })
  previousSecret!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'varchar', length: 32, nullable: true })
  previousSecretExpiresAt!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt!: string;
}

/** The secrets that sign a request now: the current one, and the previous one during its grace period. */
export function signingSecrets(subscriber: WebhookSubscriber, now: Date): string[] {
  const previousValid =
    subscriber.previousSecret !== null && subscriber.previousSecretExpiresAt !== null && subscriber.previousSecretExpiresAt > now.toISOString();
  return previousValid ? [subscriber.secret, subscriber.previousSecret!] : [subscriber.secret];
}

export function eventTypesOf(subscriber: WebhookSubscriber): string[] {
  return subscriber.eventTypes.split(',').filter(Boolean);
}
